import Foundation

/// Several modalities of the same sequences from several datasets (RETURNN `MetaDataset`).
///
/// `data_map` maps each output key to `(dataset key, key in that dataset)`. Sequences are matched
/// by tag: the tag list of the default dataset (`seq_order_control_dataset`, else the one giving
/// "data") or of `seq_list_file`. Each epoch the order comes from the control dataset, or from this
/// dataset's own `seq_ordering` (lengths from `seq_lens_file` or the default dataset); the other
/// sub-datasets are then started with the matching tag lists, and every loaded sequence is checked
/// to carry the expected tag. Construction touches no sub-dataset's data (lazy corpora stay unread).
public final class MetaDataset: Dataset {
    /// RETURNN class name.
    public static let className = "MetaDataset"

    /// Common options.
    public let options: DatasetOptions
    /// The sub-datasets used by `data_map`, by key.
    public let datasets: [String: any Dataset]
    /// `data_map`: output key → (dataset key, dataset data key).
    public let dataMap: [String: (datasetKey: String, dataKey: String)]
    /// `seq_list_file` (None).
    public let seqListFile: MetaDatasetSeqList?
    /// `seq_order_control_dataset` (None).
    public let seqOrderControlDataset: String?
    /// `seq_lens_file` (None): JSON `{tag: {key: len}}`.
    public let seqLensFile: String?
    /// The dataset whose tags and lengths are the reference.
    public let defaultDatasetKey: String
    /// Output keys: "data" first, then sorted.
    public let dataKeys: [String]
    /// All keys but "data", sorted.
    public let targetList: [String]
    /// Labels of the mapped keys.
    public let labels: [String: [String]]
    let specs: [String: DataSpec]

    /// Current epoch.
    public private(set) var epoch: Int?
    var seqListOriginal: [String: [String]]?
    var seqLens: [String: NumbersDict]?
    var currentOrder: [Int] = []
    var seqListOrdered: [String: [String]]?
    var checkedUpTo = 0

