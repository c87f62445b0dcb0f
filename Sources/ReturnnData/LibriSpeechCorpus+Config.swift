import ReturnnConfig

extension LibriSpeechCorpus: ConfigurableDataset {
    /// Upstream's kwargs: `path`, `prefix`, `audio` (all required; `audio` may be None),
    /// `orth_post_process` (None; a config function), `targets` (None, "bpe", "chars" or a
    /// vocabulary dict), `chars` (CharacterTargets options), `bpe` (BytePairEncoding options),
    /// `use_zip` (False), `use_ogg` (False), `use_cache_manager` (False; accepted),
    /// `fixed_random_subset` (None), `epoch_wise_filter` (None; per epoch range `subdirs`,
    /// `max_mean_len`, `use_new_filter`), `seq_tag_format`.
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        let path = try r.string("path")
        let prefix = try r.string("prefix")
        let av = try r.value("audio")
        let audio = av.isNone ? nil : try ExtractAudioFeatures.make(av, context: "\(r.context).audio")
        let bpe = r.optionalValue("bpe").flatMap { $0.isNone ? nil : $0 }
        let chars = r.optionalValue("chars").flatMap { $0.isNone ? nil : $0 }
        let context = r.context
        func vocab(_ v: ConfigValue, _ cls: String, _ key: String) throws -> Vocabulary {
            guard let d = v.dictValue else { throw ConfigError(.type, "\(context).\(key): expected a dict of \(cls) options, got \(v.typeName)", at: v.location) }
            let copy = ConfigDict()
            for (k, x) in d.entries { try copy.set(k, x) }
            copy.set("class", .str(cls))
            return try BuiltinVocabularies.make(ConfigValue(.dict(copy), at: v.location), context: "\(context).\(key)")
        }
        var targets: Vocabulary? = nil
        let tv = r.optionalValue("targets") ?? .none
        let both = { (what: String) in ConfigError(.value, "\(context).targets: \(what)", at: tv.location) }
        switch tv.kind {
        case .dict:
            guard bpe == nil, chars == nil else { throw both("a targets dict excludes the bpe and chars options") }
            targets = try BuiltinVocabularies.make(tv, context: "\(r.context).targets")
        case .str("bpe"), .none where bpe != nil:
            guard let bpe, chars == nil else { throw both("'bpe' needs the bpe option (and no chars)") }
            targets = try vocab(bpe, "BytePairEncoding", "bpe")
        case .str("chars"), .none where chars != nil:
            guard let chars, bpe == nil else { throw both("'chars' needs the chars option (and no bpe)") }
            targets = try vocab(chars, "CharacterTargets", "chars")
        case .none:
            break
        default:
            throw both("expected None, \"bpe\", \"chars\" or a vocabulary dict, got \(tv.repr)")
        }
        var post: ConfigValue? = nil
        if let v = r.optionalValue("orth_post_process"), !v.isNone {
            guard v.isCallable else {
                throw ConfigError(.unsupported, "\(r.context).orth_post_process: only a config function (str -> str) is supported here, got \(v.repr); upstream's named post processors are not", at: v.location)
            }
            post = v
        }
        _ = try r.bool("use_cache_manager", default: false)
        var subset: Double? = nil
        if let v = r.optionalValue("fixed_random_subset"), !v.isNone, let d = v.doubleValue, d != 0 { subset = d }
        var rules = [LibriSpeechCorpus.FilterRule]()
        if let fv = r.optionalValue("epoch_wise_filter"), !fv.isNone {
            let ctx = "\(r.context).epoch_wise_filter"
            guard let d = fv.dictValue else { throw ConfigError(.type, "\(ctx): expected a dict (first, last) -> options", at: fv.location) }
            for (k, v) in d.entries {
                guard let pair = k.sequenceItems, pair.count == 2,
                      let first = pair[0].isNone ? 1 : pair[0].intValue, var last = pair[1].isNone ? -1 : pair[1].intValue else {
                    throw ConfigError(.type, "\(ctx): keys must be (first_epoch, last_epoch) with ints or None, got \(k.repr)", at: k.location)
                }
                if last == -1 { last = Int.max }
                guard first >= 1, first <= last else { throw ConfigError(.value, "\(ctx): epoch range \(k.repr) must satisfy 1 <= first <= last", at: k.location) }
                var o = try OptionReader(v, context: "\(ctx)[\(k.repr)]")
                let rule = LibriSpeechCorpus.FilterRule(first: first, last: last, subdirs: try o.optionalStringList("subdirs"),
                                                        maxMeanLen: try o.optionalDouble("max_mean_len"),
                                                        useNewFilter: try o.bool("use_new_filter", default: false))
                try o.finish()
                rules.append(rule)
            }
        }
        return try LibriSpeechCorpus(
            path: path, prefix: prefix, audio: audio, targets: targets, useZip: try r.bool("use_zip", default: false),
            useOgg: try r.bool("use_ogg", default: false), orthPostProcess: post, fixedRandomSubset: subset, filterRules: rules,
            seqTagFormat: try r.string("seq_tag_format", default: "%(subdir)s-%(speaker)i-%(chapter)i-%(seq)04i"), options: options)
    }
}
