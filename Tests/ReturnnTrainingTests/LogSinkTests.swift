import Foundation
import Testing
@testable import ReturnnTraining

/// Everything written to a fake terminal, log lines and progress text in order.
final class TerminalCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = ""
    var text: String { lock.lock(); defer { lock.unlock() }; return storage }
    func append(_ s: String) { lock.lock(); storage += s; lock.unlock() }
    var lineWriter: @Sendable (String) -> Void { { [self] line in append(line + "\n") } }
    var terminal: LogSink.Terminal { LogSink.Terminal(write: { [self] in append($0) }, columns: { 60 }) }
}

@Suite struct LogSinkTests {
    let line = ProgressLine(prefix: "train epoch 1", steps: 3, complete: 0.5, knownLength: true, frames: 300, elapsed: 1)

    /// The progress line is drawn in place and erased before the next log line.
    @Test func progressIsErasedBeforeTheNextLogLine() throws {
        let cap = TerminalCapture()
        let log = try Log(logs: [], verbosity: [3], formats: [], stdoutWriter: cap.lineWriter, terminal: cap.terminal)
        #expect(log.showsProgress)
        log.v3("before")
        log.progress(line)
        log.progress(line)
        log.v3("after")
        log.clearProgress()
        let drawn = "\r" + line.render(width: 60) + "\u{1B}[K"
        #expect(cap.text == "before\n" + drawn + drawn + "\r\u{1B}[K" + "after\n")
    }

    /// A log file is appended to (a resumed training keeps its earlier log); a log file that
    /// cannot be opened is an error that says which file and why.
    @Test func logFileAppendsAndErrorsNameTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logsink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("returnn.log").path
        try "earlier\n".write(toFile: path, atomically: false, encoding: .utf8)
        do {
            let log = try Log(logs: [path], verbosity: [3], formats: [], stdoutWriter: { _ in })
            log.v3("later")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("earlier\n"))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("later"))
        let isDirectory = dir.appendingPathComponent("sub").path
        try FileManager.default.createDirectory(atPath: isDirectory, withIntermediateDirectories: true)
        #expect {
            _ = try Log(logs: [isDirectory], verbosity: [3], formats: [], stdoutWriter: { _ in })
        } throws: { e in
            "\(e)" == "cannot open log file '\(isDirectory)' for writing (Is a directory); check that its directory exists and is writable"
        }
    }

    @Test func clearWithoutProgressWritesNothing() throws {
        let cap = TerminalCapture()
        let log = try Log(logs: [], verbosity: [3], formats: [], stdoutWriter: cap.lineWriter, terminal: cap.terminal)
        log.clearProgress()
        log.v3("x")
        #expect(cap.text == "x\n")
    }

    /// No terminal (stdout piped, or a test's writer): no progress at all; verbosity 5 prints
    /// per-step lines instead, and below 3 nothing shows progress, as upstream.
    @Test func progressOnlyOnATerminalAtVerbosity3or4() throws {
        let cap = TerminalCapture()
        let piped = try Log(logs: [], verbosity: [3], formats: [], stdoutWriter: cap.lineWriter)
        #expect(!piped.showsProgress)
        piped.progress(line)
        #expect(cap.text.isEmpty)
        for (v, shows) in [(2, false), (3, true), (4, true), (5, false)] {
            let log = try Log(logs: [], verbosity: [v], formats: [], stdoutWriter: cap.lineWriter, terminal: cap.terminal)
            #expect(log.showsProgress == shows, "verbosity \(v)")
        }
    }

    /// Log files never get the progress line, also while it is shown on the terminal.
    @Test func logFilesGetNoProgress() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-logsink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("returnn.log").path
        let cap = TerminalCapture()
        let log = try Log(logs: [file], verbosity: [3], formats: [], stdoutWriter: cap.lineWriter, terminal: cap.terminal)
        log.progress(line)
        log.v3("done")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "done\n")
        #expect(cap.text.contains("train epoch 1, step 3/~6"))
    }
}
