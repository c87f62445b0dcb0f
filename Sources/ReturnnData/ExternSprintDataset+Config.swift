import Foundation
import ReturnnConfig

extension ExternSprintDataset: ConfigurableDataset {
    /// Upstream's kwargs: `sprintTrainerExecPath` (str or list, required), `sprintConfigStr` (str, list
    /// or function, required), `partitionEpoch` (deprecated spelling of `partition_epoch`),
    /// `input_stddev` (1.0), `reduce_target_factor` (1), `str_add_final_zero` (False),
    /// `orth_post_process` (a function or a list of functions str -> str), `bpe` (BytePairEncoding
    /// options), `orth_vocab` (vocabulary options), `target_maps` ({key: file or dict}),
    /// `suppress_load_seqs_print` (False); ours: `child_timeout` (900 s, None = wait forever).
    /// The `sprint:` form of `train`/`dev` strings gives the rest of the string as `sprintConfigStr`
    /// and takes the executable from the config's `sprint_trainer_exec_path`.
    ///
    /// ```python
    /// train = {"class": "ExternSprintDataset", "sprintTrainerExecPath": "/opt/rasr/nn-trainer",
    ///          "sprintConfigStr": "--config=rasr.train.config --*.LOGFILE=nn-trainer.train.log",
    ///          "partitionEpoch": 20, "estimated_num_seqs": 60000}
    /// ```
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        guard let exec = try r.optionalStringList("sprintTrainerExecPath"), !exec.isEmpty else {
            throw ConfigError(.key, "\(r.context): missing required option 'sprintTrainerExecPath' (the RASR nn-trainer executable)", at: r.location)
        }
        guard let configStr = r.optionalValue("sprintConfigStr"), !configStr.isNone else {
            throw ConfigError(.key, "\(r.context): missing required option 'sprintConfigStr' (RASR's command-line options)", at: r.location)
        }
        var options = options
        if let p = try r.optionalInt("partitionEpoch"), p != 0 {
            guard options.partitionEpoch == 1 else {
                throw ConfigError(.value, "\(r.context): give either 'partitionEpoch' or 'partition_epoch', not both", at: r.location)
            }
            guard p >= 1 else { throw ConfigError(.value, "\(r.context).partitionEpoch: must be >= 1, got \(p)", at: r.location) }
            options.partitionEpoch = p
        }
        var s = ExternSprintDatasetSettings(execPath: exec, configArgs: SprintConfigArgs(configStr))
        s.environment = ProcessInfo.processInfo.environment
        s.inputStddev = Float(try r.double("input_stddev", default: 1))
        s.reduceTargetFactor = try r.int("reduce_target_factor", default: 1)
        guard s.reduceTargetFactor >= 1 else {
            throw ConfigError(.value, "\(r.context).reduce_target_factor: must be >= 1, got \(s.reduceTargetFactor)", at: r.location)
        }
        s.strAddFinalZero = try r.bool("str_add_final_zero", default: false)
        s.suppressLoadSeqsPrint = try r.bool("suppress_load_seqs_print", default: false)
        if r.has("child_timeout") {
            let t = try r.optionalDouble("child_timeout")
            s.childTimeout = (t ?? 0) > 0 ? t : nil
        }
        if let pp = r.optionalValue("orth_post_process"), !pp.isNone, pp.isTruthy {
            let fs = pp.isCallable ? [pp] : (pp.sequenceItems ?? [pp])
            for f in fs where !f.isCallable {
                throw ConfigError(.unsupported, "\(r.context).orth_post_process: \(f.repr) is not a function; upstream's named post-processors (e.g. \"english_cleaners\") are not built in, write a config function str -> str", at: f.location)
            }
            s.orthPostProcess = fs
        }
        if let v = r.optionalValue("bpe"), !v.isNone {
            let d = v.dictValue.map { dict -> ConfigValue in
                let copy = ConfigDict()
                for (k, x) in dict.entries { try? copy.set(k, x) }
                if copy.get("class") == nil { copy.set("class", .str(BytePairEncoding.className)) }
                return ConfigValue(.dict(copy), at: v.location)
            } ?? v
            s.bpe = try BuiltinVocabularies.make(d, context: "\(r.context).bpe")
        }
        if let v = r.optionalValue("orth_vocab"), !v.isNone {
            s.orthVocab = try BuiltinVocabularies.make(v, context: "\(r.context).orth_vocab")
        }
        if let maps = r.optionalValue("target_maps"), !maps.isNone {
            guard let dict = maps.dictValue else {
                throw ConfigError(.type, "\(r.context).target_maps: expected a dict key -> (file or dict label -> index), got \(maps.typeName)", at: maps.location)
            }
            for (k, m) in dict.entries {
                guard let key = k.stringValue else { continue }
                s.targetMaps[key] = try targetMap(m, context: "\(r.context).target_maps['\(key)']")
            }
        }
        return try ExternSprintDataset(settings: s, options: options)
    }

    /// A `target_maps` entry: a file with one label per line (index = line number) or a dict.
    static func targetMap(_ v: ConfigValue, context: String) throws -> [String: Int] {
        if let path = v.stringValue {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigError(.io, "\(context): cannot read '\(path)'", at: v.location)
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last == "" { lines.removeLast() }
            var map = [String: Int]()
            for (i, line) in lines.enumerated() { map[String(line)] = i }
            return map
        }
        guard let d = v.dictValue else {
            throw ConfigError(.type, "\(context): expected a file name or a dict label -> index, got \(v.typeName)", at: v.location)
        }
        var map = [String: Int]()
        for (k, x) in d.entries {
            guard let label = k.stringValue, let i = x.intValue else {
                throw ConfigError(.type, "\(context): entries must be str -> int, got \(k.repr): \(x.repr)", at: v.location)
            }
            map[label] = i
        }
        return map
    }
}
