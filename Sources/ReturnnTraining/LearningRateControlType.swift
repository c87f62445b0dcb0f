import ReturnnConfig

/// The learning-rate control rule (RETURNN `learning_rate_control`, default `"constant"`) with
/// its type-specific options.
public enum LearningRateControlType: Equatable, Sendable {
    /// `constant` (RETURNN `ConstantLearningRate`): the learning rate of the latest earlier epoch,
    /// else `learning_rate`.
    case constant
    /// `newbob`, `newbob_rel`, `newbob_relative` (RETURNN `NewbobRelative`): decay when the
    /// relative error change of the last two epochs is above `newbob_relative_error_threshold`
    /// (default -0.01), else grow.
    case newbobRelative(relativeErrorThreshold: Double)
    /// `newbob_abs` (RETURNN `NewbobAbs`): decay when the absolute error change of the last two
    /// epochs is above `newbob_error_threshold` (default -0.01), else grow.
    case newbobAbs(errorThreshold: Double)
    /// `newbob_multi_epoch` (RETURNN `NewbobMultiEpoch`): every `updateInterval` epochs, the mean
    /// relative error change over the last `numEpochs + 1` epochs decides: decay above
    /// `relativeErrorThreshold`, grow below `relativeErrorGrowThreshold`.
    case newbobMultiEpoch(NewbobMultiEpochOptions)

    /// Options of `newbob_multi_epoch`.
    public struct NewbobMultiEpochOptions: Equatable, Sendable {
        /// `newbob_multi_num_epochs` (default 5, at least 1).
        public var numEpochs: Int
        /// `newbob_multi_update_interval` (default `numEpochs`, at least 1).
        public var updateInterval: Int
        /// `newbob_relative_error_threshold` (default -0.01).
        public var relativeErrorThreshold: Double
        /// `newbob_relative_error_grow_threshold` (default `relativeErrorThreshold`; at most it).
        public var relativeErrorGrowThreshold: Double

        /// Creates the options (RETURNN defaults).
        public init(numEpochs: Int = 5, updateInterval: Int? = nil, relativeErrorThreshold: Double = -0.01,
                    relativeErrorGrowThreshold: Double? = nil)
        {
            self.numEpochs = numEpochs
            self.updateInterval = updateInterval ?? numEpochs
            self.relativeErrorThreshold = relativeErrorThreshold
            self.relativeErrorGrowThreshold = relativeErrorGrowThreshold ?? relativeErrorThreshold
        }
    }

    /// The names `learning_rate_control` accepts.
    public static let names = ["constant", "newbob", "newbob_rel", "newbob_relative", "newbob_abs", "newbob_multi_epoch"]

    /// The type names as a `NameRegistry` (name → the canonical name the rules switch on).
    public static var registry: NameRegistry<String> {
        NameRegistry(family: "learning_rate_control type", entries: names.map { ($0, $0) },
                     aliases: ["newbob_rel": "newbob", "newbob_relative": "newbob"], upstreamNames: UpstreamNames.learningRateControl)
    }

    /// The RETURNN name (`newbob` for the relative rule).
    public var name: String {
        switch self {
        case .constant: return "constant"
        case .newbobRelative: return "newbob"
        case .newbobAbs: return "newbob_abs"
        case .newbobMultiEpoch: return "newbob_multi_epoch"
        }
    }

    /// Whether the rule looks at scores (RETURNN `need_error_info`); false for `constant`.
    public var needErrorInfo: Bool { self != .constant }

    /// Reads `learning_rate_control` and the options of that type. An unknown type name or a bad
    /// option value throws with the config location and, for a misspelt name, "did you mean".
    public init(config: Config) throws {
        func float(_ key: String, _ def: Double) throws -> Double {
            do { return try config.float(key, default: def) ?? def } catch let e as ConfigError { throw LearningRateControlError.from(e) }
        }
        func int(_ key: String, _ def: Int) throws -> Int {
            do { return try config.int(key, default: def) ?? def } catch let e as ConfigError { throw LearningRateControlError.from(e) }
        }
        let name: String
        do { name = try config.value("learning_rate_control", default: "constant") ?? "constant" } catch let e as ConfigError {
            throw LearningRateControlError.from(e)
        }
        switch Self.registry.lookup(name) {
        case "constant":
            self = .constant
        case "newbob", "newbob_rel", "newbob_relative":
            self = .newbobRelative(relativeErrorThreshold: try float("newbob_relative_error_threshold", -0.01))
        case "newbob_abs":
            self = .newbobAbs(errorThreshold: try float("newbob_error_threshold", -0.01))
        case "newbob_multi_epoch":
            let numEpochs = try int("newbob_multi_num_epochs", 5)
            let threshold = try float("newbob_relative_error_threshold", -0.01)
            let opts = NewbobMultiEpochOptions(
                numEpochs: numEpochs, updateInterval: try int("newbob_multi_update_interval", numEpochs),
                relativeErrorThreshold: threshold,
                relativeErrorGrowThreshold: try float("newbob_relative_error_grow_threshold", threshold))
            for (key, v) in [("newbob_multi_num_epochs", opts.numEpochs), ("newbob_multi_update_interval", opts.updateInterval)] where v < 1 {
                throw LearningRateControlError(.invalidOption, "config key '\(key)' is \(v); it must be at least 1",
                                               at: config.location(of: key))
            }
            if opts.relativeErrorGrowThreshold > opts.relativeErrorThreshold {
                throw LearningRateControlError(.invalidOption,
                    "newbob_relative_error_grow_threshold (\(opts.relativeErrorGrowThreshold)) is above newbob_relative_error_threshold (\(opts.relativeErrorThreshold)), so a mean relative error between them would ask to decay and grow at once; make the grow threshold at most the decay threshold",
                    at: config.location(of: "newbob_relative_error_grow_threshold"))
            }
            self = .newbobMultiEpoch(opts)
        default:
            throw LearningRateControlError(.invalidOption, Self.registry.unknownMessage(name) + "; known: \(Self.names.joined(separator: ", "))",
                                           at: config.location(of: "learning_rate_control"))
        }
    }
}
