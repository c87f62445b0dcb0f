import Foundation
import Logging
import ReturnnConfig

/// RETURNN's log (`returnn/log.py`): streams v1...v5 (plus v0 for errors), targets stdout (always)
/// and files, a verbosity and a format per target. Passed explicitly; there is no global log.
///
/// `log.v3("text")` is upstream's `print("text", file=log.v3)`. `isVerbose(5)` is `log.verbose[5]`.
public struct Log: Sendable {
    /// The swift-log logger with our handler.
    public let logger: Logger
    /// The sink (targets) behind the logger.
    public let sink: LogSink
    /// `verbose[j]` is true for all j ≤ the highest verbosity over the targets.
    public let verbose: [Bool]

    /// Sets up the log as upstream's `Log.initialize(logs, verbosity, formatter)`.
    ///
    /// - `logs`: targets; `"stdout"` or a file name (`$date` is replaced by the UTC start time);
    ///   `"stdout"` is appended if missing. A missing directory of a log file is created
    ///   (`log = "log/crnn.train.log"`), and a bare file name goes to the current directory;
    ///   upstream refuses both ("invalid log target").
    /// - `verbosity`: per target; a single value applies to all; default 3. Must be ≤ 5.
    /// - `formats`: per target; a single value applies to all; unknown or missing → `default`.
    /// - `stdoutWriter`: where stdout lines go (tests capture them); default standard output.
    /// - `terminal`: where the progress line is drawn; default standard output if it is a
    ///   terminal and no `stdoutWriter` is given.
    public init(logs: [String], verbosity: [Int], formats: [String], startTime: Date = Date(),
                stdoutWriter: (@Sendable (String) -> Void)? = nil, terminal: LogSink.Terminal? = nil) throws
    {
        var logs = logs
        if !logs.contains("stdout") { logs.append("stdout") }
        let fmts = formats.count == 1 ? Array(repeating: formats[0], count: logs.count) : formats
        var targets: [LogTarget] = []
        var verboseFlags = [Bool](repeating: false, count: 6)
        for (i, t) in logs.enumerated() {
            var v = 3
            if i < verbosity.count { v = verbosity[i] } else if verbosity.count == 1 { v = verbosity[0] }
            guard v <= 5 else { throw LogError("invalid log verbosity \(v) (log_verbosity must be 0...5)") }
            for j in 0...max(0, v) { verboseFlags[j] = true }
            let format = i < fmts.count ? LogFormat(name: fmts[i]) : .default
            let dest: LogTarget.Destination
            if t == "stdout" {
                dest = .stdout
            } else if t.hasPrefix("|") {
                throw LogError("log target '\(t)': piping the log into a command is not supported by swift-returnn; pipe the stdout of returnn instead")
            } else {
                let path = try LogTarget.substituteDate(t, date: startTime)
                let dir = (path as NSString).deletingLastPathComponent
                var isDir: ObjCBool = false
                if !dir.isEmpty, !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
                    do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                        throw LogError("invalid log target '\(t)': cannot create its directory '\(dir)' (\(error.localizedDescription)); check the path and permissions")
                    }
                } else if !dir.isEmpty, !isDir.boolValue {
                    throw LogError("invalid log target '\(t)': '\(dir)' is a file, not a directory")
                }
                dest = .file(path)
            }
            targets.append(LogTarget(destination: dest, verbosity: v, format: format))
        }
        let sink = try LogSink(targets: targets, stdoutWriter: stdoutWriter, terminal: terminal)
        self.sink = sink
        self.verbose = verboseFlags
        var logger = Logger(label: "returnn") { _ in ReturnnLogHandler(sink: sink) }
        logger.logLevel = .trace
        self.logger = logger
    }

    /// Upstream's `init_by_config`: `log` (list), `log_verbosity` (int list), `log_format` (list).
    public init(config: Config, startTime: Date = Date(), stdoutWriter: (@Sendable (String) -> Void)? = nil,
                terminal: LogSink.Terminal? = nil) throws {
        try self.init(
            logs: try config.stringList("log"), verbosity: try config.intList("log_verbosity"),
            formats: try config.stringList("log_format"), startTime: startTime, stdoutWriter: stdoutWriter, terminal: terminal)
    }

    /// Whether passes draw the live progress line: stdout is a terminal and the verbosity is 3
    /// or 4 (upstream's `_show_interactive_process_bar`; at 5 the per-step lines replace it).
    public var showsProgress: Bool { sink.terminal != nil && isVerbose(3) && !isVerbose(5) }

    /// Draws `line` in place on the terminal (nothing without one); never goes to log files.
    public func progress(_ line: ProgressLine) { sink.showProgress(line) }

    /// Erases the progress line, if one is shown.
    public func clearProgress() { sink.clearProgress() }

    /// `log.verbose[v]`: whether any target shows stream `v`.
    public func isVerbose(_ v: Int) -> Bool { v >= 0 && v < verbose.count && verbose[v] }

    /// Writes `message` to stream `stream` (0...5).
    public func write(_ stream: Int, _ message: String) {
        logger.log(level: ReturnnLogHandler.level(forStream: stream), "\(message)")
    }

    /// Errors (always shown unless a target has verbosity below 0).
    public func error(_ message: String) { write(0, message) }
    /// Stream v1: task results, epoch summaries.
    public func v1(_ message: String) { write(1, message) }
    /// Stream v2: data and network summaries, warnings.
    public func v2(_ message: String) { write(2, message) }
    /// Stream v3: greeting, progress of training.
    public func v3(_ message: String) { write(3, message) }
    /// Stream v4: details (config name, command line, model saving).
    public func v4(_ message: String) { write(4, message) }
    /// Stream v5: per-step lines, debugging.
    public func v5(_ message: String) { write(5, message) }
    /// `print_warning`: `WARNING: ...` on v2; a text already warned about is not repeated.
    public func warning(_ message: String) {
        if sink.markWarned(message) { write(2, "WARNING: " + message) }
    }
}
