import ReturnnConfig

/// The keyword arguments of one optimizer, as RETURNN's `Updater._create_optimizer` passes them:
/// the options of the `optimizer` dict, plus `epsilon` defaulting to the config's
/// `optimizer_epsilon` (1e-16) and `momentum` defaulting to the config's `momentum` when non-zero.
struct OptimizerKwargs {
    /// Reader over the optimizer dict (nil for the `optimizer = "adam"` string form and legacy flags).
    var reader: OptionReader?
    /// Config `optimizer_epsilon` (default 1e-16).
    let epsilon: Double
    /// Config `momentum` (default 0).
    let momentum: Double
    /// Where the optimizer was chosen (for errors).
    let location: SourceLocation
    /// Message context, e.g. `optimizer` or `network.output.updater_opts.optimizer`.
    let context: String

    /// A number kwarg with a default.
    mutating func double(_ key: String, default def: Double) throws -> Double {
        try reader?.double(key, default: def) ?? def
    }

    /// A bool kwarg with a default.
    mutating func bool(_ key: String, default def: Bool) throws -> Bool {
        try reader?.bool(key, default: def) ?? def
    }

    /// `epsilon`, defaulting to the config's `optimizer_epsilon`.
    mutating func epsilonValue() throws -> Double { try double("epsilon", default: epsilon) }

    /// `momentum` with the class default `def`; the config's non-zero `momentum` overrides `def`.
    mutating func momentumValue(default def: Double) throws -> Double {
        try double("momentum", default: momentum != 0 ? momentum : def)
    }

    /// A required number kwarg (`momentum` of `MomentumOptimizer`).
    mutating func requiredDouble(_ key: String, orConfig configValue: Double) throws -> Double {
        if let v = try reader?.optionalDouble(key) { return v }
        if configValue != 0 { return configValue }
        throw ConfigError(.key, "\(context): the optimizer needs '\(key)': set it in the optimizer dict or as the config key '\(key)'",
                          at: reader?.location ?? location)
    }

    /// The optimizer's `name` kwarg (slot names in checkpoints), or `def`.
    mutating func name(default def: String) throws -> String {
        try reader?.string("name", default: def) ?? def
    }

    /// Accepts TF's `use_locking` (meaningless here: updates are never concurrent).
    mutating func ignoreUseLocking() throws { _ = try bool("use_locking", default: false) }
}
