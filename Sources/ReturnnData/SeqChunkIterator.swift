/// One chunk of one sequence: frames `[start[key], end[key])` per key (RETURNN `iterate_seqs` item).
public struct SeqChunk: Sendable, Equatable {
    /// Sequence index in the current epoch.
    public var seqIdx: Int
    /// First frame per key.
    public var start: NumbersDict
    /// End frame (exclusive) per key.
    public var end: NumbersDict
}

/// Walks the sequences of the current epoch and cuts them into chunks (RETURNN `Dataset.iterate_seqs`).
///
/// Without chunking (or for non-recurrent networks) every sequence is one chunk. With chunking,
/// chunks `[t, min(t + size, len))` are produced with `t += step` until `len - t <= min_chunk_size`
/// for some key. Keys of length <= 1 get the whole sequence in every chunk; keys with the same step
/// as the default key ("data", else the first used key with a positive step) must have its length,
/// keys with another step must give the same number of chunks.
public struct SeqChunkIterator {
    let dataset: any Dataset
    let chunking: Chunking
    let minChunkSize: NumbersDict
    let usedDataKeys: [String]?
    var seqIdx = 0
    /// The epoch's `rnd_seq_drop` generator (`random.Random(epoch seed)`), shared with `seq_drop`.
    public var random: PythonRandom
    var pending: [SeqChunk] = []
    var pendingPos = 0

    /// Iterates `dataset` (its epoch must be initialised). `recurrent: false` ignores chunking.
    public init(dataset: any Dataset, recurrent: Bool = true, usedDataKeys: Set<String>? = nil) {
        self.dataset = dataset
        self.chunking = recurrent ? dataset.options.chunking : .none
        self.minChunkSize = dataset.options.minChunkSize
        self.usedDataKeys = usedDataKeys?.sorted()
        self.random = PythonRandom(seed: dataset.options.randomSeed(epoch: dataset.epoch))
    }

    /// The next chunk, or `nil` at the end of the epoch.
    public mutating func next() throws -> SeqChunk? {
        while pendingPos >= pending.count {
            guard try dataset.isLessThanNumSeqs(seqIdx) else { return nil }
            pending = try chunks(of: seqIdx)
            pendingPos = 0
            seqIdx += 1
        }
        pendingPos += 1
        return pending[pendingPos - 1]
    }

    mutating func chunks(of s: Int) throws -> [SeqChunk] {
        var length = try dataset.seqLength(s)
        if !chunking.isEnabled {
            return [SeqChunk(seqIdx: s, start: NumbersDict.constantLike(0, length), end: length)]
        }
        var size = chunking.size
        var step = chunking.step
        let name = dataset.name
        var defaultKey = "data"
        if let used = usedDataKeys {
            var restricted = NumbersDict(nil)
            for k in used {
                guard let v = length[k] else {
                    throw DatasetError.unknownDataKey(dataset: name, key: k, available: length.keys)
                }
                restricted[k] = v
            }
            length = restricted
            if !used.contains("data") { defaultKey = used[0] }
            if (step[defaultKey] ?? 0) == 0 {
                guard let k = used.first(where: { (step[$0] ?? 0) > 0 }) else {
                    throw DatasetError.invalidOption(dataset: name, option: "chunking", message: "no used data key has a positive chunk step (\(step))")
                }
                defaultKey = k
            }
            let variance = dataset.options.chunkingVariance
            if variance > 0 {
                (size, step) = try varied(used: used, factor: 1.0 - random.random() * variance)
            }
        }
        guard let stepDefault = step[defaultKey], stepDefault > 0, let lenDefault = length[defaultKey] else {
            throw DatasetError.invalidOption(dataset: name, option: "chunking",
                                             message: "needs a positive chunk step and a length for data key '\(defaultKey)' (step \(step), length \(length))")
        }
        var fullKeys = [String]()
        for k in length.keys {
            let lk = length[k]!
            let sk = step[k] ?? 0
            if sk == stepDefault && lk == lenDefault { continue }
            if lk <= 1 {
                fullKeys.append(k)
                continue
            }
            if sk == stepDefault {
                throw DatasetError.invalidData(dataset: name, message: "Chunking with multiple data-keys of different length: \(length) (seq \(s)); give per-key chunk sizes/steps in the same ratio as the lengths")
            }
            let limit = Swift.max(minChunkSize[k] ?? 0, 1)
            let limitDefault = Swift.max(minChunkSize[defaultKey] ?? 0, 1)
            guard sk > 0, floorDiv(lk - limit, sk) + 1 == floorDiv(lenDefault - limitDefault, stepDefault) + 1 else {
                throw DatasetError.invalidData(dataset: name, message: "chunking seq \(s): length \(length), chunk size/step \(size)/\(step) give a different number of chunks for key '\(k)' than for '\(defaultKey)'")
            }
        }
        var out = [SeqChunk]()
        var t = NumbersDict.constantLike(0, length)
        while lenDefault > t[defaultKey]! {
            var start = t
            var end = NumbersDict.min([t + size, length])
            for k in fullKeys {
                start[k] = 0
                end[k] = length[k]!
            }
            if length.value == nil {
                start.value = nil
                end.value = nil
            }
            out.append(SeqChunk(seqIdx: s, start: start, end: end))
            t = t + step
            if length.keys.contains(where: { length[$0]! - t[$0]! <= (minChunkSize[$0] ?? 0) }) { break }
        }
        return out
    }

    /// Upstream's `chunking_variance` scaling: every used key's size/step scaled by `factor` (at least 1),
    /// keys whose size is a multiple of the smallest-step key's size keep that ratio.
    func varied(used: [String], factor: Double) throws -> (NumbersDict, NumbersDict) {
        let size0 = chunking.size
        let step0 = chunking.step
        var size = size0
        var step = step0
        for k in used {
            size[k] = Swift.max(Int(Double(size0[k] ?? 0) * factor), 1)
            step[k] = Swift.max(Int(Double(step0[k] ?? 0) * factor), 1)
        }
        let byStep = used.sorted { ((step0[$0] ?? 0), $0) < ((step0[$1] ?? 0), $1) }
        guard let smallest = byStep.first(where: { (step0[$0] ?? 0) > 0 }) else {
            throw DatasetError.invalidOption(dataset: dataset.name, option: "chunking", message: "no used data key has a positive chunk step (\(step0))")
        }
        let base = size0[smallest] ?? 0
        for k in used {
            let sk = size0[k] ?? 0
            if sk > base, base > 0, sk % base == 0 {
                size[k] = size[smallest]! * (sk / base)
                step[k] = step[smallest]! * (sk / base)
            }
        }
        return (size, step)
    }

    func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
