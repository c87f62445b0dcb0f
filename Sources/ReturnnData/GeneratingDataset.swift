/// Base of the datasets that synthesise their sequences (RETURNN `GeneratingDataset`).
///
/// Sequence content depends only on (epoch seed, corpus index): before generating corpus
/// sequence `i`, the generator is seeded with `RandomState((epochSeed, i))` (numpy
/// `init_by_array`), so data is identical whatever the order or access pattern. Tags are
/// `seq-<corpus idx>`. `seq_ordering` "sorted"/"sorted_reverse" is reset to "default" (dev/eval
/// request "sorted" by default, so they end up in corpus order). `numSeqs: nil` is an infinite
/// dataset, which needs the default ordering.
public class GeneratingDataset: Dataset {
    /// RETURNN class name (overridden by each concrete dataset).
    public class var className: String { "GeneratingDataset" }

    /// Common options (sorted orders already reset to default).
    public let options: DatasetOptions
    /// Keys, "data" first.
    public let dataKeys: [String]
    /// Keys other than "data".
    public let targetList: [String]
    /// Label names per key.
    public let labels: [String: [String]]
    /// RETURNN `num_inputs` (feature dim of "data" before windowing), if any.
    public let inputDim: Int?
    /// Corpus size; `nil` = infinite.
    public let totalNumSeqs: Int?
    let specs: [String: DataSpec]

    /// Current epoch.
    public private(set) var epoch: Int?
    /// Sequences in the current (sub-)epoch; `nil` = infinite.
    public private(set) var numSeqs: Int?
    var seqOrder: [Int]?
    var cache: [Int: [String: SeqData]] = [:]
    /// Most sequences kept in memory when nobody calls `loadSeqs` (e.g. while only planning batches).
    static let cacheLimit = 4096
    var cacheStart = 0

    /// Sets up keys and specs. `outputs` are the keys in order; a dense "data" of
    /// `inputDim * window` is added first when `inputDim` is given and "data" is not in `outputs`.
    /// `dataFirst: false` keeps the order of `outputs`; `targets` overrides the target list.
    init(options: DatasetOptions, inputDim: Int?, outputs: [(String, DataSpec)], numSeqs: Int?,
         labels: [String: [String]] = [:], dataFirst: Bool = true, targets: [String]? = nil) throws {
        var opts = options
        if opts.seqOrdering == .sorted || opts.seqOrdering == .sortedReverse { opts.seqOrdering = .default }
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        if let n = numSeqs, n < 0 { throw bad("num_seqs", "must be >= 0, got \(n)") }
        if numSeqs == nil && opts.seqOrdering != .default {
            throw bad("seq_ordering", "an infinite dataset (num_seqs=inf) only supports 'default', got '\(opts.seqOrdering)'")
        }
        var specs = [String: DataSpec]()
        var keys = [String]()
        if let d = inputDim, !outputs.contains(where: { $0.0 == "data" }) {
            specs["data"] = .dense(d * opts.window)
            keys.append("data")
        } else if opts.window > 1 {
            throw bad("window", "is only supported for datasets with dense one-hot 'data' input (e.g. Task12AXDataset); use window=1")
        }
        for (k, s) in outputs {
            guard specs[k] == nil else { throw bad("output_dim", "data key '\(k)' given twice") }
            specs[k] = s
            if k == "data" && dataFirst { keys.insert(k, at: 0) } else { keys.append(k) }
        }
        self.options = opts
        self.specs = specs
        self.dataKeys = keys
        self.targetList = targets ?? keys.filter { $0 != "data" }
        self.labels = labels
        self.inputDim = inputDim
        self.totalNumSeqs = numSeqs
    }

    /// Generates one corpus sequence with an already seeded generator (overridden by each dataset).
    func generate(corpusSeqIdx: Int, random: inout NumpyRandomState) throws -> [String: SeqData] {
        preconditionFailure("\(Self.self) must override generate(corpusSeqIdx:random:)")
    }

    /// Spec of `key`.
    public func dataSpec(_ key: String) throws -> DataSpec {
        guard let s = specs[key] else { throw DatasetError.unknownDataKey(dataset: name, key: key, available: dataKeys) }
        return s
    }

