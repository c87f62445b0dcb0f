import ReturnnConfig

// How each built-in dataset reads its own constructor kwargs (upstream signatures in the docs).

extension HDFDataset: ConfigurableDataset {
    /// `files` (str or list of str), `cache_byte_size` (0), `use_cache_manager` (False; accepted).
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        guard let files = try r.optionalStringList("files") else {
            throw ConfigError(.key, "\(r.context): missing required option 'files' (a list of HDF files)", at: r.location)
        }
        _ = try r.bool("use_cache_manager", default: false)
        return try HDFDataset(files: files, cacheByteSize: try r.int("cache_byte_size", default: 0), options: options)
    }
}

extension Task12AXDataset: ConfigurableDataset {
    /// `num_seqs` (inf).
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        try Task12AXDataset(numSeqs: try DatasetFactory.readNumSeqs(&r, required: false), options: options)
    }
}

extension TaskEpisodicCopyDataset: ConfigurableDataset {
    /// `num_seqs` (inf).
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        try TaskEpisodicCopyDataset(numSeqs: try DatasetFactory.readNumSeqs(&r, required: false), options: options)
    }
}

extension TaskXmlModelingDataset: ConfigurableDataset {
    /// `limit_stack_depth` (4), `num_seqs` (inf).
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        try TaskXmlModelingDataset(numSeqs: try DatasetFactory.readNumSeqs(&r, required: false),
                                   limitStackDepth: try r.int("limit_stack_depth", default: 4), options: options)
    }
}

extension TaskNumberBaseConvertDataset: ConfigurableDataset {
    /// `input_base` (8), `output_base` (2), `min_input_seq_len` (1), `max_input_seq_len` (8), `num_seqs` (inf).
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        try TaskNumberBaseConvertDataset(
            numSeqs: try DatasetFactory.readNumSeqs(&r, required: false), inputBase: try r.int("input_base", default: 8),
            outputBase: try r.int("output_base", default: 2), minInputSeqLen: try r.int("min_input_seq_len", default: 1),
            maxInputSeqLen: try r.int("max_input_seq_len", default: 8), options: options)
    }
}

extension CopyTaskDataset: ConfigurableDataset {
    /// `nsymbols`, `minlen` (0), `maxlen` (0), `minlen_epoch_factor` (0), `maxlen_epoch_factor` (0), `num_seqs` (inf).
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        try CopyTaskDataset(
            nsymbols: try r.int("nsymbols"), minlen: try r.double("minlen", default: 0), maxlen: try r.double("maxlen", default: 0),
            minlenEpochFactor: try r.double("minlen_epoch_factor", default: 0),
            maxlenEpochFactor: try r.double("maxlen_epoch_factor", default: 0),
            numSeqs: try DatasetFactory.readNumSeqs(&r, required: false), options: options)
    }
}

extension DummyDataset: ConfigurableDataset {
    /// `input_dim`, `output_dim`, `num_seqs`, `seq_len` (2; for DummyDatasetMultipleSequenceLength a
    /// dict, default `{"data": 10, "classes": 20}`), `input_max_value` (10), `input_shift`, `input_scale`.
    /// The subclass inherits this conformance, so the metatype picks the `seq_len` form.
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        let inputDim = try r.int("input_dim"), outputDim = try r.int("output_dim")
        guard let numSeqs = try DatasetFactory.readNumSeqs(&r, required: true) else {
            throw ConfigError(.value, "\(r.context).num_seqs: \(className) needs a finite num_seqs", at: r.location)
        }
        let maxValue = try r.double("input_max_value", default: 10)
        let shift = try r.optionalDouble("input_shift"), scale = try r.optionalDouble("input_scale")
        if self == DummyDatasetMultipleSequenceLength.self {
            var lens = ["data": 10, "classes": 20]
            if let v = r.optionalValue("seq_len"), !v.isNone {
                for (k, l) in try DatasetFactory.numbersDict(v, option: "seq_len", context: r.context).dict { lens[k] = l }
            }
            return try DummyDatasetMultipleSequenceLength(
                inputDim: inputDim, outputDim: outputDim, numSeqs: numSeqs, dataSeqLen: lens["data"]!,
                classesSeqLen: lens["classes"]!, inputMaxValue: maxValue, inputShift: shift, inputScale: scale, options: options)
        }
        return try DummyDataset(inputDim: inputDim, outputDim: outputDim, numSeqs: numSeqs, seqLen: try r.int("seq_len", default: 2),
                                inputMaxValue: maxValue, inputShift: shift, inputScale: scale, options: options)
    }
}

