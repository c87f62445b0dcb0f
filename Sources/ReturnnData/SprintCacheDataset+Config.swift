import ReturnnConfig

extension SprintCacheDataset: ConfigurableDataset {
    /// `data`: key -> `{"filename": ..., "data_type": "feat"|"align" (by key: "data" feat,
    /// "classes" align), "allophone_labeling": {"silence_phone", "allophone_file",
    /// "phoneme_file", "state_tying_file"}}`.
    ///
    /// ```python
    /// train = {"class": "SprintCacheDataset", "data": {
    ///     "data": {"filename": "features.cache.bundle"},
    ///     "classes": {"filename": "alignment.cache.bundle", "allophone_labeling": {
    ///         "silence_phone": "[SILENCE]", "allophone_file": "allophones",
    ///         "state_tying_file": "state-tying"}}}}
    /// ```
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        guard var data = try r.optionalDict("data") else {
            throw ConfigError(.key, "\(r.context): missing required option 'data' (key -> {\"filename\": ...})", at: r.location)
        }
        var sources: [String: SprintCacheDatasetSource] = [:]
        for key in data.dict.keys {
            guard let name = key.stringValue, var s = try data.optionalDict(name) else {
                throw ConfigError(.type, "\(data.context): each entry must be a dict with 'filename'", at: data.location)
            }
            var dataType: SprintCacheDataType?
            if let t = try s.optionalString("data_type") {
                guard let parsed = SprintCacheDataType(rawValue: t) else {
                    throw ConfigError(.value, "\(s.context).data_type: '\(t)' is not one of 'feat', 'align'", at: s.location)
                }
                dataType = parsed
            }
            var labeling: AllophoneLabeling?
            if var a = try s.optionalDict("allophone_labeling") {
                labeling = try AllophoneLabeling(
                    silencePhone: try a.string("silence_phone"), allophoneFile: try a.string("allophone_file"),
                    phonemeFile: try a.optionalString("phoneme_file"), stateTyingFile: try a.optionalString("state_tying_file"))
                try a.finish()
            }
            sources[name] = SprintCacheDatasetSource(filename: try s.string("filename"), dataType: dataType, allophoneLabeling: labeling)
            try s.finish()
        }
        try data.finish()
        return try SprintCacheDataset(data: sources, options: options)
    }
}
