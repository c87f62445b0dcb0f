/// A user-facing error about model files: a checkpoint that cannot be read or written, a model
/// that a config option asks for but that does not exist, or a parameter that does not fit.
///
/// The message names the file (or option) and says what to do; the CLI prints it and exits
/// non-zero.
public struct CheckpointError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Broad class of the problem.
    public enum Kind: String, Sendable {
        /// Reading or writing a file failed at the operating-system level.
        case io
        /// A file exists but is not a valid safetensors file (or not one of ours).
        case format
        /// A model or file that an option names does not exist.
        case missing
        /// Config options contradict each other or have bad values.
        case option
        /// A parameter is missing or has the wrong shape.
        case parameter
        /// A file's data does not match the checksum written with it (bit flips, a damaged disk).
        case damaged
    }

    /// Broad class of the problem.
    public var kind: Kind
    /// What went wrong (naming the file or option) and what to do.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
