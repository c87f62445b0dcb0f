import CHDF5

/// A group inside an HDF5 file.
public final class H5Group: H5Container, @unchecked Sendable {
    /// The file the group belongs to.
    public let file: H5File
    /// Absolute path inside the file.
    public let objectPath: String
    /// The owned group identifier.
    public let handle: H5Handle
    /// Path of the HDF5 file on disk.
    public var filePath: String { file.filePath }

    init(file: H5File, path: String, id: hid_t) {
        self.file = file
        self.objectPath = path
        self.handle = H5Handle(id, kind: .group)
    }
}
