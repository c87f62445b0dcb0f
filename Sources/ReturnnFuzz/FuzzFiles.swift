import Foundation

/// File reading and writing for the fuzzer (inputs, seeds, saved crashers).
enum FuzzFiles {
    /// The bytes of `path`.
    static func bytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FuzzError("cannot read \(path)")
        }
        return [UInt8](data)
    }

    /// Writes `bytes` to `path` (replacing it; not synced: inputs are scratch). The old file is
    /// unlinked rather than truncated: ext4 flushes a file rewritten through truncation on close,
    /// which made every input cost a disk write.
    static func write(_ bytes: [UInt8], to path: String) throws {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FuzzError("cannot create \(path)") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, bytes.count - done) }
            guard n > 0 else { throw FuzzError("cannot write \(path)") }
            done += n
        }
    }

    /// The files in `directory` (not recursive) whose names end with `.ext`, sorted.
    static func files(in directory: String, ext: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix("." + ext) }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}

/// A usage or setup error of the fuzzer itself.
struct FuzzError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
