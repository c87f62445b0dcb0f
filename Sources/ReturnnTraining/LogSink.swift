import Foundation

/// The shared, thread-safe writer behind the log handler: formats each record per target and
/// writes it to stdout (or a capture closure in tests) and to files. It also draws the live
/// progress line (`ProgressLine`) on a terminal: only when stdout is one, never into files, and
/// erased before the next log line goes to stdout.
public final class LogSink: @unchecked Sendable {
    /// Where the progress line goes: raw text (with `\r` and the erase-line escape) and the
    /// terminal's width in columns.
    public struct Terminal: Sendable {
        /// Writes raw text to the terminal.
        public var write: @Sendable (String) -> Void
        /// The terminal's current width in columns.
        public var columns: @Sendable () -> Int
        /// A terminal with these functions (tests capture the text).
        public init(write: @escaping @Sendable (String) -> Void, columns: @escaping @Sendable () -> Int) {
            self.write = write
            self.columns = columns
        }

        /// Standard output when it is a terminal (`isatty`), else nil. The width is asked from
        /// the terminal (`TIOCGWINSZ`) each time, falling back to `$COLUMNS`, then 80.
        public static func standardOutput() -> Terminal? {
            guard isatty(STDOUT_FILENO) == 1 else { return nil }
            return Terminal(write: { FileHandle.standardOutput.writeOutput($0) }, columns: {
                var size = winsize()
                if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
                if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
                return 80
            })
        }
    }

    /// The targets with their verbosity and format.
    public let targets: [LogTarget]
    private let lock = NSLock()
    private var files: [Int: FileHandle] = [:]
    private var warned: Set<String> = []
    private let stdoutWriter: @Sendable (String) -> Void
    /// Where the progress line is drawn; nil when stdout is not a terminal.
    public let terminal: Terminal?
    private var progressShown = false

    /// Opens the file targets (append mode). `stdoutWriter` receives each stdout line without
    /// the newline (default: write to standard output). `terminal` draws the progress line;
    /// by default standard output if that is a terminal and `stdoutWriter` is not given.
    public init(targets: [LogTarget], stdoutWriter: (@Sendable (String) -> Void)? = nil, terminal: Terminal? = nil) throws {
        self.targets = targets
        self.stdoutWriter = stdoutWriter ?? { line in
            FileHandle.standardOutput.writeOutput(line + "\n")
        }
        self.terminal = terminal ?? (stdoutWriter == nil ? Terminal.standardOutput() : nil)
        for (i, t) in targets.enumerated() {
            guard case .file(let path) = t.destination else { continue }
            // open(2) rather than FileManager.createFile, which on Linux writes through a
            // temporary directory it leaves behind in /tmp.
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw LogError("cannot open log file '\(path)' for writing (\(String(cString: strerror(errno)))); check that its directory exists and is writable")
            }
            files[i] = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
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
            case .stdout:
                if progressShown { eraseProgress() }
                stdoutWriter(text)
            case .file: files[i]?.writeOutput(text + "\n")
            }
        }
    }

    /// Draws `line` as the progress line, in place of the previous one (upstream's `\r`
    /// progress bar); nothing without a terminal.
    public func showProgress(_ line: ProgressLine) {
        lock.lock()
        defer { lock.unlock() }
        guard let terminal else { return }
        terminal.write("\r" + line.render(width: terminal.columns()) + "\u{1B}[K")
        progressShown = true
    }

    /// Erases the progress line, if one is shown, leaving the cursor at the start of the line.
    public func clearProgress() {
        lock.lock()
        defer { lock.unlock() }
        if progressShown { eraseProgress() }
    }

    /// Erases the progress line; the lock is held.
    private func eraseProgress() {
        terminal?.write("\r\u{1B}[K")
        progressShown = false
    }
}
