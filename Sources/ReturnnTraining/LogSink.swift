import Foundation

/// The shared, thread-safe writer behind the log handler: formats each record per target and
/// writes it to stdout (or a capture closure in tests) and to files.
public final class LogSink: @unchecked Sendable {
    /// The targets with their verbosity and format.
    public let targets: [LogTarget]
    private let lock = NSLock()
    private var files: [Int: FileHandle] = [:]
    private var warned: Set<String> = []
    private let stdoutWriter: @Sendable (String) -> Void

    /// Opens the file targets (append mode). `stdoutWriter` receives each stdout line without
    /// the newline (default: write to standard output).
    public init(targets: [LogTarget], stdoutWriter: (@Sendable (String) -> Void)? = nil) throws {
        self.targets = targets
        self.stdoutWriter = stdoutWriter ?? { line in
            FileHandle.standardOutput.write((line + "\n").data(using: .utf8)!)
        }
        for (i, t) in targets.enumerated() {
            guard case .file(let path) = t.destination else { continue }
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw LogError("cannot create log file '\(path)'; check that its directory is writable")
                }
            }
            guard let h = FileHandle(forWritingAtPath: path) else {
                throw LogError("cannot open log file '\(path)' for writing")
            }
            h.seekToEndOfFile()
            files[i] = h
        }
    }

    deinit {
        for h in files.values { try? h.close() }
    }

    /// Records `text` as warned; false if it was warned before (for deduplicated warnings).
    public func markWarned(_ text: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return warned.insert(text).inserted
    }

    /// Highest verbosity over the targets.
    public var maxVerbosity: Int { targets.map { $0.verbosity }.max() ?? 0 }

    /// Writes `message` (possibly several lines) of stream `stream` to each target whose
    /// verbosity is at least `stream`.
    public func write(_ message: String, stream: Int, date: Date = Date()) {
        lock.lock()
        defer { lock.unlock() }
        for (i, t) in targets.enumerated() where t.verbosity >= stream {
            let text = t.format.format(message, stream: stream, date: date)
            switch t.destination {
            case .stdout: stdoutWriter(text)
            case .file: files[i]?.write((text + "\n").data(using: .utf8)!)
            }
        }
    }
}
