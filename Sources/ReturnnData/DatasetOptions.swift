import Foundation

/// Options common to all datasets (RETURNN `Dataset.__init__` kwargs) and the per-epoch
/// sequence-order rules that depend on them (`get_seq_order_for_epoch`, `_get_random_seed_for_epoch`,
/// `_apply_partition_epoch_and_sharding`).
public struct DatasetOptions: Sendable {
    /// `name`, e.g. "train" or "dev" (used in messages).
    public var name: String
    /// `window` (1): sliding window over "data" frames; an even window is increased by 1.
    public var window: Int
    /// `context_window` (None).
    public var contextWindow: ContextWindow
    /// `chunking` (None).
    public var chunking: Chunking
    /// `min_chunk_size` (0), per key.
    public var minChunkSize: NumbersDict
    /// `chunking_variance` (0): per sequence, chunk sizes/steps are scaled by `1 - u * variance`
    /// (`u` from the epoch's Python `random.Random`); as upstream, only when batching names its used data keys.
    public var chunkingVariance: Double
    /// `seq_ordering` ("default").
    public var seqOrdering: SeqOrdering
    /// `fixed_random_seed` (None): one seed for every epoch (e.g. for dev sets).
    public var fixedRandomSeed: Int?
    /// `random_seed_offset` (None → 0 here; upstream may take it from the environment or the rank).
    public var randomSeedOffset: Int
    /// `partition_epoch` (1): split each full epoch into this many sub-epochs.
    public var partitionEpoch: Int
    /// `repeat_epoch` (1): repeat the order this many times per epoch.
    public var repeatEpoch: Int
    /// Tags kept by `seq_list_filter_file` (None: keep all).
    public var seqTagsFilter: Set<String>?
    /// `unique_seq_tags` (False): drop later seqs whose tag was already seen.
    public var uniqueSeqTags: Bool
    /// Lengths by tag from `seq_order_seq_lens_file` (None: use the dataset's lengths for sorting).
    public var seqOrderSeqLens: [String: Double]?
    /// `estimated_num_seqs` (None): sequences per (sub-)epoch, for `completeFrac` while `numSeqs` is unknown.
    public var estimatedNumSeqs: Int?