extension DummyGenericDataset: ConfigurableDataset {
    /// `data_template` (key → `{"dim", "shape", "sparse", "sparse_dim", "dtype", "available_for_inference"}`),
    /// `num_seqs`, `seq_lens` (None, an int, a `(min, max)` pair, or a dict per key of those).
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        let tv = try r.value("data_template")
        guard let td = tv.dictValue else {
            throw ConfigError(.type, "\(r.context).data_template: expected a dict key → data options, got \(tv.typeName)", at: tv.location)
        }
        let lensValue = r.optionalValue("seq_lens")
        func range(_ v: ConfigValue) throws -> ClosedRange<Int>? {
            if v.isNone { return nil }
            if case .int(let i) = v.kind { return i...i }
            if let items = v.sequenceItems, items.count == 2, case .int(let a) = items[0].kind, case .int(let b) = items[1].kind, a <= b { return a...b }
            throw ConfigError(.type, "\(r.context).seq_lens: expected an int or a (min, max) pair, got \(v.repr)", at: v.location)
        }
        var template = [DummyGenericDataset.Template]()
        for (k, v) in td.entries {
            guard let key = k.stringValue else { throw ConfigError(.type, "\(r.context).data_template: keys must be str", at: k.location) }
            var kr = try OptionReader(v, context: "\(r.context).data_template.\(key)")
            let sparse = try kr.bool("sparse", default: false)
            let sparseDim = try kr.optionalInt("sparse_dim") ?? (sparse ? try kr.int("dim") : nil)
            let dim = try kr.optionalInt("dim")
            var feature: [Int] = sparseDim != nil ? [] : (dim.map { [$0] } ?? [])
            if let shape = kr.optionalValue("shape"), !shape.isNone {
                guard let items = shape.sequenceItems else { throw ConfigError(.type, "\(kr.context).shape: expected a tuple", at: shape.location) }
                feature = try items.dropFirst().map { x in
                    guard case .int(let i) = x.kind else { throw ConfigError(.type, "\(kr.context).shape: only the time axis may be None", at: x.location) }
                    return i
                }
            }
            let dtypeName = try kr.string("dtype", default: sparseDim != nil ? "int32" : "float32")
            guard let dtype = DataType(rawValue: dtypeName) else {
                throw ConfigError(.value, "\(kr.context).dtype: unknown dtype '\(dtypeName)'; use one of \(DataType.allCases.map(\.rawValue))", at: kr.location)
            }
            var lens: ClosedRange<Int>? = nil
            if let lv = lensValue, !lv.isNone { lens = try range(lv.dictValue.map { $0.get(key) ?? .none } ?? lv) }
            template.append(DummyGenericDataset.Template(
                key: key, dtype: dtype, sparseDim: sparseDim, featureShape: feature,
                availableForInference: try kr.optionalBool("available_for_inference"), seqLens: lens))
            try kr.finish()
        }
        guard let n = try DatasetFactory.readNumSeqs(&r, required: true) else {
            throw ConfigError(.value, "\(r.context).num_seqs: DummyGenericDataset needs a finite num_seqs", at: r.location)
        }
        return try DummyGenericDataset(template: template, numSeqs: n, options: options)
    }
}

extension StaticDataset: ConfigurableDataset {
    /// `data` (list of dicts key → nested lists; all-int values become int32, others float32),
    /// `target_list`, `input_dim`, `output_dim` (dict key → dim or `(dim, ndim)`).
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        let dv = try r.value("data")
        guard let seqs = dv.sequenceItems else { throw ConfigError(.type, "\(r.context).data: expected a list of dicts", at: dv.location) }
        let data = try seqs.map { s -> [String: SeqData] in
            guard let d = s.dictValue else { throw ConfigError(.type, "\(r.context).data: expected dicts, got \(s.typeName)", at: s.location) }
            var seq = [String: SeqData]()
            for (k, v) in d.entries { seq[k.description] = try seqData(v, context: "\(r.context).data") }
            return seq
        }
        var outputDim = [String: (dim: Int, ndim: Int)]()
        if let od = r.optionalValue("output_dim"), !od.isNone {
            guard let d = od.dictValue else { throw ConfigError(.type, "\(r.context).output_dim: expected a dict", at: od.location) }
            for (k, v) in d.entries {
                if case .int(let i) = v.kind { outputDim[k.description] = (i, 2) } else if let it = v.sequenceItems, it.count == 2,
                    let a = it[0].intValue, let b = it[1].intValue { outputDim[k.description] = (a, b) } else {
                    throw ConfigError(.type, "\(r.context).output_dim: expected dim or (dim, ndim), got \(v.repr)", at: v.location)
                }
            }
        }
        return try StaticDataset(data: data, targetList: try r.optionalStringList("target_list"),
                                 inputDim: try r.optionalInt("input_dim"), outputDim: outputDim, options: options)
    }

    /// Nested lists of numbers → `SeqData` (time axis first).
    static func seqData(_ v: ConfigValue, context: String) throws -> SeqData {
        var shape = [Int]()
        var probe = v
        while let items = probe.sequenceItems {
            shape.append(items.count)
            guard let f = items.first else { break }
            probe = f
        }
        guard !shape.isEmpty else { throw ConfigError(.type, "\(context): expected a (nested) list of numbers, got \(v.repr)", at: v.location) }
        var flat = [ConfigValue]()
        func walk(_ x: ConfigValue, _ depth: Int) throws {
            if depth == shape.count { flat.append(x); return }
            guard let items = x.sequenceItems, items.count == shape[depth] else {
                throw ConfigError(.value, "\(context): ragged nested list (expected shape \(shape))", at: x.location)
            }
            for i in items { try walk(i, depth + 1) }
        }
        try walk(v, 0)
        if flat.allSatisfy({ if case .int = $0.kind { return true } else { return false } }) {
            return SeqData(.int32(flat.map { Int32(truncatingIfNeeded: $0.intValue!) }), shape: shape)
        }
        return SeqData(.float32(try flat.map { x in
            guard let d = x.doubleValue else { throw ConfigError(.type, "\(context): expected numbers, got \(x.repr)", at: x.location) }
            return Float(d)
        }), shape: shape)
    }
}
