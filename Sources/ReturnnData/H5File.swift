import CHDF5
import Foundation

/// An open HDF5 file; it is also its root group (datasets, groups and attributes at "/").
///
/// Objects opened from the file keep it alive. `close()` releases the file identifier; HDF5
/// really closes the file once the objects opened from it are closed too.
public final class H5File: H5Container, @unchecked Sendable {
    /// How an existing file is opened.
    public enum Mode: Sendable {
        /// Read only (h5py "r").
        case readOnly
        /// Read and write (h5py "r+").
        case readWrite
    }

    /// Path of the file on disk, as given.
    public let filePath: String
    /// Whether the file was opened for writing.
    public let isWritable: Bool
    /// The owned file identifier.
    public let handle: H5Handle
    /// "/": the file is its root group.
    public var objectPath: String { "/" }
    /// The file itself.
    public var file: H5File { self }

    private init(path: String, id: hid_t, writable: Bool) {
        filePath = path
        isWritable = writable
        handle = H5Handle(id, kind: .file)
    }

    /// Opens an existing file. Throws `.fileNotFound` if it does not exist and `.notHDF5` if it
    /// is not a readable HDF5 file (another format, truncated, or corrupt).
    public convenience init(path: String, mode: Mode = .readOnly) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw H5Error(.fileNotFound, file: path, object: "", operation: "cannot open HDF5 file",
                          detail: "no such file")
        }
        let id: hid_t = try H5Library.locked {
            _ = H5Library.isLibraryThreadSafe
            let flags = mode == .readOnly ? chdf5_acc_rdonly() : chdf5_acc_rdwr()
            let id = H5Fopen(path, flags, hid_t(H5P_DEFAULT))
            if id >= 0 { Self.setCloseOnExec(id); return id }
            let detail = H5Library.errorStackMessage()
            let isHDF5 = H5Fis_hdf5(path)
            _ = H5Eclear2(hid_t(H5E_DEFAULT))
            if isHDF5 <= 0 {
                throw H5Error(.notHDF5, file: path, object: "", operation: "cannot open HDF5 file",
                              detail: "not an HDF5 file (wrong format, or the file is corrupt)")
            }
            throw H5Error(.notHDF5, file: path, object: "", operation: "cannot open HDF5 file",
                          detail: "\(detail) (truncated or corrupt file?)")
        }
        self.init(path: path, id: id, writable: mode == .readWrite)
    }

    /// Creates a new file (h5py "w" when `overwrite`, else "w-": fails if it exists).
    public static func create(path: String, overwrite: Bool = false) throws -> H5File {
        let id: hid_t = try H5Library.locked {
            _ = H5Library.isLibraryThreadSafe
            let flags = overwrite ? chdf5_acc_trunc() : chdf5_acc_excl()
            let id = H5Fcreate(path, flags, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
            guard id >= 0 else {
                throw H5Error(.fileAccess, file: path, object: "", operation: "cannot create HDF5 file",
                              detail: H5Library.errorStackMessage())
            }
            Self.setCloseOnExec(id)
            return id
        }
        return H5File(path: path, id: id, writable: true)
    }

    /// Marks the file's descriptor close-on-exec. libhdf5 opens files without `O_CLOEXEC`, so a
    /// child process started while the file is open (a training a test launches, a fuzz worker)
    /// would keep it open, with HDF5's `flock` on it, after we close it: opening the file again
    /// then fails with "unable to lock file, errno = 11". Call under the lock, right after opening.
    static func setCloseOnExec(_ id: hid_t) {
        var handle: UnsafeMutableRawPointer?
        guard H5Fget_vfd_handle(id, hid_t(H5P_DEFAULT), &handle) >= 0, let handle else { return }
        let fd = handle.assumingMemoryBound(to: Int32.self).pointee  // the sec2 (default) driver's handle is an int
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }

    /// Writes buffered data to disk.
    public func flush() throws {
        try withID { id in
            guard H5Fflush(id, H5F_SCOPE_GLOBAL) >= 0 else { throw libraryError(.write, "cannot flush file") }
        }
    }
}