    /// Computes this epoch's order (none for an infinite dataset).
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        self.epoch = epoch
        cache = [:]
        cacheStart = 0
        if let total = totalNumSeqs {
            let order = epoch == nil || total == 0
                ? [] : try options.seqOrder(epoch: epoch, numSeqs: total, seqLength: nil, allTags: { self.allTagsUnchecked() })
            seqOrder = order
            numSeqs = order.count
        } else {
            seqOrder = nil
            numSeqs = nil
        }
        return true
    }

    /// Starts `epoch` with a given order of corpus indices.
    public func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws {
        if let total = totalNumSeqs, let bad = corpusOrder.first(where: { $0 < 0 || $0 >= total }) {
            throw DatasetError.invalidOption(dataset: name, option: "seq_order", message: "corpus index \(bad) outside [0, \(total))")
        }
        self.epoch = epoch
        cache = [:]
        cacheStart = 0
        seqOrder = corpusOrder
        numSeqs = corpusOrder.count
    }

    /// Generates corpus sequence `corpusSeqIdx` for the current epoch (RETURNN `get_corpus_seq`),
    /// windowed when `window > 1`.
    public func corpusSeq(_ corpusSeqIdx: Int) throws -> [String: SeqData] {
        let seed = options.randomSeed(epoch: epoch)
        var rnd: NumpyRandomState
        do {
            rnd = try NumpyRandomState(seedArray: [seed, corpusSeqIdx])
        } catch {
            throw DatasetError.invalidOption(dataset: name, option: "random_seed_offset",
                                             message: "seed (\(seed), \(corpusSeqIdx)) is outside numpy's range; use non-negative seeds")
        }
        var seq = try generate(corpusSeqIdx: corpusSeqIdx, random: &rnd)
        if options.window > 1, let d = seq["data"] {
            seq["data"] = SlidingWindow.apply(d, window: options.window)
        }
        return seq
    }

    func checkIndex(_ seqIdx: Int) throws {
        guard epoch != nil else {
            throw DatasetError.unavailable(dataset: name, message: "no epoch started; call initSeqOrder(epoch:) first")
        }
        guard seqIdx >= 0, numSeqs.map({ seqIdx < $0 }) ?? true else {
            throw DatasetError.unavailable(dataset: name, message: "seq index \(seqIdx) outside [0, \(numSeqs ?? 0)) of epoch \(epoch!)")
        }
    }

    func seq(_ seqIdx: Int) throws -> [String: SeqData] {
        if let s = cache[seqIdx] { return s }
        try checkIndex(seqIdx)
        let s = try corpusSeq(try corpusSeqIdx(seqIdx)!)
        if cache.count >= GeneratingDataset.cacheLimit {
            // Sequences are regenerated identically on demand, so dropping far-behind ones is safe.
            cache = cache.filter { $0.key >= seqIdx - GeneratingDataset.cacheLimit / 2 }
        }
        cache[seqIdx] = s
        return s
    }

    /// Generates `[start, end)` and drops sequences before `start`.
    public func loadSeqs(_ start: Int, _ end: Int) throws {
        if start > cacheStart {
            cache = cache.filter { $0.key >= start }
            cacheStart = start
        }
        let upper = numSeqs.map { Swift.min(end, $0) } ?? end
        guard start < upper else { return }
        for i in start..<upper { _ = try seq(i) }
    }

    /// Lengths per key.
    public func seqLength(_ seqIdx: Int) throws -> NumbersDict {
        let s = try seq(seqIdx)
        return NumbersDict(orderedPairs: dataKeys.compactMap { k in s[k].map { (k, $0.length) } })
    }

    /// Data of one key.
    public func data(_ seqIdx: Int, key: String) throws -> SeqData {
        let s = try seq(seqIdx)
        guard let d = s[key] else { throw DatasetError.unknownDataKey(dataset: name, key: key, available: dataKeys) }
        return d
    }

    /// `seq-<corpus idx>`.
    public func tag(_ seqIdx: Int) throws -> String {
        try checkIndex(seqIdx)
        return "seq-\(try corpusSeqIdx(seqIdx)!)"
    }

    func allTagsUnchecked() -> [String] { (0..<(totalNumSeqs ?? 0)).map { "seq-\($0)" } }

    /// `seq-0 ... seq-(n-1)`; throws for an infinite dataset.
    public func allTags() throws -> [String] {
        guard totalNumSeqs != nil else {
            throw DatasetError.unavailable(dataset: name, message: "an infinite dataset has no tag list; set num_seqs")
        }
        return allTagsUnchecked()
    }

    /// Position in the current order → corpus index.
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? {
        guard let order = seqOrder else { return seqIdx }
        guard seqIdx >= 0, seqIdx < order.count else {
            throw DatasetError.unavailable(dataset: name, message: "seq index \(seqIdx) outside [0, \(order.count))")
        }
        return order[seqIdx]
    }

    /// The current epoch's order of corpus indices (`get_current_seq_order`).
    public var currentSeqOrder: [Int]? { seqOrder }

    /// One-hot float32 frames `[T, numClasses]` of class indices (`class_idx_seq_to_1_of_k`).
    static func oneHot(_ idx: [Int], numClasses: Int) -> SeqData {
        var v = [Float](repeating: 0, count: idx.count * numClasses)
        for (t, c) in idx.enumerated() { v[t * numClasses + c] = 1 }
        return SeqData(.float32(v), shape: [idx.count, numClasses])
    }

    /// Character indices of `s` in `alphabet` (every char must be in the alphabet).
    static func indices(_ s: [Character], in alphabet: [Character]) -> [Int] {
        s.map { c in alphabet.firstIndex(of: c)! }
    }
}
