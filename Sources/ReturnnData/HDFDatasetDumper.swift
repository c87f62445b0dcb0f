/// Dumps any dataset to an HDF file that `HDFDataset` reads back (upstream
/// `HDFDatasetWriter.dump_from_dataset`, used by `tools/hdf_dump.py`; layout of `HDFDumpWriter`).
///
/// Keys `orth` and `raw` are skipped. The input key is "data" if present, else the single
/// non-target key (else none, and every key is a target); a target named "data" is stored as
/// "classes". Dtypes are preserved. Labels are kept where the dataset has one per class.
public enum HDFDatasetDumper {
    /// Writes sequences `startSeq...endSeq` (inclusive; nil = to the end) of `epoch` to `path`
    /// and returns the number of sequences written. Starts the epoch itself.
    @discardableResult
    public static func dump(_ dataset: any Dataset, to path: String, epoch: Int = 1, startSeq: Int = 0,
                            endSeq: Int? = nil) throws -> Int {
        try dataset.initSeqOrder(epoch: epoch)
        let keys = dataset.dataKeys.filter { $0 != "orth" && $0 != "raw" }
        let nonTargets = keys.filter { !dataset.targetList.contains($0) }
        let inputKey: String? = keys.contains("data") ? "data" : (nonTargets.count == 1 ? nonTargets[0] : nil)
        var dumpKeys = [HDFDumpKey]()
        for k in keys {
            let spec = try dataset.dataSpec(k)
            let labels = dataset.labels[k].flatMap { $0.count == spec.dim && !$0.isEmpty ? $0 : nil }
            dumpKeys.append(HDFDumpKey(name: k, dim: spec.dim, ndim: spec.ndim, dtype: elementType(spec.dtype),
                                       frameShape: spec.shape, labels: labels))
        }
        var seqs = [HDFDumpSeq]()
        var seqIdx = startSeq
        while try dataset.isLessThanNumSeqs(seqIdx), endSeq.map({ seqIdx <= $0 }) ?? true {
            try dataset.loadSeqs(seqIdx, seqIdx + 1)
            var data = [String: HDFArray]()
            for k in keys { data[k] = hdfArray(try dataset.data(seqIdx, key: k)) }
            seqs.append(HDFDumpSeq(tag: try dataset.tag(seqIdx), data: data))
            seqIdx += 1
        }
        let numInputs = try inputKey.map { try dataset.dataSpec($0).dim } ?? 0
        try HDFDumpWriter.write(path: path, inputKey: inputKey, keys: dumpKeys, numInputs: numInputs, seqs: seqs)
        return seqs.count
    }

    /// The HDF element type of a `DataType`.
    public static func elementType(_ t: DataType) -> H5ElementType {
        switch t {
        case .float32: return .float32
        case .float64: return .float64
        case .int8: return .int8
        case .uint8: return .uint8
        case .int16: return .int16
        case .int32: return .int32
        case .int64: return .int64
        }
    }

    /// `SeqData` as an `HDFArray` (same values and shape).
    public static func hdfArray(_ d: SeqData) -> HDFArray {
        switch d.values {
        case .float32(let v): return HDFArray(shape: d.shape, v)
        case .float64(let v): return HDFArray(shape: d.shape, v)
        case .int8(let v): return HDFArray(shape: d.shape, v)
        case .uint8(let v): return HDFArray(shape: d.shape, v)
        case .int16(let v): return HDFArray(shape: d.shape, v)
        case .int32(let v): return HDFArray(shape: d.shape, v)
        case .int64(let v): return HDFArray(shape: d.shape, v)
        }
    }
}
