/// A user error in a config or on the command line, with the place it happened and what to do.
///
/// The CLI prints `description` as a one-paragraph message and exits non-zero.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    /// Broad class of the mistake.
    public enum Kind: String, Sendable {
        /// The text cannot be tokenized or parsed.
        case syntax
        /// A name is not defined.
        case name
        /// An operation got a value of the wrong type.
        case type
        /// A value has the right type but a bad content (e.g. `int("x")`).
        case value
        /// A Python construct or module the sandbox does not provide.
        case unsupported
        /// A resource limit was hit (recursion, loop iterations, sizes).
        case limit
        /// A file could not be read, or is empty or binary.
        case io
        /// A key is missing or a dict/list index is out of range.
        case key
        /// The command line is malformed.
        case commandLine
        /// An error raised by the config itself (`raise`, `assert`).
        case raised
    }

    /// Broad class of the mistake.
    public var kind: Kind
    /// Where it happened, when known.
    public var location: SourceLocation?
    /// What went wrong and what to do, as a sentence.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    /// `file:line:col: message`.
    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }

    /// The same error with `location` filled in if it had none.
    public func located(_ loc: SourceLocation) -> ConfigError {
        var e = self
        if e.location == nil { e.location = loc }
        return e
    }
}
