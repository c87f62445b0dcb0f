/// A problem with a RETURNN-layout HDF file or with how the HDF reader/writer was called.
///
/// Library failures (cannot open, cannot read) are `H5Error`; this type covers the layout:
/// a missing entry, inconsistent lengths, an unknown data key, bad writer arguments.
public struct HDFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Coarse category.
    public enum Kind: String, Sendable {
        /// A required dataset, group or attribute is missing.
        case missingEntry
        /// Entries exist but do not fit together (column count, lengths, dims).
        case badLayout
        /// A data key was asked for that the file does not have.
        case unknownKey
        /// The caller passed data that does not fit (shape, dtype, count).
        case badArgument
        /// The writer's target file already exists (and extending was not asked for).
        case fileExists
        /// Moving or copying the file failed.
        case io
    }

    /// Category.
    public let kind: Kind
    /// The HDF file concerned.
    public let file: String
    /// What is wrong and what to do, naming the entry or key.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, file: String, _ message: String) {
        self.kind = kind
        self.file = file
        self.message = message
    }

    /// "HDF file x.hdf: message".
    public var description: String { "HDF file \(file): \(message)" }
}
