import ReturnnConfig

/// How a learning rate is decayed or grown (RETURNN `learning_rate_decay` /
/// `learning_rate_growth`): a factor, or a config callable `lr -> lr`.
public enum LearningRateUpdate {
    /// No update (upstream's `None`): the learning rate stays.
    case identity
    /// Multiply by the factor (RETURNN defaults: decay 0.5, growth 1.0).
    case factor(Double)
    /// Call a function defined in the config with the learning rate; it must return a number.
    case function(ConfigFunction, key: String)

    /// Reads `key`, else `fallbackKey`, else `defaultFactor` (upstream
    /// `typed_value(key, opt_typed_value(fallbackKey, default))`). A float or int is a factor, a
    /// callable a function, `None` no update. A string (line-based config or `++key value`) is
    /// parsed as a float, where upstream would keep the string and fail later; unlike upstream, an
    /// untyped `key` is read as well instead of being ignored.
    static func read(_ config: Config, _ key: String, fallbackKey: String, defaultFactor: Double) throws -> LearningRateUpdate {
        let usedKey = config.has(key) ? key : fallbackKey
        let value: ConfigValue
        do {
            guard config.has(usedKey) else { return .factor(defaultFactor) }
            value = try config.pyOptTypedValue(usedKey)
        } catch let e as ConfigError { throw LearningRateControlError.from(e) }
        switch value.kind {
        case .none: return .identity
        case .int(let i): return .factor(Double(i))
        case .float(let d): return .factor(d)
        case .function(let f): return .function(f, key: usedKey)
        case .str:
            guard let d = try? config.float(usedKey, default: nil) else {
                throw LearningRateControlError(.invalidOption,
                    "config key '\(usedKey)': cannot parse \(value.repr) as a number; give a float factor (e.g. 0.5) or a function lr -> lr in a Python config",
                    at: config.location(of: usedKey))
            }
            return .factor(d)
        default:
            throw LearningRateControlError(.invalidOption,
                "config key '\(usedKey)': expected a float factor or a function lr -> lr, got \(value.typeName) \(value.repr)",
                at: config.location(of: usedKey))
        }
    }

    /// The learning rate after the update.
    public func apply(_ learningRate: Double) throws -> Double {
        switch self {
        case .identity: return learningRate
        case .factor(let f): return learningRate * f
        case .function(let f, let key):
            let result: ConfigValue
            do { result = try f.call([.float(learningRate)]) } catch let e as ConfigError {
                throw LearningRateControlError(.callable, "\(key) = \(f.name)(\(ConfigValue.float(learningRate).repr)) failed: \(e.message)",
                                               at: e.location ?? f.location)
            }
            switch result.kind {
            case .float(let d): return d
            case .int(let i): return Double(i)
            default:
                throw LearningRateControlError(.callable,
                    "\(key) = \(f.name)(\(ConfigValue.float(learningRate).repr)) returned \(result.typeName) \(result.repr); it must return the new learning rate as a float",
                    at: f.location)
            }
        }
    }
}