    /// All options with RETURNN's defaults; throws for values upstream rejects.
    public init(
        name: String = "dataset", window: Int = 1, contextWindow: ContextWindow = .none, chunking: Chunking = .none,
        minChunkSize: NumbersDict = NumbersDict(0), chunkingVariance: Double = 0, seqOrdering: SeqOrdering = .default, fixedRandomSeed: Int? = nil,
        randomSeedOffset: Int = 0, partitionEpoch: Int = 1, repeatEpoch: Int = 1, seqTagsFilter: Set<String>? = nil,
        uniqueSeqTags: Bool = false, seqOrderSeqLens: [String: Double]? = nil
    ) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: name, option: o, message: m) }
        guard window >= 1 else { throw bad("window", "must be >= 1, got \(window)") }
        guard partitionEpoch >= 1 else { throw bad("partition_epoch", "must be >= 1, got \(partitionEpoch)") }
        guard repeatEpoch >= 1 else { throw bad("repeat_epoch", "must be >= 1, got \(repeatEpoch)") }
        guard partitionEpoch == 1 || repeatEpoch == 1 else {
            throw bad("repeat_epoch", "combining partition_epoch (\(partitionEpoch)) and repeat_epoch (\(repeatEpoch)) is prohibited; set one of them to 1")
        }
        if let s = fixedRandomSeed, s < 0 || s > Int(UInt32.max) {
            throw bad("fixed_random_seed", "must be in [0, 2**32-1], got \(s)")
        }
        if let mn = minChunkSize.minValue, mn < 0 { throw bad("min_chunk_size", "must be >= 0, got \(minChunkSize)") }
        guard chunkingVariance >= 0, chunkingVariance < 1 else {
            throw bad("chunking_variance", "must be in [0, 1), got \(chunkingVariance)")
        }
        self.name = name
        self.window = window % 2 == 0 ? window + 1 : window
        self.contextWindow = contextWindow
        self.chunking = chunking
        self.minChunkSize = minChunkSize
        self.chunkingVariance = chunkingVariance
        self.seqOrdering = seqOrdering
        self.fixedRandomSeed = fixedRandomSeed
        self.randomSeedOffset = randomSeedOffset
        self.partitionEpoch = partitionEpoch
        self.repeatEpoch = repeatEpoch
        self.seqTagsFilter = seqTagsFilter
        self.uniqueSeqTags = uniqueSeqTags
        self.seqOrderSeqLens = seqOrderSeqLens
    }

    /// Upstream's default `random_seed_offset` in a run with a config: the environment variable
    /// `RETURNN_RANDOM_SEED_OFFSET` if set (distributed ranks are handled by the caller), else 0.
    public static func defaultRandomSeedOffset(environment: [String: String]) throws -> Int {
        guard let s = environment["RETURNN_RANDOM_SEED_OFFSET"] else { return 0 }
        guard let v = Int(s.trimmingCharacters(in: .whitespaces)) else {
            throw DatasetError.invalidOption(dataset: "all datasets", option: "RETURNN_RANDOM_SEED_OFFSET",
                                             message: "environment value '\(s)' is not an integer")
        }
        return v
    }

    /// Upstream's dev/eval defaults (`get_default_kwargs_eval`): sorted order, no chunking.
    public static func evalDefaults(name: String) throws -> DatasetOptions {
        try DatasetOptions(name: name, seqOrdering: .sorted)
    }

    /// Reads a `seq_list_filter_file` / `seq_list_file`: one tag per line (empty lines kept as upstream
    /// `splitlines`). Gzipped lists are not supported: unzip them first.
    public static func loadSeqList(path: String, dataset: String = "dataset") throws -> [String] {
        if path.hasSuffix(".gz") || path.hasSuffix(".pkl") {
            throw DatasetError.file(path: path, message: "seq list files must be plain text with one tag per line (gz/pkl not supported here); convert it with zcat or a Python one-liner")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.file(path: path, message: "cannot read seq list file (dataset \(dataset)); check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetError.file(path: path, message: "seq list file is not valid UTF-8")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Sets `seqOrderSeqLens` from a `seq_order_seq_lens_file`.
    public mutating func setSeqOrderSeqLensFile(_ path: String) throws {
        seqOrderSeqLens = try SeqLensFile.load(path: path)
    }

    /// Sets `seqTagsFilter` from a `seq_list_filter_file`.
    public mutating func setSeqListFilterFile(_ path: String) throws {
        seqTagsFilter = Set(try DatasetOptions.loadSeqList(path: path, dataset: name))
    }

    /// Upstream `_get_random_seed_for_epoch`: `fixed_random_seed`, else the epoch (1 for None)
    /// mapped to its full epoch under `partition_epoch` and to its block of `epochsFixed` epochs,
    /// plus `random_seed_offset`.
    public func randomSeed(epoch: Int?, epochsFixed: Int = 1) -> Int {
        if let s = fixedRandomSeed { return s }
        var seed = epoch ?? 1
        if partitionEpoch > 1 { seed = floorDiv(seed - 1, partitionEpoch) + 1 }
        if epochsFixed > 1 { seed = floorDiv(seed - 1, epochsFixed) + 1 }
        return seed + randomSeedOffset
    }

    func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// A numpy `RandomState` seeded for `epoch` (error if the seed is outside numpy's range).
    public func randomState(epoch: Int?, epochsFixed: Int = 1) throws -> NumpyRandomState {
        let s = randomSeed(epoch: epoch, epochsFixed: epochsFixed)
        do {
            return try NumpyRandomState(seed: s)
        } catch {
            throw DatasetError.invalidOption(dataset: name, option: "random_seed_offset",
                                             message: "epoch seed \(s) is outside [0, 2**32-1]; use a non-negative random_seed_offset")
        }
    }

    /// Upstream `_apply_partition_epoch_and_sharding` (one shard): the part of `order` for `epoch`.
    /// The first `n % P` parts get one extra sequence.
    public static func partition<T>(_ order: [T], partitionEpoch p: Int, epoch: Int?) -> [T] {
        let n = order.count
        let current = ((epoch ?? 1) - 1) % p
        let per = n / p
        let extra = n % p
        let start = current * per + Swift.min(current, extra)
        let size = per + (current < extra ? 1 : 0)
        return Array(order[start..<(start + size)])
    }

    /// The full upstream `get_seq_order_for_epoch`: ordering, `unique_seq_tags`, partition,
    /// `repeat_epoch`, `seq_list_filter_file`. `allTags` is needed only for the tag-based filters.
    public func seqOrder(
        epoch: Int?, numSeqs: Int, seqLength: ((Int) throws -> Int)?, allTags: (() throws -> [String])?
    ) throws -> [Int] {
        guard let _ = epoch else { return [] }
        guard numSeqs > 0 else {
            throw DatasetError.unavailable(dataset: name, message: "has no sequences; check the data files and filters")
        }
        var lengthOf: ((Int) throws -> Double)? = seqLength.map { f in { Double(try f($0)) } }
        if let byTag = seqOrderSeqLens, seqOrdering.needsSeqLengths {
            guard let allTags else {
                throw DatasetError.invalidOption(dataset: name, option: "seq_order_seq_lens_file", message: "needs all seq tags, which this dataset cannot list")
            }
            let tags = try allTags()
            let lens = try tags.map { t in
                guard let l = byTag[t] else {
                    throw DatasetError.invalidOption(dataset: name, option: "seq_order_seq_lens_file", message: "has no length for seq tag '\(t)'")
                }
                return l
            }
            lengthOf = { lens[$0] }
        }
        if seqOrdering.needsSeqLengths && lengthOf == nil {
            throw DatasetError.invalidOption(dataset: name, option: "seq_ordering",
                                             message: "'\(seqOrdering)' needs sequence lengths, which this dataset cannot provide; use default or random")
        }
        var rnd = seqOrdering.usesRandom
            ? try randomState(epoch: epoch, epochsFixed: seqOrdering.epochsFixed) : NumpyRandomState(seed: UInt32(0))
        var order = try seqOrdering.order(numSeqs: numSeqs, random: &rnd, seqLength: lengthOf)
        if uniqueSeqTags || seqTagsFilter != nil {
            guard allTags != nil else {
                throw DatasetError.invalidOption(dataset: name, option: seqTagsFilter != nil ? "seq_list_filter_file" : "unique_seq_tags",
                                                 message: "needs all seq tags, which this dataset cannot list")
            }
        }
        if uniqueSeqTags, let allTags {
            let tags = try allTags()
            var seen = Set<String>()
            order = order.filter { seen.insert(tags[$0]).inserted }
        }
        if partitionEpoch > 1 {
            order = DatasetOptions.partition(order, partitionEpoch: partitionEpoch, epoch: epoch)
        }
        if repeatEpoch > 1 {
            order = Array([[Int]](repeating: order, count: repeatEpoch).joined())
        }
        if let filter = seqTagsFilter, let allTags {
            let tags = try allTags()
            guard tags.count == numSeqs else {
                throw DatasetError.invalidData(dataset: name, message: "\(tags.count) tags for \(numSeqs) seqs; seq_list_filter_file needs the full tag list")
            }
            order = order.filter { filter.contains(tags[$0]) }
            if order.isEmpty {
                let ex = filter.sorted().prefix(3).joined(separator: ", ")
                throw DatasetError.invalidOption(dataset: name, option: "seq_list_filter_file",
                                                 message: "no sequence left after filtering (example filter tags: \(ex); dataset tags: \(tags.prefix(3).joined(separator: ", ")))")
            }
        }
        return order
    }
}
