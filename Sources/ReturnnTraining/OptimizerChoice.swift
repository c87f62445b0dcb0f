import ReturnnConfig

/// One optimizer instance chosen by the config, with its learning-rate multiplier
/// (RETURNN `Updater._create_optimizer` / `_create_default_optimizer`).
struct OptimizerChoice {
    /// The instance.
    let optimizer: Optimizer
    /// `learning_rate_multiplier` from the optimizer dict (default 1).
    let learningRateMultiplier: Double
    /// The class it was made from (the default class for per-layer dicts without `"class"`).
    let optimizerClass: OptimizerClass

    /// Builds from an optimizer dict `{"class": name, ...kwargs}` or a name string.
    ///
    /// A dict without `"class"` uses `defaultClass` (upstream: the class of the default optimizer).
    /// `learning_rate` in the dict is an error (the learning rate comes from the top-level
    /// `learning_rate`); `learning_rate_multiplier` scales it; unknown kwargs fail with "did you mean".
    static func make(_ value: ConfigValue, context: String, epsilon: Double, momentum: Double,
                     defaultClass: OptimizerClass?) throws -> OptimizerChoice {
        if let name = value.stringValue {
            let cls = try OptimizerRegistry.lookup(name, at: value.location, context: context)
            var kw = OptimizerKwargs(reader: nil, epsilon: epsilon, momentum: momentum, location: value.location, context: context)
            return OptimizerChoice(optimizer: try cls.make(&kw), learningRateMultiplier: 1, optimizerClass: cls)
        }
        guard value.dictValue != nil else {
            throw ConfigError(.type, "\(context) must be a dict {\"class\": name, ...} or an optimizer name, got \(value.typeName) \(value.repr)",
                              at: value.location)
        }
        var reader = try OptionReader(value, context: context)
        if let lrKey = reader.dict.storedKey("learning_rate") {
            throw ConfigError(.key, "\(context): 'learning_rate' must not be set in the optimizer dict: the learning rate is the "
                              + "top-level 'learning_rate' (controlled by learning_rate_control); to scale it for this optimizer, "
                              + "use 'learning_rate_multiplier'", at: lrKey.location)
        }
        let cls: OptimizerClass
        if let nameValue = reader.optionalValue("class"), !nameValue.isNone {
            guard let name = nameValue.stringValue else {
                throw ConfigError(.type, "\(context).class: expected an optimizer name (str), got \(nameValue.typeName) \(nameValue.repr)",
                                  at: nameValue.location)
            }
            cls = try OptimizerRegistry.lookup(name, at: nameValue.location, context: context)
        } else if let defaultClass {
            cls = defaultClass
        } else {
            throw ConfigError(.key, "\(context): missing 'class' (the optimizer name, e.g. \"adam\")", at: value.location)
        }
        let multiplier = try reader.double("learning_rate_multiplier", default: 1)
        var kw = OptimizerKwargs(reader: reader, epsilon: epsilon, momentum: momentum, location: value.location, context: context)
        let optimizer = try cls.make(&kw)
        try kw.reader?.finish()
        return OptimizerChoice(optimizer: optimizer, learningRateMultiplier: multiplier, optimizerClass: cls)
    }

    /// The default optimizer of a config: `optimizer`, else the legacy flags in upstream's order
    /// (`adam`, `nadam`, `adadelta`, `adagrad`, `rmsprop` = decay or True, `momentum > 0`), else
    /// plain SGD (`GradientDescentOptimizer`). With `behavior_version >= 2` only `optimizer` or
    /// nothing (SGD) is allowed.
    static func fromConfig(_ config: Config) throws -> OptimizerChoice {
        let epsilon = try config.float("optimizer_epsilon", default: 1e-16) ?? 1e-16
        let momentum = try config.float("momentum", default: 0) ?? 0
        if let v = config.typedValue("optimizer"), v.isTruthy {
            return try make(v, context: "optimizer", epsilon: epsilon, momentum: momentum, defaultClass: nil)
        }
        func legacy(_ flag: String, _ className: String, allowsMomentum: Bool = false) throws -> OptimizerChoice {
            let loc = config.location(of: flag) ?? .builtin
            if try config.int("behavior_version", default: 0) ?? 0 >= 2 {
                throw ConfigError(.value, "config key '\(flag)': with behavior_version >= 2, define the optimizer with "
                                  + "optimizer = {\"class\": ...} instead of the legacy flag", at: loc)
            }
            if !allowsMomentum && momentum != 0 {
                throw ConfigError(.value, "config key '\(flag)' cannot be combined with momentum = \(momentum); use "
                                  + "optimizer = {\"class\": ...} to choose one optimizer", at: config.location(of: "momentum") ?? loc)
            }
            let cls = try OptimizerRegistry.lookup(className, at: loc, context: flag)
            var kw = OptimizerKwargs(reader: nil, epsilon: epsilon, momentum: momentum, location: loc, context: flag)
            return OptimizerChoice(optimizer: try cls.make(&kw), learningRateMultiplier: 1, optimizerClass: cls)
        }
        if try config.bool("adam", default: false) == true { return try legacy("adam", "AdamOptimizer") }
        if try config.bool("nadam", default: false) == true { return try legacy("nadam", "NadamOptimizer") }
        if try config.bool("adadelta", default: false) == true { return try legacy("adadelta", "AdadeltaOptimizer") }
        if try config.bool("adagrad", default: false) == true { return try legacy("adagrad", "AdagradOptimizer") }
        if let v = config.typedValue("rmsprop"), case .float(let decay) = v.kind {
            return try legacyRMSProp(config, decay: decay, epsilon: epsilon, momentum: momentum)
        }
        let rmsprop: Bool
        if let v = config.typedValue("rmsprop") { rmsprop = v.isTruthy } else { rmsprop = try config.bool("rmsprop", default: false) ?? false }
        if rmsprop { return try legacyRMSProp(config, decay: 0.9, epsilon: epsilon, momentum: momentum) }
        if momentum != 0 { return try legacy("momentum", "MomentumOptimizer", allowsMomentum: true) }
        let cls = try OptimizerRegistry.lookup("GradientDescentOptimizer", at: .builtin, context: "optimizer")
        var kw = OptimizerKwargs(reader: nil, epsilon: epsilon, momentum: momentum, location: .builtin, context: "optimizer")
        return OptimizerChoice(optimizer: try cls.make(&kw), learningRateMultiplier: 1, optimizerClass: cls)
    }

    /// Legacy `rmsprop = <decay>` or `rmsprop = True` (momentum from the config is allowed).
    private static func legacyRMSProp(_ config: Config, decay: Double, epsilon: Double, momentum: Double) throws -> OptimizerChoice {
        let loc = config.location(of: "rmsprop") ?? .builtin
        if try config.int("behavior_version", default: 0) ?? 0 >= 2 {
            throw ConfigError(.value, "config key 'rmsprop': with behavior_version >= 2, define the optimizer with "
                              + "optimizer = {\"class\": \"rmsprop\", ...} instead of the legacy flag", at: loc)
        }
        let cls = try OptimizerRegistry.lookup("RMSPropOptimizer", at: loc, context: "rmsprop")
        let optimizer = Optimizers.RMSProp(decay: decay, momentum: momentum, epsilon: epsilon, centered: false, name: "RMSProp")
        return OptimizerChoice(optimizer: optimizer, learningRateMultiplier: 1, optimizerClass: cls)
    }
}
