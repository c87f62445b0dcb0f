/// A batch of padded data (RETURNN `batch_to_raw_dict`): per key a batch-major `[B, T, ...]`
/// zero-padded array plus the sequence lengths, and per slice the sequence index and tag.
public struct Batch: Sendable {
    /// Padded values of one key.
    public struct Padded: Sendable, Equatable {
        /// Flat row-major values of shape `shape`.
        public var values: SeqData.Values
        /// `[B, T] + frame shape`.
        public var shape: [Int]
        /// Frames per slice (`<key>_seq_lens`).
        public var seqLens: [Int]
    }

    /// The layout this batch was built from.
    public let plan: BatchPlan
    /// Padded data per key.
    public let data: [String: Padded]
    /// Sequence index per slice (of the first part in the slice).
    public let seqIdx: [Int]
    /// Tag per slice.
    public let seqTags: [String]

    /// Number of slices (B).
    public var batchSize: Int { plan.numSlices }

    /// Reads the data of `plan` from `dataset` (which must still be in the same epoch) and pads it.
    /// `keys` defaults to all data keys. Frames outside a sequence (context windows) are zeros.
    public init(plan: BatchPlan, dataset: any Dataset, keys: [String]? = nil) throws {
        let keys = keys ?? dataset.dataKeys
        if let s = plan.startSeq, let e = plan.endSeq { try dataset.loadSeqs(s, e) }
        let b = plan.numSlices
        var data = [String: Padded]()
        for key in keys {
            try dataset.checkKey(key)
            let t = plan.maxNumFramesPerSlice[key] ?? 0
            var lens = [Int](repeating: 0, count: b)
            var pieces = [(src: SeqData, start: Int, end: Int, slice: Int, offset: Int)]()
            for part in plan.seqs {
                let src = try dataset.data(part.seqIdx, key: key)
                let start = part.seqStartFrame[key] ?? 0
                let end = part.seqEndFrame[key] ?? src.length
                let offset = part.batchFrameOffset[key] ?? 0
                guard end >= start, offset + end - start <= t else {
                    throw DatasetError.invalidData(dataset: dataset.name, message: "batch part of seq \(part.seqIdx) key '\(key)' frames [\(start), \(end)) at offset \(offset) does not fit \(t) frames")
                }
                lens[part.batchSlice] = Swift.max(lens[part.batchSlice], offset + end - start)
                pieces.append((src, start, end, part.batchSlice, offset))
            }
            let frameShape: [Int]
            if let first = pieces.first {
                frameShape = Array(first.src.shape.dropFirst())
                for p in pieces where Array(p.src.shape.dropFirst()) != frameShape || p.src.dtype != first.src.dtype {
                    throw DatasetError.invalidData(dataset: dataset.name, message: "key '\(key)': sequences differ in frame shape or dtype (\(first.src.dtype)\(frameShape) vs \(p.src.dtype)\(Array(p.src.shape.dropFirst())))")
                }
            } else {
                frameShape = try dataset.dataSpec(key).shape
            }
            let fs = frameShape.reduce(1, *)
            let dtype = try pieces.first?.src.dtype ?? dataset.dataSpec(key).dtype
            let values = Batch.pad(dtype: dtype, count: b * t * fs, pieces: pieces.map { p in
                (p.src.values, p.src.length, p.start, p.end, (p.slice * t + p.offset) * fs)
            }, frameSize: fs)
            data[key] = Padded(values: values, shape: [b, t] + frameShape, seqLens: lens)
        }
        var idx = [Int](repeating: -1, count: b)
        var tags = [String](repeating: "", count: b)
        for part in plan.seqs where idx[part.batchSlice] < 0 {
            idx[part.batchSlice] = part.seqIdx
            tags[part.batchSlice] = try dataset.tag(part.seqIdx)
        }
        self.plan = plan
        self.data = data
        self.seqIdx = idx
        self.seqTags = tags
    }

    typealias Piece = (values: SeqData.Values, length: Int, start: Int, end: Int, destination: Int)

    /// Zero-filled storage of `count` elements with every piece's frames `[start, end)` copied to
    /// `destination` (frames outside `[0, length)` stay zero).
    static func pad(dtype: DataType, count: Int, pieces: [Piece], frameSize fs: Int) -> SeqData.Values {
        func fill<T>(_ zero: T, _ get: (SeqData.Values) -> [T]) -> [T] {
            var out = [T](repeating: zero, count: count)
            for p in pieces {
                let src = get(p.values)
                let lo = Swift.max(p.start, 0)
                let hi = Swift.min(p.end, p.length)
                guard hi > lo else { continue }
                let dst = p.destination + (lo - p.start) * fs
                out.replaceSubrange(dst..<(dst + (hi - lo) * fs), with: src[(lo * fs)..<(hi * fs)])
            }
            return out
        }
        switch dtype {
        case .float32: return .float32(fill(0) { if case .float32(let a) = $0 { return a }; return [] })
        case .float64: return .float64(fill(0) { if case .float64(let a) = $0 { return a }; return [] })
        case .int8: return .int8(fill(0) { if case .int8(let a) = $0 { return a }; return [] })
        case .int16: return .int16(fill(0) { if case .int16(let a) = $0 { return a }; return [] })
        case .int32: return .int32(fill(0) { if case .int32(let a) = $0 { return a }; return [] })
        case .int64: return .int64(fill(0) { if case .int64(let a) = $0 { return a }; return [] })
        case .uint8: return .uint8(fill(0) { if case .uint8(let a) = $0 { return a }; return [] })
        }
    }
}
