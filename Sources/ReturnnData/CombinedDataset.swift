/// Different sequences from several datasets in one epoch, e.g. for multi-task training
/// (RETURNN `CombinedDataset`).
///
/// `data_map` maps `(dataset key, dataset data key)` to an output key; several datasets may feed
/// the same output key. Each sequence comes from one sub-dataset; the output keys it does not
/// provide are empty arrays of shape `(0, ...)`. Datasets are indexed in sorted key order.
/// Orderings: `default` (all of dataset 0, then 1, ...), `random_dataset`, `interleave`, and
/// every general ordering over the joint list; `sampling_sizes` takes a fixed number of seqs per
/// dataset and epoch, continuing where the previous epoch stopped. Sub-datasets must know their
/// number of seqs after `initSeqOrder`.
public final class CombinedDataset: Dataset {
    /// RETURNN class name.
    public static let className = "CombinedDataset"

    /// Common options (its `seqOrdering` is used when `seqOrderingMode` is `.general`).
    public let options: DatasetOptions
    /// Sub-datasets by key (only those named in `dataMap`).
    public let datasets: [String: any Dataset]
    /// Sorted dataset keys; a dataset's index is its position here.
    public let datasetKeys: [String]
    /// `data_map`: (dataset key, dataset data key) → output key.
    public let dataMap: [CombinedDatasetSource: String]
    /// `sampling_sizes` (None): dataset key → seqs per epoch.
    public let samplingSizes: [String: Int]?
    /// The ordering mode; may be changed between epochs (as upstream's `seq_ordering` attribute).
    public var seqOrderingMode: CombinedDatasetOrdering
    /// Output keys: "data" first, then sorted.
    public let dataKeys: [String]
    /// All keys but "data", sorted.
    public let targetList: [String]
    /// Labels of the output keys.
    public let labels: [String: [String]]
    let specs: [String: DataSpec]
    /// Per dataset index: output key → its data key in that dataset.
    let lookup: [[String: String]]

    /// Current epoch.
    public private(set) var epoch: Int?
    /// (dataset index, seq index in that dataset) of every position of this epoch.
    public private(set) var sortedSeqIdxList: [(dataset: Int, seq: Int)] = []

