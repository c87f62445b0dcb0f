import ReturnnConfig

/// Datasets made of other datasets (MetaDataset, CombinedDataset, ConcatDataset) from config dicts.
/// Sub-datasets are built by `DatasetFactory` from their own dicts, named `<parent>/<key>`.
enum CompositeDatasetConfig {
    /// The sub-datasets of option `key` (a dict key -> dataset dict).
    static func datasets(_ r: inout OptionReader, _ key: String, parent: String) throws -> [String: any Dataset] {
        let v = try r.value(key)
        guard let d = v.dictValue else {
            throw ConfigError(.type, "\(r.context).\(key): expected a dict of datasets, got \(v.typeName)", at: v.location)
        }
        var res: [String: any Dataset] = [:]
        for (k, sub) in d.entries {
            guard let name = k.stringValue else {
                throw ConfigError(.type, "\(r.context).\(key): dataset keys must be strings", at: k.location)
            }
            res[name] = try DatasetFactory(config: nil).make(dict: sub, name: "\(parent)/\(name)", applyGlobals: false)
        }
        return res
    }

    /// A pair `(a, b)` of strings.
    static func pair(_ v: ConfigValue, _ what: String) throws -> (String, String) {
        guard let items = v.sequenceItems, items.count == 2, let a = items[0].stringValue, let b = items[1].stringValue else {
            throw ConfigError(.type, "\(what): expected a pair (dataset key, data key), got \(v.repr)", at: v.location)
        }
        return (a, b)
    }

    /// Optional `data_dims` {key: (dim, ndim)}.
    static func dataDims(_ r: inout OptionReader) throws -> [String: (dim: Int, ndim: Int)]? {
        guard let v = r.optionalValue("data_dims"), !v.isNone else { return nil }
        guard let d = v.dictValue else { throw ConfigError(.type, "\(r.context).data_dims: expected a dict", at: v.location) }
        var res: [String: (dim: Int, ndim: Int)] = [:]
        for (k, dv) in d.entries {
            guard let name = k.stringValue, let items = dv.sequenceItems, items.count == 2,
                  let dim = items[0].intValue, let ndim = items[1].intValue else {
                throw ConfigError(.type, "\(r.context).data_dims: expected key -> (dim, ndim), got \(dv.repr)", at: dv.location)
            }
            res[name] = (dim, ndim)
        }
        return res
    }
}

extension MetaDataset: ConfigurableDataset {
    /// `datasets` (key -> dataset dict), `data_map` (out key -> (dataset key, data key)),
    /// `seq_list_file` (a file, or key -> file), `seq_order_control_dataset`, `seq_lens_file`, `data_dims`.
    ///
    /// ```python
    /// train = {"class": "MetaDataset", "seq_order_control_dataset": "audio",
    ///          "datasets": {"audio": {"class": "HDFDataset", "files": ["feat.hdf"]},
    ///                       "text": {"class": "HDFDataset", "files": ["text.hdf"]}},
    ///          "data_map": {"data": ("audio", "data"), "classes": ("text", "data")}}
    /// ```
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        let subs = try CompositeDatasetConfig.datasets(&r, "datasets", parent: options.name)
        let mapValue = try r.value("data_map")
        guard let mapDict = mapValue.dictValue else {
            throw ConfigError(.type, "\(r.context).data_map: expected a dict", at: mapValue.location)
        }
        var dataMap: [String: (datasetKey: String, dataKey: String)] = [:]
        for (k, v) in mapDict.entries {
            guard let out = k.stringValue else { throw ConfigError(.type, "\(r.context).data_map: keys must be strings", at: k.location) }
            let (ds, key) = try CompositeDatasetConfig.pair(v, "\(r.context).data_map.\(out)")
            dataMap[out] = (ds, key)
        }
        var seqList: MetaDatasetSeqList?
        if let v = r.optionalValue("seq_list_file"), !v.isNone {
            if let s = v.stringValue {
                seqList = .file(s)
            } else if let d = v.dictValue {
                var files: [String: String] = [:]
                for (k, f) in d.entries {
                    guard let name = k.stringValue, let path = f.stringValue else {
                        throw ConfigError(.type, "\(r.context).seq_list_file: expected dataset key -> file", at: f.location)
                    }
                    files[name] = path
                }
                seqList = .perDataset(files)
            } else {
                throw ConfigError(.type, "\(r.context).seq_list_file: expected a file or a dict, got \(v.typeName)", at: v.location)
            }
        }
        return try MetaDataset(
            datasets: subs, dataMap: dataMap, seqListFile: seqList,
            seqOrderControlDataset: try r.optionalString("seq_order_control_dataset"),
            seqLensFile: try r.optionalString("seq_lens_file"), dataDims: try CompositeDatasetConfig.dataDims(&r), options: options)
    }
}

