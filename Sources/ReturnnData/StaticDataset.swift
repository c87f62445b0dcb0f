/// In-memory dataset from a list of sequences (RETURNN `StaticDataset`).
///
/// Keys are sorted with "data" moved first; the target list defaults to all keys but "data".
/// Dims not given are inferred from the first sequence: the last axis for `[T, D]` data and 0 for
/// `[T]` data (as upstream); ndim is the array rank. Tags are `seq-<corpus idx>`. Supports every
/// ordering, sorting by the length of the first key. Starts in epoch 1, as upstream.
public final class StaticDataset: Dataset {
    /// RETURNN class name.
    public static let className = "StaticDataset"

    /// Common options.
    public let options: DatasetOptions
    /// The sequences in corpus order.
    public let sequences: [[String: SeqData]]
    /// Keys, "data" first, then sorted.
    public let dataKeys: [String]
    /// Targets.
    public let targetList: [String]
    /// Labels per key.
    public let labels: [String: [String]]
    let specs: [String: DataSpec]
    var order: [Int] = []

    /// Current epoch.
    public private(set) var epoch: Int?

    /// `StaticDataset(data, target_list=None, input_dim=None, output_dim=None)`; `outputDim` maps
    /// key → (dim, ndim) like upstream's `output_dim` dict.
    public init(data: [[String: SeqData]], targetList: [String]? = nil, inputDim: Int? = nil,
                outputDim: [String: (dim: Int, ndim: Int)] = [:], labels: [String: [String]] = [:],
                options: DatasetOptions) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        guard let first = data.first else { throw bad("data", "needs at least one sequence") }
        var keys = first.keys.sorted()
        if let i = keys.firstIndex(of: "data") {
            keys.remove(at: i)
            keys.insert("data", at: 0)
        }
        if let tl = targetList {
            for k in tl where !keys.contains(k) { throw bad("target_list", "key '\(k)' is not in the data (keys: \(keys))") }
        }
        var dims = outputDim
        if let d = inputDim, dims["data"] == nil {
            guard keys.contains("data") else { throw bad("input_dim", "given but the data has no 'data' key") }
            dims["data"] = (d, 2)
        }
        var specs = [String: DataSpec]()
        for k in keys {
            let x = first[k]!
            let given = dims[k] ?? (x.shape.count >= 2 ? x.shape.last! : 0, x.shape.count)
            guard given.ndim == x.shape.count else {
                throw bad("output_dim", "key '\(k)': ndim \(given.ndim) does not match the data rank \(x.shape.count)")
            }
            if x.shape.count >= 2, given.dim != x.shape.last! {
                throw bad("output_dim", "key '\(k)': dim \(given.dim) does not match the data's last axis \(x.shape.last!)")
            }
            specs[k] = DataSpec(dim: given.dim, sparse: given.ndim <= 1, dtype: x.dtype, shape: Array(x.shape.dropFirst()))
        }
        for k in dims.keys where !keys.contains(k) { throw bad("output_dim", "key '\(k)' is not in the data (keys: \(keys))") }
        for (i, seq) in data.enumerated() {
            guard Set(seq.keys) == Set(keys) else {
                throw bad("data", "sequence \(i) has keys \(seq.keys.sorted()), expected \(keys)")
            }
            for k in keys where seq[k]!.dtype != specs[k]!.dtype || Array(seq[k]!.shape.dropFirst()) != specs[k]!.shape {
                throw bad("data", "sequence \(i) key '\(k)': dtype/shape \(seq[k]!.dtype)\(seq[k]!.shape) differs from the first sequence")
            }
        }
        self.options = options
        self.sequences = data
        self.dataKeys = keys
        self.targetList = targetList ?? keys.filter { $0 != "data" }
        self.labels = labels
        self.specs = specs
        try initSeqOrder(epoch: 1)
    }

    /// Spec of `key`.
    public func dataSpec(_ key: String) throws -> DataSpec {
        guard let s = specs[key] else { throw DatasetError.unknownDataKey(dataset: name, key: key, available: dataKeys) }
        return s
    }

    /// Orders the sequences for `epoch`.
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        self.epoch = epoch
        let k = dataKeys[0]
        order = try options.seqOrder(epoch: epoch, numSeqs: sequences.count, seqLength: { self.sequences[$0][k]!.length },
                                     allTags: { try self.allTags() })
        return true
    }

    /// Starts `epoch` with a given order of corpus indices.
    public func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws {
        if let bad = corpusOrder.first(where: { $0 < 0 || $0 >= sequences.count }) {
            throw DatasetError.invalidOption(dataset: name, option: "seq_order", message: "corpus index \(bad) outside [0, \(sequences.count))")
        }
        self.epoch = epoch
        order = corpusOrder
    }

    /// Sequences in this epoch.
    public var numSeqs: Int? { order.count }
    /// Corpus size.
    public var totalNumSeqs: Int? { sequences.count }

    func corpus(_ seqIdx: Int) throws -> Int {
        guard seqIdx >= 0, seqIdx < order.count else {
            throw DatasetError.unavailable(dataset: name, message: "seq index \(seqIdx) outside [0, \(order.count)) of epoch \(epoch ?? 0)")
        }
        return order[seqIdx]
    }

    /// Nothing to load: all data is in memory.
    public func loadSeqs(_ start: Int, _ end: Int) throws {}

    /// Lengths per key.
    public func seqLength(_ seqIdx: Int) throws -> NumbersDict {
        let s = sequences[try corpus(seqIdx)]
        return NumbersDict(orderedPairs: dataKeys.map { ($0, s[$0]!.length) })
    }

    /// Data of one key.
    public func data(_ seqIdx: Int, key: String) throws -> SeqData {
        let s = sequences[try corpus(seqIdx)]
        guard let d = s[key] else { throw DatasetError.unknownDataKey(dataset: name, key: key, available: dataKeys) }
        return d
    }

    /// `seq-<corpus idx>`.
    public func tag(_ seqIdx: Int) throws -> String { "seq-\(try corpus(seqIdx))" }

    /// `seq-0 ... seq-(n-1)`.
    public func allTags() throws -> [String] { (0..<sequences.count).map { "seq-\($0)" } }

    /// Corpus index.
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? { try corpus(seqIdx) }
}
