/// What the learning-rate control knows about one epoch (RETURNN `LearningRateControl.EpochData`):
/// the learning rate used and the scores/errors reported for it, in the order they were set.
///
/// Meta information (RETURNN's `EpochData.meta`, e.g. `epoch_num_train_steps`) is kept in the same
/// table under `":meta:<name>"`, exactly as the `learning_rate_file` stores it; `scores` gives the
/// entries without them. Each entry remembers how the file writes it (`ValueStyle`), so that a
/// file read and written again keeps `34` as `34` and `0.01` as `0.01`.
public struct EpochData: Equatable, Sendable {
    /// How a value is written in the `learning_rate_file`.
    public enum ValueStyle: Equatable, Sendable {
        /// A Python float, shortest round-trip repr (`0.1`, `1e-05`, `2.0`, `float('nan')`).
        case float
        /// A Python int (`34`); used for integral counts such as `epoch_num_train_steps`.
        case int
        /// A 32-bit float (RETURNN's `effective_learning_rate` is a `numpy.float32`): written as the
        /// float literal of its shortest 32-bit decimal (`0.01`), as numpy before 2.0 printed it.
        case float32
    }

    /// The prefix of meta entries (`":meta:"`), as upstream serialises `EpochData.meta`.
    public static let metaPrefix = ":meta:"

    /// The learning rate of this epoch (`learningRate` in the file).
    public var learningRate: Double
    /// Keys in insertion order.
    public private(set) var keys: [String] = []
    /// Values by key.
    public private(set) var values: [String: Double] = [:]
    /// Keys whose value is not written as a plain float.
    public private(set) var styles: [String: ValueStyle] = [:]

    /// Creates the data of one epoch; `error` may hold `":meta:*"` entries.
    public init(learningRate: Double, error: [(String, Double)] = []) {
        self.learningRate = learningRate
        for (k, v) in error { self[k] = v }
    }

    /// All entries (scores, errors and `":meta:*"`), in insertion order.
    public var error: [(key: String, value: Double)] { keys.map { (key: $0, value: values[$0]!) } }

    /// The score and error entries without the meta entries (upstream's `EpochData.error`).
    public var scores: [(key: String, value: Double)] { error.filter { !$0.key.hasPrefix(Self.metaPrefix) } }

    /// The meta entries, names without the `":meta:"` prefix (upstream's `EpochData.meta`).
    public var meta: [(name: String, value: Double)] {
        error.compactMap { e in
            e.key.hasPrefix(Self.metaPrefix) ? (name: String(e.key.dropFirst(Self.metaPrefix.count)), value: e.value) : nil
        }
    }

    /// Whether the epoch has any score or error (meta entries do not count).
    public var hasScores: Bool { keys.contains { !$0.hasPrefix(Self.metaPrefix) } }

    /// The value of `key` (`":meta:x"` for meta entries); setting a new key appends it, setting nil
    /// removes it. A value set this way is written as a float.
    public subscript(key: String) -> Double? {
        get { values[key] }
        set {
            guard let newValue else {
                if values.removeValue(forKey: key) != nil { keys.removeAll { $0 == key } }
                styles[key] = nil
                return
            }
            set(key, newValue, style: .float)
        }
    }

    /// Sets `key` to `value`, written in `style`.
    public mutating func set(_ key: String, _ value: Double, style: ValueStyle) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
        styles[key] = style == .float ? nil : style
    }

    /// How `key` is written in the file.
    public func style(of key: String) -> ValueStyle { styles[key] ?? .float }

    /// Sets the meta entry `name` (stored as `":meta:<name>"`).
    public mutating func setMeta(_ name: String, _ value: Double, style: ValueStyle = .float) {
        set(Self.metaPrefix + name, value, style: style)
    }

    /// The meta entry `name`, if set.
    public func meta(_ name: String) -> Double? { values[Self.metaPrefix + name] }

    /// Equal learning rates, entries (by key) and styles; the insertion order does not matter, as
    /// it does not for the file.
    public static func == (a: EpochData, b: EpochData) -> Bool {
        a.learningRate.bitPattern == b.learningRate.bitPattern
            && a.values.count == b.values.count
            && a.values.allSatisfy { k, v in b.values[k].map { $0.bitPattern == v.bitPattern } ?? false }
            && a.styles == b.styles
    }
}
