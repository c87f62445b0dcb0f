/// An HDF5 failure, turned into a thrown error that names the file and the object.
///
/// Every call into libhdf5 that fails becomes one of these; HDF5's own stderr printing is
/// switched off (`H5Eset_auto2`), and the innermost message of HDF5's error stack is kept in
/// `detail`. The description reads like "cannot open dataset 'seqLengths' in file x.hdf: ...".
public struct H5Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, coarsely, so callers can react without parsing text.
    public enum Kind: String, Sendable {
        /// The file does not exist.
        case fileNotFound
        /// The file exists but is not a readable HDF5 file (corrupt, truncated, or another format).
        case notHDF5
        /// The file could not be opened or created.
        case fileAccess
        /// A group, dataset or attribute does not exist.
        case missingObject
        /// A group, dataset or attribute could not be opened or created.
        case objectAccess
        /// Reading failed.
        case read
        /// Writing, resizing or deleting failed.
        case write
        /// The element type of the object is not the one the call needs, or is unsupported.
        case type
        /// The shape of the object or of the given data does not fit the call.
        case shape
        /// The object was used after `close()`.
        case closed
    }

    /// Coarse category of the failure.
    public let kind: Kind
    /// Path of the HDF5 file.
    public let file: String
    /// Path of the object inside the file ("/seqLengths"), or "" for the file itself (then
    /// `operation` ends with the word "file": "cannot open HDF5 file").
    public let object: String
    /// What was attempted ("cannot open dataset").
    public let operation: String
    /// Why it failed (HDF5's innermost error message, or our own explanation).
    public let detail: String

    /// Creates an error; `operation` is phrased like "cannot open dataset".
    public init(_ kind: Kind, file: String, object: String, operation: String, detail: String) {
        self.kind = kind
        self.file = file
        self.object = object
        self.operation = operation
        self.detail = detail
    }

    /// "cannot open dataset 'seqLengths' in file x.hdf: reason"; for the file itself (no object)
    /// the operation names the file: "cannot open HDF5 file x.hdf: reason".
    public var description: String {
        let reason = detail.isEmpty ? "" : ": \(detail)"
        if object.isEmpty { return file.isEmpty ? operation + reason : "\(operation) \(file)\(reason)" }
        return "\(operation) '\(object)' in file \(file)\(reason)"
    }
}
