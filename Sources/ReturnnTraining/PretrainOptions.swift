import ReturnnConfig

/// The options of RETURNN's `Pretrain` (`returnn/pretrain.py`): the keys of the `pretrain` dict,
/// with the legacy config keys `pretrain_construction_algo`, `pretrain_repetitions`,
/// `pretrain_copy_output_layer` and `pretrain_greedy` merged in (a key in the dict wins).
public struct PretrainOptions {
    /// `construction_algo`; default `"from_output"`.
    public var constructionAlgo: PretrainConstructionAlgo = .fromOutput
    /// `repetitions`; default one epoch per step.
    public var repetitions: PretrainRepetitions = .count(1)
    /// `copy_param_mode`; default None (copy where the shapes match).
    public var copyParamMode: ParameterCopyMode?
    /// `copy_output_layer` as given: True, `"ifpossible"` and `"subset"` → true; False and
    /// `"reset"` → false; None (default) → nil, i.e. follow `copyParamMode`.
    public var copyOutputLayer: Bool?
    /// `greedy`; default False. Only the first pretrain epoch supports True (as upstream, where
    /// greedy training was removed with Theano).
    public var greedy = false
    /// `output_layers`; default `["output"]`.
    public var outputLayers = ["output"]
    /// `input_layers`; default `["data"]`.
    public var inputLayers = ["data"]

    /// The defaults (`pretrain = "default"`).
    public init() {}

    /// Reads the options from a dict value; unknown keys are an error with "did you mean".
    public init(_ dict: ConfigValue, context: String = "pretrain") throws {
        var r = try OptionReader(dict, context: context)
        if let v = r.optionalValue("construction_algo"), !v.isNone {
            constructionAlgo = try PretrainConstructionAlgo(v, context: context)
        }
        if let v = r.optionalValue("repetitions") { repetitions = try PretrainRepetitions(v, context: context) }
        if let v = r.optionalValue("copy_param_mode") { copyParamMode = try ParameterCopyMode.parse(v, context: "\(context).copy_param_mode") }
        if let v = r.optionalValue("copy_output_layer") { copyOutputLayer = try Self.readCopyOutputLayer(v, context: context) }
        greedy = try r.bool("greedy", default: false)
        if let v = try r.optionalStringList("output_layers") { outputLayers = v }
        if let v = try r.optionalStringList("input_layers") { inputLayers = v }
        r.ignore(["network_init_args"])  // Theano only: accepted and ignored
        try r.finish()
    }

    private static func readCopyOutputLayer(_ v: ConfigValue, context: String) throws -> Bool? {
        switch v.kind {
        case .none: return nil
        case .bool(let b): return b
        case .str("ifpossible"), .str("subset"): return true
        case .str("reset"): return false
        default:
            throw ConfigError(.value, "\(context).copy_output_layer: expected True, False, None, 'ifpossible', 'subset' or 'reset', got \(v.typeName) \(v.repr)",
                              at: v.location)
        }
    }

    /// Whether output layers' params are copied: `copy_output_layer`, else false for
    /// `copy_param_mode="reset"`, else true (upstream's default `"ifpossible"`).
    public var resolvedCopyOutputLayer: Bool {
        copyOutputLayer ?? (copyParamMode != .reset)
    }

    /// The options of `config` (`pretrain_from_config`), or nil when pretraining is off
    /// (`pretrain` unset, None, False, or empty). `pretrain` must be `"default"`, True or a
    /// non-empty dict; anything else is an error.
    public static func fromConfig(_ config: Config) throws -> PretrainOptions? {
        let type = try config.pyBoolOrOther("pretrain", .none)
        let enabled: Bool
        switch type.kind {
        case .str("default"), .bool(true): enabled = true
        case .dict(let d): enabled = d.count > 0
        default: enabled = false
        }
        guard enabled else {
            if !type.isTruthy { return nil }
            throw ConfigError(.value, "config key 'pretrain': unknown pretrain type \(type.repr) (use \"default\", True, or a dict of options such as {\"repetitions\": 2})",
                              at: type.location)
        }
        let merged = type.dictValue?.copy() ?? ConfigDict()
        func setDefault(_ key: String, _ value: () throws -> ConfigValue) rethrows {
            if merged.get(key) == nil { merged.set(key, try value()) }
        }
        if config.has("pretrain_copy_output_layer") {
            try setDefault("copy_output_layer") { try config.pyBoolOrOther("pretrain_copy_output_layer", .str("ifpossible")) }
        }
        if config.has("pretrain_greedy") {
            try setDefault("greedy") { try config.pyBool("pretrain_greedy", .none) }
        }
        if config.has("pretrain_repetitions") {
            try setDefault("repetitions") {
                if let v = config.typedValue("pretrain_repetitions") { return v }
                let loc = config.location(of: "pretrain_repetitions") ?? .commandLine
                return .list(try config.intList("pretrain_repetitions").map { .int($0, at: loc) }, at: loc)
            }
        }
        if config.has("pretrain_construction_algo") {
            // Upstream reads it with `config.value`, i.e. as str; a function defined in the config
            // is taken as it is (upstream would reject its str form).
            try setDefault("construction_algo") {
                if let f = config.typedValue("pretrain_construction_algo"), f.functionValue != nil { return f }
                return try config.pyValue("pretrain_construction_algo", .none)
            }
        }
        return try PretrainOptions(ConfigValue(.dict(merged), at: type.location), context: "pretrain")
    }
}