    /// `CombinedDataset(datasets, data_map, sampling_sizes=None, data_dims=None, data_dtypes=None)`;
    /// `seqOrdering` overrides `options.seqOrdering` with one of the combined modes.
    public init(
        datasets: [String: any Dataset], dataMap: [CombinedDatasetSource: String], samplingSizes: [String: Int]? = nil,
        dataDims: [String: (dim: Int, ndim: Int)]? = nil, dataDtypes: [String: DataType]? = nil,
        seqOrdering: CombinedDatasetOrdering? = nil, options: DatasetOptions
    ) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        guard !dataMap.isEmpty else { throw bad("data_map", "is empty") }
        let keys = Set(dataMap.keys.map(\.datasetKey)).sorted()
        var subs = [String: any Dataset]()
        var specs = [String: DataSpec]()
        var labels = [String: [String]]()
        var lookup = [[String: String]](repeating: [:], count: keys.count)
        for (src, out) in dataMap.sorted(by: { ($0.key.datasetKey, $0.key.dataKey) < ($1.key.datasetKey, $1.key.dataKey) }) {
            guard let ds = datasets[src.datasetKey] else {
                throw bad("data_map", "(\(src.datasetKey), \(src.dataKey)) refers to unknown dataset '\(src.datasetKey)' (datasets: \(datasets.keys.sorted().joined(separator: ", ")))")
            }
            guard ds.dataKeys.contains(src.dataKey) else {
                throw bad("data_map", "dataset '\(src.datasetKey)' has no data key '\(src.dataKey)' (it has \(ds.dataKeys.joined(separator: ", ")))")
            }
            var spec = try ds.dataSpec(src.dataKey)
            if let t = dataDtypes?[out] { spec.dtype = t }
            if let d = dataDims {
                guard let want = d[out] else { throw bad("data_dims", "has no entry for key '\(out)'") }
                guard want.dim == spec.dim && want.ndim == spec.ndim else {
                    throw bad("data_dims", "key '\(out)': given (\(want.dim), \(want.ndim)) but dataset '\(src.datasetKey)' has (\(spec.dim), \(spec.ndim))")
                }
            }
            if let prev = specs[out], prev != spec {
                throw bad("data_map", "output key '\(out)' gets different dims/dtypes from several datasets (\(prev) vs \(spec) from '\(src.datasetKey)')")
            }
            specs[out] = spec
            if let l = ds.labels[src.dataKey] { labels[out] = l }
            subs[src.datasetKey] = ds
            lookup[keys.firstIndex(of: src.datasetKey)!][out] = src.dataKey
        }
        if let s = samplingSizes {
            for k in keys where s[k] == nil { throw bad("sampling_sizes", "has no size for dataset '\(k)'") }
            if let neg = s.first(where: { $0.value < 0 }) { throw bad("sampling_sizes", "'\(neg.key)' is negative") }
        }
        var outKeys = Set(dataMap.values).sorted()
        if let i = outKeys.firstIndex(of: "data") { outKeys.insert(outKeys.remove(at: i), at: 0) }
        self.options = options
        self.datasets = subs
        self.datasetKeys = keys
        self.dataMap = dataMap
        self.samplingSizes = samplingSizes
        self.seqOrderingMode = seqOrdering ?? .general(options.seqOrdering)
        self.dataKeys = outKeys
        self.targetList = outKeys.filter { $0 != "data" }.sorted()
        self.labels = labels
        self.specs = specs
        self.lookup = lookup
    }

    /// Spec of an output key.
    public func dataSpec(_ key: String) throws -> DataSpec {
        guard let s = specs[key] else { throw DatasetError.unknownDataKey(dataset: name, key: key, available: dataKeys) }
        return s
    }

    func sub(_ i: Int) -> any Dataset { datasets[datasetKeys[i]]! }

    /// Starts `epoch` in every sub-dataset, then builds the joint order.
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        self.epoch = epoch
        sortedSeqIdxList = []
        guard epoch != nil else { return true }
        var counts = [Int]()
        for (i, k) in datasetKeys.enumerated() {
            try sub(i).initSeqOrder(epoch: epoch)
            guard let n = sub(i).numSeqs else {
                throw DatasetError.invalidOption(dataset: name, option: "datasets", message: "sub-dataset '\(k)' does not know its number of seqs; CombinedDataset needs finite sub-datasets with known size")
            }
            counts.append(n)
        }
        if seqOrderingMode == .interleave {
            guard samplingSizes == nil, options.partitionEpoch == 1, options.repeatEpoch == 1 else {
                throw DatasetError.invalidOption(dataset: name, option: "seq_ordering", message: "'interleave' cannot be combined with sampling_sizes, partition_epoch or repeat_epoch; set them on the sub-datasets")
            }
            var used = [Int](repeating: 0, count: counts.count)
            while true {
                var best: (frac: Double, ds: Int)?
                for j in 0..<counts.count where used[j] < counts[j] {
                    let f = sub(j).completeFrac(used[j])
                    if best == nil || f < best!.frac { best = (f, j) }
                }
                guard let b = best else { break }
                sortedSeqIdxList.append((b.ds, used[b.ds]))
                used[b.ds] += 1
            }
            return true
        }
        var bounds = [0]
        for n in counts { bounds.append(bounds.last! + n) }
        let total = bounds.last!
        func locate(_ g: Int) -> (Int, Int) {
            var j = 0
            while bounds[j + 1] <= g { j += 1 }
            return (j, g - bounds[j])
        }
        let length = { (g: Int) throws -> Int in
            let (j, s) = locate(g)
            try self.sub(j).loadSeqs(s, s + 1)
            let l = try self.sub(j).seqLength(s)
            return l["data"] ?? self.lookup[j].values.compactMap { l[$0] }.max() ?? 0
        }
        var order: [Int]
        if let sizes = samplingSizes {
            guard options.partitionEpoch == 1, options.seqOrderSeqLens == nil, !options.uniqueSeqTags, options.seqTagsFilter == nil else {
                throw DatasetError.invalidOption(dataset: name, option: "sampling_sizes", message: "cannot be combined with partition_epoch, seq_order_seq_lens_file, unique_seq_tags or seq_list_filter_file")
            }
            let e = epoch ?? 1
            var sample = [Int]()
            for (j, k) in datasetKeys.enumerated() {
                let size = sizes[k]!
                guard size == 0 || counts[j] > 0 else {
                    throw DatasetError.invalidData(dataset: name, message: "sub-dataset '\(k)' is empty but sampling_sizes wants \(size) seqs")
                }
                guard size > 0 else { continue }
                let offset = ((e - 1) * size) % counts[j]
                sample += (offset..<(offset + size)).map { $0 % counts[j] + bounds[j] }
            }
            let remap = try options.seqOrder(epoch: epoch, numSeqs: sample.count, seqLength: { try length(sample[$0]) }, allTags: nil)
            order = remap.map { sample[$0] }
        } else if seqOrderingMode == .randomDataset {
            var ids = (0..<total).map { locate($0).0 }
            var rnd = PythonRandom(seed: options.randomSeed(epoch: epoch))
            rnd.shuffle(&ids)
            var counters = [Int](repeating: 0, count: counts.count)
            order = ids.map { j in
                defer { counters[j] += 1 }
                return counters[j] + bounds[j]
            }
            if options.partitionEpoch > 1 { order = DatasetOptions.partition(order, partitionEpoch: options.partitionEpoch, epoch: epoch) }
            if options.repeatEpoch > 1 { order = Array([[Int]](repeating: order, count: options.repeatEpoch).joined()) }
        } else {
            var opts = options
            if case .general(let o) = seqOrderingMode { opts.seqOrdering = o }
            order = try opts.seqOrder(epoch: epoch, numSeqs: total, seqLength: length, allTags: { try self.allTags() })
        }
        // Positions per dataset count up; each sub-dataset is restarted with the chosen seqs in order.
        var counters = [Int](repeating: 0, count: counts.count)
        var subOrders = [[Int]](repeating: [], count: counts.count)
        for g in order {
            let (j, s) = locate(g)
            sortedSeqIdxList.append((j, counters[j]))
            counters[j] += 1
            guard let c = try sub(j).corpusSeqIdx(s) else {
                throw DatasetError.invalidOption(dataset: name, option: "seq_ordering", message: "sub-dataset '\(datasetKeys[j])' cannot tell corpus indices, which '\(seqOrderingMode)' needs; use interleave")
            }
            subOrders[j].append(c)
        }
        for j in 0..<counts.count { try sub(j).initSeqOrder(epoch: epoch, corpusOrder: subOrders[j]) }
        return true
    }

    /// Sequences in this epoch.
    public var numSeqs: Int? { sortedSeqIdxList.count }

    /// Sum of the sub-datasets' corpus sizes (`nil` if one is unknown).
    public var totalNumSeqs: Int? {
        var n = 0
        for k in datasetKeys {
            guard let t = datasets[k]!.totalNumSeqs else { return nil }
            n += t
        }
        return n
    }

    func entry(_ seqIdx: Int) throws -> (dataset: Int, seq: Int) {
        guard seqIdx >= 0, seqIdx < sortedSeqIdxList.count else {
            throw DatasetError.unavailable(dataset: name, message: "seq index \(seqIdx) outside [0, \(sortedSeqIdxList.count)) of epoch \(epoch.map(String.init) ?? "none")")
        }
        return sortedSeqIdxList[seqIdx]
    }

    /// Loads, in every sub-dataset, the range of its seqs used by positions `[start, end)`.
    public func loadSeqs(_ start: Int, _ end: Int) throws {
        let upper = Swift.min(end, sortedSeqIdxList.count)
        guard start < upper else { return }
        var ranges = [Int: (Int, Int)]()
        for (j, s) in sortedSeqIdxList[start..<upper] {
            let r = ranges[j] ?? (s, s + 1)
            ranges[j] = (Swift.min(r.0, s), Swift.max(r.1, s + 1))
        }
        for (j, r) in ranges.sorted(by: { $0.key < $1.key }) { try sub(j).loadSeqs(r.0, r.1) }
    }

    /// Lengths per output key (0 for the keys the seq's dataset does not provide).
    public func seqLength(_ seqIdx: Int) throws -> NumbersDict {
        let (j, s) = try entry(seqIdx)
        let l = try sub(j).seqLength(s)
        return NumbersDict(orderedPairs: try dataKeys.map { k in
            guard let dk = lookup[j][k] else { return (k, 0) }
            return (k, try l[dk] ?? sub(j).data(s, key: dk).length)
        })
    }

    /// Data of an output key, or an empty `(0, ...)` array if the seq's dataset lacks it.
    public func data(_ seqIdx: Int, key: String) throws -> SeqData {
        let spec = try dataSpec(key)
        let (j, s) = try entry(seqIdx)
        if let dk = lookup[j][key] { return try sub(j).data(s, key: dk) }
        return CombinedDataset.empty(spec)
    }

    /// An empty sequence `(0, shape...)` of `spec`'s dtype.
    public static func empty(_ spec: DataSpec) -> SeqData {
        let shape = [0] + spec.shape
        switch spec.dtype {
        case .float32: return SeqData(.float32([]), shape: shape)
        case .float64: return SeqData(.float64([]), shape: shape)
        case .int8: return SeqData(.int8([]), shape: shape)
        case .int16: return SeqData(.int16([]), shape: shape)
        case .int32: return SeqData(.int32([]), shape: shape)
        case .int64: return SeqData(.int64([]), shape: shape)
        case .uint8: return SeqData(.uint8([]), shape: shape)
        }
    }

    /// Tag from the seq's dataset.
    public func tag(_ seqIdx: Int) throws -> String {
        let (j, s) = try entry(seqIdx)
        return try sub(j).tag(s)
    }

    /// Tags of all sub-datasets, in dataset order.
    public func allTags() throws -> [String] {
        try datasetKeys.indices.flatMap { try sub($0).allTags() }
    }

    /// `nil`: positions do not map to one corpus index space (as upstream).
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? {
        _ = try entry(seqIdx)
        return nil
    }

    /// Index (in `datasetKeys`) of the dataset of sequence `seqIdx`.
    public func datasetIndex(_ seqIdx: Int) throws -> Int { try entry(seqIdx).dataset }
}
