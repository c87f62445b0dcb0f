import ReturnnConfig

/// The options every learning-rate control type reads (RETURNN
/// `LearningRateControl.load_initial_kwargs_from_config`).
public struct LearningRateControlOptions {
    /// `learning_rate` (default 1.0; an int is taken as a float, where upstream fails).
    public var defaultLearningRate: Double = 1.0
    /// `min_learning_rate` (default 0.0): a decay never goes below it.
    public var minLearningRate: Double = 0.0
    /// `learning_rates`: preset learning rates by epoch (a list gives epochs 1...n, a dict
    /// {epoch: lr}, a str is evaluated). They win over the control for those epochs, unless the
    /// `learning_rate_file` already has a learning rate for the epoch.
    public var defaultLearningRates: [(epoch: Int, learningRate: Double)] = []
    /// `learning_rate_control_error_measure`: the score key(s) to decide on, tried in order (each
    /// also with `_output` appended); empty for the default order.
    public var errorMeasureKeys: [String] = []
    /// `learning_rate_control_relative_error_relative_lr` (default False): divide the relative
    /// error by (most recent lr / `learning_rate`).
    public var relativeErrorAlsoRelativeToLearningRate = false
    /// `learning_rate_control_min_num_epochs_per_new_lr` (default 0): keep a new learning rate for
    /// at least this many epochs.
    public var minNumEpochsPerNewLearningRate = 0
    /// `newbob_relative_error_div_by_old` (default False): relative error = (new - old) / |old|
    /// instead of / |new|.
    public var relativeErrorDivByOld = false
    /// `learning_rate_decay` (else `newbob_learning_rate_decay`, default 0.5).
    public var learningRateDecay: LearningRateUpdate = .factor(0.5)
    /// `learning_rate_growth` (else `newbob_learning_rate_growth`, default 1.0).
    public var learningRateGrowth: LearningRateUpdate = .factor(1.0)
    /// `learning_rate_file`: where the per-epoch learning rates and scores are loaded from and
    /// saved to; nil keeps them in memory only (no proper restart possible).
    public var filename: String?

    /// The defaults (learning rate 1.0, decay 0.5, growth 1.0, no file).
    public init() {}

    /// Reads the options from the config, with upstream's getters and defaults. Wrong types
    /// throw with the config location.
    public init(config: Config) throws {
        do {
            defaultLearningRate = try config.float("learning_rate", default: 1.0) ?? 1.0
            minLearningRate = try config.float("min_learning_rate", default: 0.0) ?? 0.0
            defaultLearningRates = try Self.readLearningRates(config)
            errorMeasureKeys = try Self.readErrorMeasure(config)
            relativeErrorAlsoRelativeToLearningRate = try config.bool("learning_rate_control_relative_error_relative_lr", default: false) ?? false
            minNumEpochsPerNewLearningRate = try config.int("learning_rate_control_min_num_epochs_per_new_lr", default: 0) ?? 0
            relativeErrorDivByOld = try config.bool("newbob_relative_error_div_by_old", default: false) ?? false
            filename = try config.value("learning_rate_file", default: nil)
        } catch let e as ConfigError { throw LearningRateControlError.from(e) }
        learningRateDecay = try LearningRateUpdate.read(config, "learning_rate_decay", fallbackKey: "newbob_learning_rate_decay", defaultFactor: 0.5)
        learningRateGrowth = try LearningRateUpdate.read(config, "learning_rate_growth", fallbackKey: "newbob_learning_rate_growth", defaultFactor: 1.0)
    }

    /// `typed_value("learning_rates") or float_list("learning_rates")`.
    private static func readLearningRates(_ config: Config) throws -> [(epoch: Int, learningRate: Double)] {
        let key = "learning_rates"
        if let typed = config.typedValue(key), typed.isTruthy {
            return try presets(typed, config: config, allowString: true)
        }
        return try config.floatList(key).enumerated().map { (epoch: $0.offset + 1, learningRate: $0.element) }
    }

    private static func presets(_ v: ConfigValue, config: Config, allowString: Bool) throws -> [(epoch: Int, learningRate: Double)] {
        let key = "learning_rates"
        func rate(_ x: ConfigValue) throws -> Double {
            guard x.boolValue == nil, let d = x.doubleValue else {
                throw ConfigError(.type, "config key '\(key)': expected learning rates (numbers), got \(x.typeName) \(x.repr)",
                                  at: config.location(of: key))
            }
            return d
        }
        if let items = v.sequenceItems {
            return try items.enumerated().map { (epoch: $0.offset + 1, learningRate: try rate($0.element)) }
        }
        if let dict = v.dictValue {
            return try zip(dict.keys, dict.values).map { k, x in
                guard case .int(let epoch) = k.kind else {
                    throw ConfigError(.type, "config key '\(key)': the dict keys must be epochs (ints), got \(k.typeName) \(k.repr)",
                                      at: config.location(of: key))
                }
                return (epoch: epoch, learningRate: try rate(x))
            }
        }
        if allowString, let s = v.stringValue {
            let evaluated: ConfigValue
            do { evaluated = try LearningRateExpression.evaluate(s, file: "<learning_rates>", globals: []) } catch let e as ConfigError {
                throw ConfigError(.value, "config key '\(key)': cannot evaluate the string \(v.repr): \(e.message)", at: config.location(of: key))
            }
            return try presets(evaluated, config: config, allowString: false)
        }
        throw ConfigError(.type, "config key '\(key)': expected a list or a dict {epoch: lr}, got \(v.typeName) \(v.repr)",
                          at: config.location(of: key))
    }

    /// `typed_value(key) or value(key, None)`: a str, or a list of str.
    private static func readErrorMeasure(_ config: Config) throws -> [String] {
        let key = "learning_rate_control_error_measure"
        if let typed = config.typedValue(key), typed.isTruthy {
            if let s = typed.stringValue { return [s] }
            if let items = typed.sequenceItems {
                return try items.map { x in
                    guard let s = x.stringValue else {
                        throw ConfigError(.type, "config key '\(key)': expected score key names (str), got \(x.typeName) \(x.repr)",
                                          at: config.location(of: key))
                    }
                    return s
                }
            }
            throw ConfigError(.type, "config key '\(key)': expected a score key (str) or a list of them, got \(typed.typeName) \(typed.repr)",
                              at: config.location(of: key))
        }
        guard let s = try config.value(key, default: nil), !s.isEmpty else { return [] }
        return [s]
    }
}
