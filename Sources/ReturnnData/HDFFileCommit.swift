import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The atomic-write steps of the HDF writers (`HDFWriter`, `HDFDumpWriter`): the file is built
/// under a temporary name beside the target, then made durable and renamed onto the target, so
/// readers see the old state or the complete file, never a part. Every failure removes the
/// temporary file, so a full disk leaves nothing behind.
enum HDFFileCommit {
    /// A fresh temporary path in the directory of `path`: `.<name>.<uuid>.tmp` (hidden, unique,
    /// so concurrent writers of one target do not collide).
    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
    }

    /// Fsyncs the closed temporary file, renames it onto `path` and fsyncs the directory. On any
    /// failure the temporary file is removed and an `.io` error naming `path` is thrown.
    static func commit(temporary: String, to path: String) throws {
        func fail(_ what: String) -> HDFError {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return HDFError(.io, file: path, "\(what): \(reason); check free disk space and permissions")
        }
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw fail("cannot reopen the temporary file to sync it") }
        let synced = fsync(fd) == 0
        let savedErrno = errno
        close(fd)
        errno = savedErrno
        guard synced else { throw fail("cannot sync the temporary file to disk") }
        guard rename(temporary, path) == 0 else { throw fail("cannot rename the temporary file onto the target") }
        syncDirectory(of: path)
    }

    /// A library failure while writing the temporary file, as an `.io` error about the target
    /// `path` (the temporary name means nothing to the user); other errors pass unchanged.
    static func writeError(_ error: Error, target path: String) -> Error {
        guard let e = error as? H5Error else { return error }
        let what = e.object.isEmpty ? e.operation : "\(e.operation) '\(e.object)'"
        return HDFError(.io, file: path, "writing failed, the file was not written: \(what): \(e.detail); check free disk space and permissions")
    }

    /// Removes the temporary file after a failure (ignoring a file that is already gone).
    static func discard(temporary: String) {
        unlink(temporary)
    }

    /// Fsyncs the directory holding `path` so that the rename survives a crash (errors ignored:
    /// not every file system supports it, and the data is already on disk).
    private static func syncDirectory(of path: String) {
        var dir = (path as NSString).deletingLastPathComponent
        if dir.isEmpty { dir = "." }
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { return }
        _ = fsync(dfd)
        close(dfd)
    }
}