extension CombinedDataset: ConfigurableDataset {
    /// `random_dataset` and `interleave` are CombinedDataset's own orderings.
    public static var ownSeqOrderings: Set<String> { ["random_dataset", "interleave"] }

    /// `datasets` (key -> dataset dict), `data_map` ((dataset key, data key) -> out key),
    /// `sampling_sizes` (int, or key -> int), `data_dims`, `data_dtypes`, `seq_ordering`
    /// (also `random_dataset`, `interleave`).
    ///
    /// ```python
    /// train = {"class": "CombinedDataset", "seq_ordering": "random_dataset",
    ///          "datasets": {"a": {"class": "HDFDataset", "files": ["a.hdf"]},
    ///                       "b": {"class": "HDFDataset", "files": ["b.hdf"]}},
    ///          "data_map": {("a", "data"): "data", ("a", "classes"): "classes",
    ///                       ("b", "data"): "data", ("b", "classes"): "classes"}}
    /// ```
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        let subs = try CompositeDatasetConfig.datasets(&r, "datasets", parent: options.name)
        let mapValue = try r.value("data_map")
        guard let mapDict = mapValue.dictValue else {
            throw ConfigError(.type, "\(r.context).data_map: expected a dict", at: mapValue.location)
        }
        var dataMap: [CombinedDatasetSource: String] = [:]
        for (k, v) in mapDict.entries {
            let (ds, key) = try CompositeDatasetConfig.pair(k, "\(r.context).data_map key")
            guard let out = v.stringValue else {
                throw ConfigError(.type, "\(r.context).data_map: values must be output keys (strings)", at: v.location)
            }
            dataMap[CombinedDatasetSource(ds, key)] = out
        }
        var sampling: [String: Int]?
        if let v = r.optionalValue("sampling_sizes"), !v.isNone {
            if let n = v.intValue {
                sampling = Dictionary(uniqueKeysWithValues: subs.keys.map { ($0, n) })
            } else if let d = v.dictValue {
                sampling = [:]
                for (k, n) in d.entries {
                    guard let name = k.stringValue, let count = n.intValue else {
                        throw ConfigError(.type, "\(r.context).sampling_sizes: expected dataset key -> int", at: n.location)
                    }
                    sampling?[name] = count
                }
            } else {
                throw ConfigError(.type, "\(r.context).sampling_sizes: expected an int or a dict", at: v.location)
            }
        }
        var dtypes: [String: DataType]?
        if var d = try r.optionalDict("data_dtypes") {
            dtypes = [:]
            for k in d.dict.keys {
                guard let name = k.stringValue else { continue }
                let s = try d.string(name)
                guard let t = DataType(rawValue: s) else {
                    throw ConfigError(.value, "\(d.context).\(name): unknown dtype '\(s)'", at: d.location)
                }
                dtypes?[name] = t
            }
            try d.finish()
        }
        var ordering: CombinedDatasetOrdering?
        if let s = r.dict.get("seq_ordering")?.stringValue, ownSeqOrderings.contains(s) {
            ordering = try CombinedDatasetOrdering(parsing: s, dataset: options.name)
        }
        return try CombinedDataset(
            datasets: subs, dataMap: dataMap, samplingSizes: sampling, dataDims: try CompositeDatasetConfig.dataDims(&r),
            dataDtypes: dtypes, seqOrdering: ordering, options: options)
    }
}

extension ConcatDataset: ConfigurableDataset {
    /// `datasets`: a list of dataset dicts, played one after another.
    ///
    /// ```python
    /// train = {"class": "ConcatDataset", "datasets": [{"class": "HDFDataset", "files": ["a.hdf"]},
    ///                                                 {"class": "HDFDataset", "files": ["b.hdf"]}]}
    /// ```
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        let v = try r.value("datasets")
        guard let items = v.sequenceItems else {
            throw ConfigError(.type, "\(r.context).datasets: expected a list of datasets, got \(v.typeName)", at: v.location)
        }
        let subs = try items.enumerated().map { i, d in
            try DatasetFactory(config: nil).make(dict: d, name: "\(options.name)/\(i)", applyGlobals: false)
        }
        return try ConcatDataset(datasets: subs, options: options)
    }
}
