import ReturnnConfig

/// Reading the common dataset options (upstream `Dataset.__init__` kwargs) from an option dict.
extension DatasetFactory {
    /// Reads `name`, `window`, `context_window`, `chunking`, `min_chunk_size`, `chunking_variance`,
    /// `seq_ordering`, `fixed_random_seed`, `random_seed_offset`, `partition_epoch`, `repeat_epoch`,
    /// `seq_list_filter_file`, `unique_seq_tags`, `seq_order_seq_lens_file`,
    /// `shuffle_frames_of_nseqs` (only 0) and `estimated_num_seqs` (for the progress of datasets that learn their length only at the end).
    public static func readOptions(_ r: inout OptionReader, environment: [String: String]) throws -> DatasetOptions {
        let name = try r.string("name", default: "dataset")
        var contextWindow = ContextWindow.none
        if let v = r.optionalValue("context_window"), !v.isNone {
            if case .int(let i) = v.kind { contextWindow = ContextWindow(size: i) } else {
                contextWindow = ContextWindow(sizes: try numbersDict(v, option: "context_window", context: r.context))
            }
        }
        var chunking = Chunking.none
        if let v = r.optionalValue("chunking"), !v.isNone { chunking = try readChunking(v, dataset: name, context: r.context) }
        var minChunkSize = NumbersDict(0)
        if let v = r.optionalValue("min_chunk_size"), !v.isNone {
            minChunkSize = try numbersDict(v, option: "min_chunk_size", context: r.context)
        }
        let seqOrdering = try SeqOrdering(parsing: try r.string("seq_ordering", default: "default"), dataset: name)
        let shuffleFrames = try r.int("shuffle_frames_of_nseqs", default: 0)
        if shuffleFrames != 0 {
            throw DatasetError.invalidOption(dataset: name, option: "shuffle_frames_of_nseqs", message: "is not supported (got \(shuffleFrames)); remove it or set 0")
        }
        let estimated = try r.optionalInt("estimated_num_seqs")
        var options = try DatasetOptions(
            name: name, window: try r.int("window", default: 1), contextWindow: contextWindow, chunking: chunking,
            minChunkSize: minChunkSize, chunkingVariance: try r.double("chunking_variance", default: 0),
            seqOrdering: seqOrdering, fixedRandomSeed: try r.optionalInt("fixed_random_seed"),
            randomSeedOffset: try r.optionalInt("random_seed_offset") ?? DatasetOptions.defaultRandomSeedOffset(environment: environment),
            partitionEpoch: try r.int("partition_epoch", default: 1), repeatEpoch: try r.int("repeat_epoch", default: 1),
            uniqueSeqTags: try r.bool("unique_seq_tags", default: false))
        options.estimatedNumSeqs = estimated.flatMap { $0 > 0 ? $0 : nil }
        if let f = try r.optionalString("seq_list_filter_file") { try options.setSeqListFilterFile(f) }
        if let f = try r.optionalString("seq_order_seq_lens_file") { try options.setSeqOrderSeqLensFile(f) }
        return options
    }

    /// An int or a dict str → int as a `NumbersDict`.
    static func numbersDict(_ v: ConfigValue, option: String, context: String) throws -> NumbersDict {
        if case .int(let i) = v.kind { return NumbersDict(i) }
        guard let d = v.dictValue else {
            throw ConfigError(.type, "\(context).\(option): expected an int or a dict of ints per data key, got \(v.typeName) \(v.repr)", at: v.location)
        }
        return NumbersDict(orderedPairs: try d.entries.map { e in
            guard let k = e.key.stringValue, case .int(let i) = e.value.kind else {
                throw ConfigError(.type, "\(context).\(option): expected str keys and int values, got \(e.key.repr): \(e.value.repr)", at: e.value.location)
            }
            return (k, i)
        })
    }

    /// `chunking`: "size:step", an int, a (size, step) tuple of ints or per-key dicts, or a dict of sizes.
    static func readChunking(_ v: ConfigValue, dataset: String, context: String) throws -> Chunking {
        switch v.kind {
        case .str(let s): return try Chunking(parsing: s, dataset: dataset)
        case .int(let i): return try Chunking(size: i, dataset: dataset)
        case .dict: return try Chunking(size: try numbersDict(v, option: "chunking", context: context), dataset: dataset)
        default:
            if let items = v.sequenceItems, items.count == 2 {
                return try Chunking(size: try numbersDict(items[0], option: "chunking", context: context),
                                    step: try numbersDict(items[1], option: "chunking", context: context), dataset: dataset)
            }
            throw ConfigError(.type, "\(context).chunking: expected 'size:step', an int, a (size, step) tuple or a dict, got \(v.typeName) \(v.repr)", at: v.location)
        }
    }

    /// `num_seqs`: an int, or `float("inf")` for an infinite dataset (nil).
    static func readNumSeqs(_ r: inout OptionReader, required: Bool) throws -> Int? {
        guard let v = r.optionalValue("num_seqs"), !v.isNone else {
            if required { throw ConfigError(.key, "\(r.context): missing required option 'num_seqs'", at: r.location) }
            return nil
        }
        switch v.kind {
        case .int(let i): return i
        case .float(let d) where d == .infinity: return nil
        default: throw ConfigError(.type, "\(r.context).num_seqs: expected an int or float('inf'), got \(v.typeName) \(v.repr)", at: v.location)
        }
    }
}
