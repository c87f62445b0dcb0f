import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old state or the complete new file, never a
/// partial one: the bytes go to `<path>.tmp_write` in the same directory, which is fsynced,
/// renamed over `path`, and then the directory is fsynced so the rename survives a crash.
/// On any error the temporary file is removed and nothing is left at `path` that was not
/// there before.
public enum SafetensorsAtomicWrite {
    /// Suffix of the temporary file (RETURNN's PyTorch engine uses the same one).
    public static let temporarySuffix = ".tmp_write"

    /// Sink handed to the body of `write(path:body:)`; appends bytes to the temporary file.
    public struct Sink {
        fileprivate let fd: Int32
        fileprivate let path: String

        /// Appends `bytes` (retrying short writes and interrupts).
        public func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw SafetensorsAtomicWrite.ioError("cannot write", path)
                    }
                    offset += n
                }
            }
        }
    }

    /// Writes `chunks` one after the other as the new content of `path`.
    public static func write(path: String, chunks: [[UInt8]]) throws {
        try write(path: path) { sink in for c in chunks { try sink.write(c) } }
    }

    /// Writes whatever `body` appends to the sink as the new content of `path`. If `body`
    /// throws, the temporary file is removed and the error is rethrown.
    public static func write(path: String, body: (Sink) throws -> Void) throws {
        let tmp = path + temporarySuffix
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError("cannot create temporary file", tmp) }
        var closed = false
        do {
            try body(Sink(fd: fd, path: tmp))
            guard fsync(fd) == 0 else { throw ioError("cannot fsync", tmp) }
            closed = true
            guard close(fd) == 0 else { throw ioError("cannot close", tmp) }
            guard rename(tmp, path) == 0 else { throw ioError("cannot rename the temporary file to", path) }
        } catch {
            if !closed { close(fd) }
            unlink(tmp)
            throw error
        }
        syncDirectory(of: path)
    }

    /// Fsyncs the directory holding `path`, making a rename or unlink in it durable. Errors are
    /// ignored: some file systems do not support fsync on directories, and the data itself
    /// is already on disk.
    public static func syncDirectory(of path: String) {
        var dir = (path as NSString).deletingLastPathComponent
        if dir.isEmpty { dir = "." }
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { return }
        _ = fsync(dfd)
        close(dfd)
    }

    /// An `.io` error for `what` on `path` with the system's reason.
    static func ioError(_ what: String, _ path: String) -> CheckpointError {
        let reason = String(cString: strerror(errno))
        return CheckpointError(.io, "\(what) \(path): \(reason) (check that the directory exists, is writable and has free space)")
    }
}

/// The C `write` (a free function, so that `Sink.write` does not shadow it).
private func systemWrite(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buf, count)
}
