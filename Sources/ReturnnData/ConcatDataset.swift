/// Several datasets played one after another (RETURNN `ConcatDataset`).
///
/// All datasets must have the same data keys, dims and dtypes; labels and the target list are
/// the first dataset's. Only `seq_ordering="default"` is supported (each sub-dataset keeps its own
/// ordering options), and each sub-dataset must know its number of seqs once its epoch started.
public final class ConcatDataset: Dataset {
    /// RETURNN class name.
    public static let className = "ConcatDataset"

    /// Common options.
    public let options: DatasetOptions
    /// The datasets, in play order.
    public let datasets: [any Dataset]
    /// Keys of the first dataset.
    public var dataKeys: [String] { datasets[0].dataKeys }
    /// Targets of the first dataset.
    public var targetList: [String] { datasets[0].targetList }
    /// Labels of the first dataset.
    public var labels: [String: [String]] { datasets[0].labels }
    /// Current epoch.
    public private(set) var epoch: Int?
    /// Start position of each dataset in this epoch, plus the total at the end.
    public private(set) var offsets: [Int] = [0]

    /// `ConcatDataset(datasets)`.
    public init(datasets: [any Dataset], options: DatasetOptions) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        guard let first = datasets.first else { throw bad("datasets", "needs at least one dataset") }
        guard options.seqOrdering == .default else {
            throw bad("seq_ordering", "ConcatDataset supports only 'default', got '\(options.seqOrdering)'; set the ordering on the sub-datasets")
        }
        for (i, ds) in datasets.enumerated().dropFirst() {
            guard Set(ds.dataKeys) == Set(first.dataKeys) else {
                throw bad("datasets", "dataset \(i) has keys \(ds.dataKeys.sorted()) but dataset 0 has \(first.dataKeys.sorted())")
            }
            for k in first.dataKeys where try ds.dataSpec(k) != first.dataSpec(k) {
                throw bad("datasets", "dataset \(i) key '\(k)': \(try ds.dataSpec(k)) differs from dataset 0: \(try first.dataSpec(k))")
            }
        }
        self.options = options
        self.datasets = datasets
    }

    /// Spec of the first dataset.
    public func dataSpec(_ key: String) throws -> DataSpec { try datasets[0].dataSpec(key) }

    /// Starts `epoch` in every dataset.
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        self.epoch = epoch
        offsets = [0]
        guard epoch != nil else { return true }
        for (i, ds) in datasets.enumerated() {
            try ds.initSeqOrder(epoch: epoch)
            guard let n = ds.numSeqs else {
                throw DatasetError.invalidOption(dataset: name, option: "datasets", message: "dataset \(i) (\(type(of: ds).className)) does not know its number of seqs; ConcatDataset needs it")
            }
            offsets.append(offsets.last! + n)
        }
        return true
    }

    /// Sequences in this epoch.
    public var numSeqs: Int? { offsets.last! }

    /// Sum of the corpus sizes (`nil` if one is unknown).
    public var totalNumSeqs: Int? {
        var n = 0
        for ds in datasets {
            guard let t = ds.totalNumSeqs else { return nil }
            n += t
        }
        return n
    }

    /// (dataset index, seq index inside it) of position `seqIdx`.
    public func locate(_ seqIdx: Int) throws -> (dataset: Int, seq: Int) {
        guard seqIdx >= 0, seqIdx < offsets.last! else {
            throw DatasetError.unavailable(dataset: name, message: "seq index \(seqIdx) outside [0, \(offsets.last!)) of epoch \(epoch.map(String.init) ?? "none")")
        }
        var j = 0
        while offsets[j + 1] <= seqIdx { j += 1 }
        return (j, seqIdx - offsets[j])
    }

    /// Loads the parts of `[start, end)` in each dataset.
    public func loadSeqs(_ start: Int, _ end: Int) throws {
        for (j, ds) in datasets.enumerated() {
            let a = Swift.max(start, offsets[j]), b = Swift.min(end, offsets[j + 1])
            if a < b { try ds.loadSeqs(a - offsets[j], b - offsets[j]) }
        }
    }

    /// Lengths from the seq's dataset.
    public func seqLength(_ seqIdx: Int) throws -> NumbersDict {
        let (j, s) = try locate(seqIdx)
        return try datasets[j].seqLength(s)
    }

    /// Data from the seq's dataset.
    public func data(_ seqIdx: Int, key: String) throws -> SeqData {
        let (j, s) = try locate(seqIdx)
        return try datasets[j].data(s, key: key)
    }

    /// Tag from the seq's dataset.
    public func tag(_ seqIdx: Int) throws -> String {
        let (j, s) = try locate(seqIdx)
        return try datasets[j].tag(s)
    }

    /// Tags of all datasets, in order.
    public func allTags() throws -> [String] { try datasets.flatMap { try $0.allTags() } }

    /// Corpus index in the concatenated corpora (sub corpus index plus the sizes of the datasets
    /// before); `nil` if a size is unknown.
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? {
        let (j, s) = try locate(seqIdx)
        guard let c = try datasets[j].corpusSeqIdx(s) else { return nil }
        var base = 0
        for ds in datasets[..<j] {
            guard let t = ds.totalNumSeqs else { return nil }
            base += t
        }
        return base + c
    }
}
