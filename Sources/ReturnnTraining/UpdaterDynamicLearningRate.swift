import Foundation
import ReturnnConfig

/// The config's `dynamic_learning_rate` (RETURNN `Updater.get_current_step_learning_rate`): a
/// per-step change of the learning rate within an epoch, on top of the learning-rate control.
enum UpdaterDynamicLearningRate {
    /// `{"interval": n, "decay": d}`: `lr · d^(global_train_step mod n)` (cyclic decay).
    case cyclic(interval: Int, decay: Double)
    /// A config function `f(*, network, global_train_step, learning_rate, **kwargs)` returning the
    /// learning rate (e.g. Noam warm-up). `network` is passed as None.
    case function(ConfigFunction, SourceLocation)

    /// Reads `dynamic_learning_rate`; nil when absent, None or False.
    static func read(_ config: Config) throws -> UpdaterDynamicLearningRate? {
        guard let v = config.typedValue("dynamic_learning_rate"), v.isTruthy else { return nil }
        if let f = v.functionValue { return .function(f, v.location) }
        var r = try OptionReader(v, context: "dynamic_learning_rate")
        let interval = try r.int("interval")
        let decay = try r.double("decay")
        try r.finish()
        guard interval > 0 else {
            throw ConfigError(.value, "dynamic_learning_rate.interval must be > 0, got \(interval)", at: v.location)
        }
        return .cyclic(interval: interval, decay: decay)
    }

    /// The learning rate of `globalStep` from the base rate `lr`.
    func apply(_ lr: Double, globalStep: Int) throws -> Double {
        switch self {
        case .cyclic(let interval, let decay):
            return lr * Double(Foundation.pow(Float(decay), Float(globalStep % interval)))
        case .function(let f, let loc):
            let out: ConfigValue
            do {
                out = try f.call([], [("network", .none), ("global_train_step", .int(globalStep)), ("learning_rate", .float(lr))])
            } catch let e as ConfigError {
                throw e.located(loc)
            }
            guard let d = out.doubleValue, out.boolValue == nil else {
                throw ConfigError(.type, "dynamic_learning_rate must return a number (the learning rate), got \(out.typeName) \(out.repr)",
                                  at: loc)
            }
            return d
        }
    }
}
