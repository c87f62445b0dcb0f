/// Reads Sprint/RASR cache archives or `.bundle` files directly (RETURNN `SprintCacheDataset`).
///
/// `data` maps data keys to caches: features (`feat`, dense float32 `[T, dim]` from any RASR
/// `vector-*` type, dim from the first entry) and alignments (`align`, sparse labels via
/// `AllophoneLabeling`, int8/int16/int32 by label count; `ALIGNEMI` emission ids are taken as
/// state-tying labels). See docs/sprint-caches.md for the formats covered. "data" is required. The sequences are the entries of the "data" cache without
/// `.attribs`, tagged by entry name; every key must hold the same set of entries. Sorting orders
/// use the "data" entry's payload size in bytes, as upstream. Keys: "data" first, then sorted;
/// targets are the alignment keys (upstream drops keys with a state tying from its target list
/// because it renames their type to `align_raw`; here they stay targets). Starts with no epoch;
/// call `initSeqOrder(epoch:)`.
public final class SprintCacheDataset: SeqDictDataset {
    /// RETURNN class name.
    public static let className = "SprintCacheDataset"

    /// Common options.
    public let options: DatasetOptions
    /// Keys, "data" first, then sorted.
    public let dataKeys: [String]
    /// The alignment keys.
    public let targetList: [String]
    /// No label names are known.
    public let labels: [String: [String]] = [:]
    /// Sequence tags (entry names) in corpus order (`seq_list_original`).
    public let corpusTags: [String]
    /// RETURNN `num_inputs`: the feature dim of "data" before windowing.
    public let inputDim: Int
    let readers: [String: SprintCacheKeyReader]
    let specs: [String: DataSpec]
    var order: [Int] = []
    var cache: [Int: [String: SeqData]] = [:]

    /// Current epoch.
    public private(set) var epoch: Int?

    /// `SprintCacheDataset(data={key: {"filename", "data_type", "allophone_labeling"}}, **kwargs)`.
    /// Opens every cache (reading only file tables and the first "data" entry); throws
    /// `DatasetError` naming the file, key or entry for missing files, corrupt archives, missing
    /// labelings, or caches whose entry lists differ.
    public init(data: [String: SprintCacheDatasetSource], options: DatasetOptions) throws {
        guard data["data"] != nil else {
            throw DatasetError.invalidOption(dataset: options.name, option: "data",
                                             message: "needs a 'data' key (the feature cache), got keys \(data.keys.sorted())")
        }
        let keys = ["data"] + data.keys.filter { $0 != "data" }.sorted()
        var readers = [String: SprintCacheKeyReader]()
        for k in keys { readers[k] = try SprintCacheKeyReader(key: k, source: data[k]!, dataset: options.name) }
        let data0 = readers["data"]!
        let sorted0 = data0.contentKeys.sorted()
        for k in keys.dropFirst() {
            let r = readers[k]!
            guard r.contentKeys.sorted() == sorted0 else {
                let a = Set(sorted0), b = Set(r.contentKeys)
                let ex = (a.subtracting(b).sorted().prefix(2).map { "'\($0)' only in 'data'" }
                          + b.subtracting(a).sorted().prefix(2).map { "'\($0)' only in '\(k)'" })
                throw DatasetError.invalidData(dataset: options.name,
                                               message: "key '\(k)' (\(r.bundle.path)) has \(r.contentKeys.count) entries, 'data' (\(data0.bundle.path)) has \(data0.contentKeys.count); they must match: \(ex.joined(separator: ", "))")
            }
        }
        var specs = [String: DataSpec]()
        for k in keys { specs[k] = readers[k]!.spec }
        if options.window > 1 { specs["data"] = .dense(data0.spec.dim * options.window) }
        self.options = options
        self.dataKeys = keys
        self.targetList = keys.filter { readers[$0]!.type == .align }
        self.corpusTags = data0.contentKeys
        self.inputDim = data0.spec.dim
        self.readers = readers
        self.specs = specs
    }

    /// Spec of `key`.
    public func dataSpec(_ key: String) throws -> DataSpec {
        guard let s = specs[key] else { throw DatasetError.unknownDataKey(dataset: name, key: key, available: dataKeys) }
        return s
    }

    /// Orders the sequences for `epoch` (sorting by the "data" entry's payload size).
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        self.epoch = epoch
        cache = [:]
        let data0 = readers["data"]!
        order = epoch == nil ? [] : try options.seqOrder(epoch: epoch, numSeqs: corpusTags.count,
                                                         seqLength: { data0.entrySize(self.corpusTags[$0]) },
                                                         allTags: { self.corpusTags })
        return true
    }

    /// Starts `epoch` with a given order of corpus indices.
    public func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws {
        if let bad = corpusOrder.first(where: { $0 < 0 || $0 >= corpusTags.count }) {
            throw DatasetError.invalidOption(dataset: name, option: "seq_order", message: "corpus index \(bad) outside [0, \(corpusTags.count))")
        }
        self.epoch = epoch
        cache = [:]
        order = corpusOrder
    }

    /// Sequences in this epoch.
    public var numSeqs: Int? { order.count }
    /// Corpus size.
    public var totalNumSeqs: Int? { corpusTags.count }

    func corpus(_ seqIdx: Int) throws -> Int {
        try entry(of: order, at: seqIdx, epoch: epoch)
    }

    /// All keys of the sequence with tag `name` (upstream `get_dataset_seq_for_name`), windowed
    /// when `window > 1`.
    public func sequence(named name: String) throws -> [String: SeqData] {
        var seq = [String: SeqData]()
        for k in dataKeys { seq[k] = try readers[k]!.read(name) }
        if options.window > 1 { seq["data"] = SlidingWindow.apply(seq["data"]!, window: options.window) }
        return seq
    }

    /// Every key of sequence `seqIdx`, loaded once and kept until `loadSeqs` moves on.
    public func seqDict(_ seqIdx: Int) throws -> [String: SeqData] {
        if let s = cache[seqIdx] { return s }
        let s = try sequence(named: corpusTags[try corpus(seqIdx)])
        cache[seqIdx] = s
        return s
    }

    /// Reads `[start, end)` and drops sequences before `start`.
    public func loadSeqs(_ start: Int, _ end: Int) throws {
        cache = cache.filter { $0.key >= start }
        let upper = Swift.min(end, order.count)
        guard start < upper else { return }
        for i in start..<upper { _ = try seqDict(i) }
    }



    /// The entry name of sequence `seqIdx`.
    public func tag(_ seqIdx: Int) throws -> String { corpusTags[try corpus(seqIdx)] }

    /// Entry names in corpus order.
    public func allTags() throws -> [String] { corpusTags }

    /// Corpus index.
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? { try corpus(seqIdx) }
}
