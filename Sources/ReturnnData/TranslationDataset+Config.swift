import ReturnnConfig

extension TranslationDataset: ConfigurableDataset {
    /// Upstream's kwargs: `path`, `file_postfix` (both required), `source_postfix` (""),
    /// `target_postfix` (""), `source_only` (False), `search_without_reference` (False),
    /// `unknown_label` (None; a str, or a dict data key → str), `seq_list_file` (None),
    /// `use_cache_manager` (False; accepted, files are read in place).
    ///
    /// ```python
    /// train = {"class": "TranslationDataset", "path": "data/de-en", "file_postfix": "train",
    ///          "source_postfix": " </S>", "target_postfix": " </S>", "unknown_label": "<UNK>",
    ///          "partition_epoch": 4, "seq_ordering": "laplace:.1000"}
    /// ```
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        let path = try r.string("path")
        let postfix = try r.string("file_postfix")
        let sourceOnly = try r.bool("source_only", default: false)
        var unknown = [String: String]()
        if let v = r.optionalValue("unknown_label"), !v.isNone {
            if let s = v.stringValue {
                unknown["data"] = s
                if !sourceOnly { unknown["classes"] = s }
            } else if let d = v.dictValue {
                for (k, x) in d.entries where !x.isNone {
                    guard let key = k.stringValue, let label = x.stringValue else {
                        throw ConfigError(.type, "\(r.context).unknown_label: expected a dict data key -> str, got \(k.repr): \(x.repr)", at: x.location)
                    }
                    unknown[key] = label
                }
            } else {
                throw ConfigError(.type, "\(r.context).unknown_label: expected a str, a dict data key -> str, or None, got \(v.typeName)", at: v.location)
            }
        }
        _ = try r.bool("use_cache_manager", default: false)
        return try TranslationDataset(
            path: path, filePostfix: postfix, sourcePostfix: try r.string("source_postfix", default: ""),
            targetPostfix: try r.string("target_postfix", default: ""), sourceOnly: sourceOnly,
            searchWithoutReference: try r.bool("search_without_reference", default: false), unknownLabel: unknown,
            seqListFile: try r.optionalString("seq_list_file"), options: options)
    }
}