    /// `MetaDataset(datasets, data_map, seq_list_file=None, seq_order_control_dataset=None,
    /// seq_lens_file=None, data_dims=None)`; `dataDims` (deprecated upstream) is only checked.
    public init(
        datasets: [String: any Dataset], dataMap: [String: (datasetKey: String, dataKey: String)],
        seqListFile: MetaDatasetSeqList? = nil, seqOrderControlDataset: String? = nil, seqLensFile: String? = nil,
        dataDims: [String: (dim: Int, ndim: Int)]? = nil, options: DatasetOptions
    ) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        guard !dataMap.isEmpty else { throw bad("data_map", "is empty") }
        guard seqOrderControlDataset != nil || dataMap["data"] != nil else {
            throw bad("data_map", "needs a 'data' key unless seq_order_control_dataset is set (setting it is recommended)")
        }
        let used = Set(dataMap.values.map(\.datasetKey))
        if let c = seqOrderControlDataset, datasets[c] == nil {
            throw bad("seq_order_control_dataset", "'\(c)' is not one of the datasets (\(datasets.keys.sorted().joined(separator: ", ")))")
        }
        if let c = seqOrderControlDataset, !used.contains(c) {
            throw bad("seq_order_control_dataset", "'\(c)' is not used in data_map")
        }
        var subs = [String: any Dataset]()
        var specs = [String: DataSpec]()
        var labels = [String: [String]]()
        for (key, m) in dataMap {
            guard let ds = datasets[m.datasetKey] else {
                throw bad("data_map", "key '\(key)' refers to unknown dataset '\(m.datasetKey)' (datasets: \(datasets.keys.sorted().joined(separator: ", ")))")
            }
            guard ds.dataKeys.contains(m.dataKey) else {
                throw bad("data_map", "key '\(key)': dataset '\(m.datasetKey)' has no data key '\(m.dataKey)' (it has \(ds.dataKeys.joined(separator: ", ")))")
            }
            let spec = try ds.dataSpec(m.dataKey)
            if let d = dataDims {
                guard let want = d[key] else { throw bad("data_dims", "has no entry for key '\(key)'") }
                guard want.dim == spec.dim && want.ndim == spec.ndim else {
                    throw bad("data_dims", "key '\(key)': given (\(want.dim), \(want.ndim)) but dataset '\(m.datasetKey)' has (\(spec.dim), \(spec.ndim))")
                }
            }
            specs[key] = spec
            if let l = ds.labels[m.dataKey] { labels[key] = l }
            subs[m.datasetKey] = ds
        }
        var keys = dataMap.keys.sorted()
        if let i = keys.firstIndex(of: "data") { keys.insert(keys.remove(at: i), at: 0) }
        self.options = options
        self.datasets = subs
        self.dataMap = dataMap
        self.seqListFile = seqListFile
        self.seqOrderControlDataset = seqOrderControlDataset
        self.seqLensFile = seqLensFile
        self.defaultDatasetKey = seqOrderControlDataset ?? dataMap["data"]!.datasetKey
        self.dataKeys = keys
        self.targetList = keys.filter { $0 != "data" }.sorted()
        self.labels = labels
        self.specs = specs
    }

    /// Spec of an output key (that of the mapped sub-dataset key).
    public func dataSpec(_ key: String) throws -> DataSpec {
        guard let s = specs[key] else { throw DatasetError.unknownDataKey(dataset: name, key: key, available: dataKeys) }
        return s
    }

    var defaultDataset: any Dataset { datasets[defaultDatasetKey]! }

    /// Reads the tag lists once (upstream `_lazy_init_seq_list`).
    func lazySeqList() throws -> [String: [String]] {
        if let s = seqListOriginal { return s }
        let keys = datasets.keys.sorted()
        var lists = [String: [String]]()
        if let f = seqListFile {
            lists = try f.load(keys: keys, dataset: name)
        } else {
            let tags = try defaultDataset.allTags()
            for k in keys {
                lists[k] = tags
                guard k != defaultDatasetKey, let other = datasets[k]!.totalNumSeqs, other < tags.count else { continue }
                let otherTags = Set(try datasets[k]!.allTags())
                let missing = tags.first { !otherTags.contains($0) } ?? "?"
                throw DatasetError.invalidData(dataset: name, message: "sub-dataset '\(k)' has \(other) seqs but '\(defaultDatasetKey)' has \(tags.count) (e.g. tag '\(missing)' is missing in '\(k)'); give a seq_list_file listing the common seqs")
            }
        }
        let n = lists[defaultDatasetKey]!.count
        for k in keys where lists[k]!.count != n {
            throw DatasetError.invalidOption(dataset: name, option: "seq_list_file", message: "sub-dataset '\(k)' has \(lists[k]!.count) tags but '\(defaultDatasetKey)' has \(n)")
        }
        seqListOriginal = lists
        return lists
    }

    func lazySeqLens() throws -> [String: NumbersDict] {
        if let s = seqLens { return s }
        let path = seqLensFile!
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.file(path: path, message: "cannot read seq_lens_file (dataset \(name)); check the path")
        }
        guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Int]] else {
            throw DatasetError.file(path: path, message: "seq_lens_file must be a JSON object {tag: {data key: length}}")
        }
        let lens = obj.mapValues { NumbersDict(orderedPairs: $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) }
        seqLens = lens
        return lens
    }

    /// Length used for sorting corpus sequence `i` (of the original tag order).
    func sortLength(_ i: Int) throws -> Int {
        let tags = try lazySeqList()[defaultDatasetKey]!
        if seqLensFile != nil {
            guard let l = try lazySeqLens()[tags[i]]?["data"] else {
                throw DatasetError.invalidData(dataset: name, message: "seq_lens_file has no 'data' length for tag '\(tags[i])'")
            }
            return l
        }
        let ds = defaultDataset
        let key = dataMap["data"].flatMap { $0.datasetKey == defaultDatasetKey ? $0.dataKey : nil } ?? "data"
        try ds.loadSeqs(i, i + 1)
        guard let l = try ds.seqLength(i)[key] else {
            throw DatasetError.invalidOption(dataset: name, option: "seq_ordering", message: "needs lengths of key '\(key)' of '\(defaultDatasetKey)'; give seq_lens_file or seq_order_control_dataset")
        }
        return l
    }

    /// Starts `epoch`: order from the control dataset or from `seq_ordering`, then the other
    /// sub-datasets follow by tag.
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        self.epoch = epoch
        checkedUpTo = 0
        guard epoch != nil else {
            currentOrder = []
            seqListOrdered = nil
            return true
        }
        if let c = seqOrderControlDataset {
            let ds = datasets[c]!
            try ds.initSeqOrder(epoch: epoch)
            var order = [Int]()
            while try ds.isLessThanNumSeqs(order.count) {
                guard let ci = try ds.corpusSeqIdx(order.count) else {
                    throw DatasetError.invalidOption(dataset: name, option: "seq_order_control_dataset", message: "'\(c)' (\(type(of: ds).className)) cannot tell corpus indices of its order")
                }
                order.append(ci)
            }
            try apply(order: order, epoch: epoch, control: c)
        } else {
            let n = try lazySeqList()[defaultDatasetKey]!.count
            var lengthsReady = false
            let order = try options.seqOrder(epoch: epoch, numSeqs: n, seqLength: { i in
                if !lengthsReady && self.seqLensFile == nil {
                    try self.defaultDataset.initSeqOrder(epoch: epoch, seqList: try self.lazySeqList()[self.defaultDatasetKey]!)
                    lengthsReady = true
                }
                return try self.sortLength(i)
            }, allTags: { try self.allTags() })
            try apply(order: order, epoch: epoch, control: nil)
        }
        return true
    }

    /// Starts `epoch` with a given order of corpus indices (positions in the reference tag list).
    public func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws {
        self.epoch = epoch
        checkedUpTo = 0
        try apply(order: corpusOrder, epoch: epoch, control: nil)
    }

    func apply(order: [Int], epoch: Int?, control: String?) throws {
        let lists = try lazySeqList()
        let n = lists[defaultDatasetKey]!.count
        if let b = order.first(where: { $0 < 0 || $0 >= n }) {
            throw DatasetError.invalidData(dataset: name, message: "corpus index \(b) outside the \(n) seqs of the tag list")
        }
        let ordered = lists.mapValues { l in order.map { l[$0] } }
        for (k, ds) in datasets where k != control {
            try ds.initSeqOrder(epoch: epoch, seqList: ordered[k]!)
        }
        currentOrder = order
        seqListOrdered = ordered
    }

    /// The current order of corpus indices (`get_current_seq_order`).
    public var currentSeqOrder: [Int] { currentOrder }

    /// Sequences in this epoch.
    public var numSeqs: Int? { epoch == nil ? 0 : currentOrder.count }

    /// Corpus size (the reference tag list).
    public var totalNumSeqs: Int? {
        seqListFile == nil ? defaultDataset.totalNumSeqs : (try? lazySeqList())?[defaultDatasetKey]?.count
    }

    func checkIndex(_ seqIdx: Int) throws {
        guard epoch != nil, seqListOrdered != nil else {
            throw DatasetError.unavailable(dataset: name, message: "no epoch started; call initSeqOrder(epoch:) first")
        }
        guard seqIdx >= 0, seqIdx < currentOrder.count else {
            throw DatasetError.unavailable(dataset: name, message: "seq index \(seqIdx) outside [0, \(currentOrder.count)) of epoch \(epoch!)")
        }
    }

    /// Loads `[start, end)` in every sub-dataset and checks that their tags line up.
    public func loadSeqs(_ start: Int, _ end: Int) throws {
        let upper = Swift.min(end, currentOrder.count)
        guard start < upper, let ordered = seqListOrdered else { return }
        for (k, ds) in datasets.sorted(by: { $0.key < $1.key }) {
            try ds.loadSeqs(start, upper)
            for i in Swift.max(start, checkedUpTo)..<upper {
                let got = try ds.tag(i)
                guard got == ordered[k]![i] else {
                    throw DatasetError.invalidData(dataset: name, message: "sub-dataset '\(k)' gives tag '\(got)' for seq \(i), expected '\(ordered[k]![i])'; the sub-datasets' tags do not line up (give a seq_list_file)")
                }
            }
        }
        checkedUpTo = Swift.max(checkedUpTo, upper)
    }

    /// Lengths per output key (from `seq_lens_file` if given).
    public func seqLength(_ seqIdx: Int) throws -> NumbersDict {
        try checkIndex(seqIdx)
        if seqLensFile != nil, let l = try lazySeqLens()[try tag(seqIdx)] { return l }
        return NumbersDict(orderedPairs: try dataKeys.map { k in (k, try data(seqIdx, key: k).length) })
    }

    /// Data of an output key from its sub-dataset.
    public func data(_ seqIdx: Int, key: String) throws -> SeqData {
        guard let m = dataMap[key] else { throw DatasetError.unknownDataKey(dataset: name, key: key, available: dataKeys) }
        try checkIndex(seqIdx)
        return try datasets[m.datasetKey]!.data(seqIdx, key: m.dataKey)
    }

    /// Tag of the default dataset.
    public func tag(_ seqIdx: Int) throws -> String {
        try checkIndex(seqIdx)
        return seqListOrdered![defaultDatasetKey]![seqIdx]
    }

    /// The reference tag list.
    public func allTags() throws -> [String] {
        if seqListFile == nil { return try defaultDataset.allTags() }
        return try lazySeqList()[defaultDatasetKey]!
    }

    /// Position in the reference tag list.
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? {
        try checkIndex(seqIdx)
        return currentOrder[seqIdx]
    }
}
