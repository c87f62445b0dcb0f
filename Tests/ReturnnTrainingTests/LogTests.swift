import Foundation
import Logging
import Testing
import ReturnnConfig
@testable import ReturnnTraining

/// Thread-safe line collector for the log's stdout.
final class LineCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return storage }
    var writer: @Sendable (String) -> Void { { [self] line in lock.lock(); storage.append(line); lock.unlock() } }
}

@Suite struct LogTests {
    /// test_simple_log: no targets, no verbosity → stdout at verbosity 3.
    @Test func simpleLogDefaultsToStdoutVerbosity3() throws {
        let cap = LineCapture()
        let log = try Log(logs: [], verbosity: [], formats: [], stdoutWriter: cap.writer)
        log.v1("one")
        log.v3("three")
        log.v4("four")
        log.v5("five")
        log.error("err")
        #expect(cap.lines == ["one", "three", "err"])
        #expect(log.verbose == [true, true, true, true, false, false])
        #expect(log.isVerbose(3) && !log.isVerbose(4))
    }

    @Test func perTargetVerbosityAndFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cap = LineCapture()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let file = dir.appendingPathComponent("log.$date.txt").path
        let log = try Log(logs: [file], verbosity: [5, 1], formats: [], startTime: start, stdoutWriter: cap.writer)
        log.v1("a")
        log.v2("b")
        log.v5("c")
        #expect(cap.lines == ["a"])
        let written = dir.appendingPathComponent("log.2023-11-14-22-13-20.txt").path
        let text = try String(contentsOfFile: written, encoding: .utf8)
        #expect(text == "a\nb\nc\n")
        #expect(log.isVerbose(5))
    }

    @Test func singleVerbosityAndFormatApplyToAll() throws {
        let cap = LineCapture()
        let log = try Log(logs: ["stdout"], verbosity: [1], formats: ["verbose"], stdoutWriter: cap.writer)
        log.v1("x")
        log.v2("hidden")
        #expect(cap.lines.count == 1)
        let line = try #require(cap.lines.first)
        #expect(line.hasPrefix("INFO - "))
        #expect(line.hasSuffix(" x"))
    }

    @Test func formats() {
        let d = Date(timeIntervalSince1970: 0)
        #expect(LogFormat.default.format("m", stream: 3, date: d) == "m")
        #expect(LogFormat.raw.format("m", stream: 3, date: d) == "m")
        let timed = LogFormat.timed.format("m", stream: 3, date: d)
        // upstream's datefmt "%Y-%m-%d,%H:%M:%S.%MS": minutes then a literal S
        #expect(timed.range(of: #"^\d{4}-\d\d-\d\d,\d\d:\d\d:\d\d\.\d\dS m$"#, options: .regularExpression) != nil)
        #expect(LogFormat.verbose.format("m", stream: 3, date: d).hasPrefix("DEBUG - "))
        #expect(LogFormat.verbose.format("m", stream: 0, date: d).hasPrefix("ERROR - "))
        #expect(LogFormat(name: "nonsense") == .default)
    }

    @Test func badTargets() throws {
        // A regular file where the log's directory should be.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-log-test-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: LogError.self) { try Log(logs: [file.path + "/a.log"], verbosity: [], formats: []) }
        #expect(throws: LogError.self) { try Log(logs: ["|cat"], verbosity: [], formats: []) }
        #expect(throws: LogError.self) { try Log(logs: [], verbosity: [6], formats: []) }
        #expect(throws: LogError.self) { try LogTarget.substituteDate("./x.$user.log", date: Date()) }
        #expect(try LogTarget.substituteDate("./x.${date}.$$", date: Date(timeIntervalSince1970: 0)) == "./x.1970-01-01-00-00-00.$")
    }

    @Test func fromConfig() throws {
        let c = Config(environment: ConfigEnvironment(environment: [:], argv: [], userName: "u", uid: 1) { _ in })
        try c.load(text: "log_verbosity 5\nlog_format timed\n", filename: "l.config")
        let cap = LineCapture()
        let log = try Log(config: c, stdoutWriter: cap.writer)
        log.v5("deep")
        #expect(cap.lines.count == 1)
        #expect(cap.lines[0].hasSuffix("S deep"))
    }

    @Test func warningsArePrefixedAndDeduplicated() throws {
        let cap = LineCapture()
        let log = try Log(logs: [], verbosity: [2], formats: [], stdoutWriter: cap.writer)
        log.warning("disk almost full")
        log.warning("disk almost full")
        log.warning("other")
        #expect(cap.lines == ["WARNING: disk almost full", "WARNING: other"])
    }

    @Test func levelMappingRoundTrips() {
        for v in 0...5 {
            #expect(ReturnnLogHandler.stream(for: ReturnnLogHandler.level(forStream: v)) == v)
        }
        #expect(ReturnnLogHandler.stream(for: .critical) == 0)
    }

    @Test func startupHelpers() {
        #expect(Startup.hmsFraction(3723.25) == "1:02:03.2500")
        #expect(Startup.hmsFraction(0.00004) == "0:00:00.0000")
        #expect(Startup.greetingLine().hasPrefix("RETURNN starting up, version swift-returnn "))
        #expect(Startup.pythonStrRepr("it's") == "\"it's\"")
    }
}
