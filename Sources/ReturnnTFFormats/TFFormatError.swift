/// An error reading or writing one of TensorFlow's file formats. The message names the file and
/// what is wrong with it (a damaged file names the damaged record, block or tensor).
public struct TFFormatError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Broad class of the problem.
    public enum Kind: String, Sendable {
        /// The operating system failed to read or write the file.
        case io
        /// The file is missing.
        case missing
        /// The file's structure is invalid (truncated, bad magic, bad varint, bad proto).
        case format
        /// A checksum does not match: the file is damaged.
        case checksum
        /// A valid file uses a feature this reader does not implement.
        case unsupported
    }

    /// Broad class of the problem.
    public var kind: Kind
    /// What went wrong, naming the file.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
