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
    /// The Python exception class a config's `except` clause sees (`KeyError`, ...); nil: the
    /// class follows from `kind` (see `exceptionClassName`).
    public var pythonClass: String?
    /// The exception object itself, for errors raised by the config (`raise`, `assert`) and for
    /// errors that a handler caught and re-raised.
    public var raisedValue: RaisedValue?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil, pythonClass: String? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.pythonClass = pythonClass
    }

    /// The name of the Python exception class `except` clauses match this error against, or nil
    /// when a config cannot catch it: syntax errors, resource limits, constructs the sandbox does
    /// not support, command-line errors.
    public var exceptionClassName: String? {
        if let pythonClass { return pythonClass }
        switch kind {
        case .name: return "NameError"
        case .type: return "TypeError"
        case .value: return "ValueError"
        case .key: return "KeyError"
        case .io: return "OSError"
        case .raised: return "Exception"
        case .syntax, .unsupported, .limit, .commandLine: return nil
        }
    }

    /// `file:line:col: message`.
    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }

    /// The same error with `location` filled in if it had none (or only `.builtin`, the inside
    /// of a native function such as `map` calling back into the config).
    /// (An error keeps the place where it first happened; outer expressions do not overwrite it.)
    public func located(_ loc: SourceLocation) -> ConfigError {
        var e = self
        if e.location == nil || (e.location == .builtin && loc != .builtin) { e.location = loc }
        return e
    }
}

/// The exception object of an error raised inside a config (a `ConfigValue`, which is not
/// `Sendable`; the interpreter is single-threaded, so the box is only ever read on its thread).
public final class RaisedValue: @unchecked Sendable {
    /// The exception instance.
    public let value: ConfigValue
    /// Wraps an exception instance.
    public init(_ value: ConfigValue) { self.value = value }
}
