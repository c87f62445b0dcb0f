import ReturnnConfig

/// A user mistake found by the learning-rate control: a bad option in the config, a
/// `learning_rate_file` that cannot be read or written, or a config callable
/// (`learning_rate_decay = lambda lr: ...`) that fails or returns no number. Says where and what
/// to do.
public struct LearningRateControlError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Kind: String, Sendable {
        /// An option has a wrong type or value (e.g. an unknown `learning_rate_control`).
        case invalidOption = "invalid option"
        /// The `learning_rate_file` is malformed.
        case malformedFile = "malformed learning_rate_file"
        /// The `learning_rate_file` (or its directory) cannot be read or written.
        case io = "i/o error"
        /// A `learning_rate_decay` / `learning_rate_growth` callable failed.
        case callable = "callable failed"
    }

    /// The category.
    public var kind: Kind
    /// What went wrong and what to do.
    public var message: String
    /// Where: the config line of the option, or `file:line` in the learning-rate file.
    public var location: SourceLocation?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    /// `file:line:col: message` (the location omitted when unknown).
    public var description: String {
        if let location, location != .builtin { return "\(location): \(message)" }
        return message
    }

    /// Wraps a `ConfigError` from a config getter, keeping its location.
    static func from(_ e: ConfigError) -> LearningRateControlError {
        LearningRateControlError(.invalidOption, e.message, at: e.location)
    }
}
