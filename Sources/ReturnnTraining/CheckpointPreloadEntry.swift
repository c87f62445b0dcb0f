import ReturnnConfig

/// One entry of `preload_from_files` (RETURNN's `CustomCheckpointLoader` options in the TF
/// engine): parameters to initialise from another model file.
///
/// ```python
/// preload_from_files = {"lm": {"filename": "lm/net.040", "prefix": "lm_", "init_for_train": True}}
/// ```
public struct CheckpointPreloadEntry: Sendable, Equatable {
    /// When the entry applies (`init_for_train`).
    public enum InitForTrain: Sendable, Equatable {
        /// `False` (default): only for non-training tasks (recognition, forward, eval).
        case no
        /// `True`: only when training starts without an own epoch model (the first epoch).
        case firstEpoch
        /// `"always"`: in every training run, also when resuming (RETURNN's PyTorch option).
        case always
    }

    /// The key in `preload_from_files`; entries apply in sorted key order, the first wins.
    public var key: String
    /// `filename`: the checkpoint to read (`.safetensors` may be left out).
    public var filename: String
    /// `prefix` (default ""): only network parameters whose name contains it are loaded, from
    /// the name with the prefix removed (`lm_output/W` with prefix `lm_` reads `output/W`).
    public var prefix: String
    /// `init_for_train` (default False).
    public var initForTrain: InitForTrain
    /// `ignore_missing` (default False): selected parameters absent from the file are skipped
    /// instead of being an error.
    public var ignoreMissing: Bool
    /// `ignore_params`: names (after prefix removal) not to load.
    public var ignoreParams: [String]
    /// `ignore_params_prefixes`: name prefixes (after prefix removal) not to load.
    public var ignoreParamsPrefixes: [String]
    /// `var_name_mapping`: name in the network (after prefix removal) → name in the file, used
    /// when the file has no tensor of the network's name.
    public var varNameMapping: [String: String]

    /// An entry given directly.
    public init(key: String, filename: String, prefix: String = "", initForTrain: InitForTrain = .no,
                ignoreMissing: Bool = false, ignoreParams: [String] = [], ignoreParamsPrefixes: [String] = [],
                varNameMapping: [String: String] = [:])
    {
        self.key = key
        self.filename = filename
        self.prefix = prefix
        self.initForTrain = initForTrain
        self.ignoreMissing = ignoreMissing
        self.ignoreParams = ignoreParams
        self.ignoreParamsPrefixes = ignoreParamsPrefixes
        self.varNameMapping = varNameMapping
    }

    /// Reads the entry `key` from its options dict; unknown keys are rejected with "did you mean".
    public init(key: String, options value: ConfigValue) throws {
        var r = try OptionReader(value, context: "preload_from_files['\(key)']")
        let filenameValue = try r.value("filename")
        guard let filename = filenameValue.stringValue else {
            throw ConfigError(.type, "preload_from_files['\(key)'].filename: expected a str (a checkpoint file); a None filename (random init of matching params) is only supported by RETURNN's PyTorch engine",
                              at: filenameValue.location)
        }
        let initValue = r.optionalValue("init_for_train")
        var initForTrain = InitForTrain.no
        if let v = initValue, !v.isNone {
            switch v.kind {
            case .bool(let b): initForTrain = b ? .firstEpoch : .no
            case .int(let i): initForTrain = i != 0 ? .firstEpoch : .no
            case .str("always"): initForTrain = .always
            default:
                throw ConfigError(.value, "preload_from_files['\(key)'].init_for_train: expected True, False or \"always\", got \(v.repr)", at: v.location)
            }
        }
        var mapping: [String: String] = [:]
        if let m = r.optionalValue("var_name_mapping"), !m.isNone {
            guard case .dict(let d) = m.kind else {
                throw ConfigError(.type, "preload_from_files['\(key)'].var_name_mapping: expected a dict of str to str, got \(m.typeName)", at: m.location)
            }
            for (k, v) in d.entries {
                guard let ks = k.stringValue, let vs = v.stringValue else {
                    throw ConfigError(.type, "preload_from_files['\(key)'].var_name_mapping: expected str keys and values, got \(k.repr): \(v.repr)", at: v.location)
                }
                mapping[ks] = vs
            }
        }
        self.init(key: key, filename: filename,
                  prefix: try r.string("prefix", default: ""),
                  initForTrain: initForTrain,
                  ignoreMissing: try r.bool("ignore_missing", default: false),
                  ignoreParams: try r.optionalStringList("ignore_params") ?? [],
                  ignoreParamsPrefixes: try r.optionalStringList("ignore_params_prefixes") ?? [],
                  varNameMapping: mapping)
        try r.finish()
    }

    /// Whether the entry applies: non-training tasks take the entries without
    /// `init_for_train`; training takes `init_for_train` entries on its first epoch (no own
    /// epoch model loaded), and `"always"` entries every time.
    public func applies(isTraining: Bool, isFirstTrainEpoch: Bool) -> Bool {
        switch initForTrain {
        case .no: return !isTraining
        case .firstEpoch: return isTraining && isFirstTrainEpoch
        case .always: return isTraining
        }
    }
}
