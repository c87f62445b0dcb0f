import Foundation
import Testing

/// How i6_core launches RETURNN: `python3 <returnn_root>/rnn.py returnn.config`, or with
/// `returnn_python_exe` set to the binary, `returnn <returnn_root>/rnn.py returnn.config`.
@Suite(.serialized) struct LauncherTests {
    /// The repository's `rnn.py`.
    static let launcher = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("rnn.py")

    /// Debian's `/usr/bin/python3` (CI has it), else `python3` on PATH.
    static func python3() throws -> URL {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") { return URL(fileURLWithPath: "/usr/bin/python3") }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = URL(fileURLWithPath: String(dir)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: p.path) { return p }
        }
        throw ReturnnCLITests.CLIError(description: "python3 not found on PATH; the launcher tests need Debian's python3")
    }

    static func run(_ exe: URL, _ args: [String], cwd: URL, environment: [String: String]) throws -> ReturnnCLITests.Result {
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        p.currentDirectoryURL = cwd
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return .init(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A config that prints its `sys.argv`, in a fresh directory.
    static func configDir() throws -> URL {
        let dir = ReturnnCLITests.tempDir()
        try "#!rnn.py\nimport sys\nprint('argv:', sys.argv)\ntask = 'nop'\n"
            .write(to: dir.appendingPathComponent("returnn.config"), atomically: false, encoding: .utf8)
        return dir
    }

    @Test func rnnPyExecsTheBinary() throws {
        let dir = try Self.configDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_RETURNN_BINARY"] = try ReturnnCLITests.binary().path
        let r = try Self.run(try Self.python3(), [Self.launcher.path, "returnn.config", "++log_verbosity", "4"], cwd: dir, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("Task: No-operation"))
        #expect(r.lines.contains("RETURNN command line options: ['++log_verbosity', '4']"))
        // The config sees upstream's sys.argv: rnn.py as given to python, then the arguments.
        #expect(r.lines.contains("argv: ['\(Self.launcher.path)', 'returnn.config', '++log_verbosity', '4']"), "\(r.lines)")
        // The exit status comes through.
        let bad = try Self.run(try Self.python3(), [Self.launcher.path, "returnn.config", "++task", "nosuchtask"], cwd: dir, environment: env)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("unknown task 'nosuchtask'"))
    }

    @Test func rnnPySaysWhereItLookedWhenThereIsNoBinary() throws {
        let dir = try Self.configDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A copy of rnn.py away from the checkout's .build, with no returnn on PATH.
        let copy = dir.appendingPathComponent("rnn.py")
        try FileManager.default.copyItem(at: Self.launcher, to: copy)
        let env = ["PATH": dir.path, "SWIFT_RETURNN_BINARY": dir.appendingPathComponent("missing").path]
        let r = try Self.run(try Self.python3(), [copy.path, "returnn.config"], cwd: dir, environment: env)
        #expect(r.status == 1)
        #expect(r.stderr.contains("rnn.py: the swift-returnn binary was not found"), "\(r.stderr)")
        #expect(r.stderr.contains("SWIFT_RETURNN_BINARY"))
        #expect(r.stderr.contains(dir.appendingPathComponent("missing").path))
    }

    /// `returnn /path/rnn.py config`: the launcher argument is skipped; the config sees
    /// upstream's `sys.argv` (`/path/rnn.py config`).
    @Test func binarySkipsALeadingRnnPy() throws {
        let dir = try Self.configDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ReturnnCLITests.run(["/somewhere/returnn/rnn.py", "returnn.config"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("Task: No-operation"))
        #expect(r.lines.contains("argv: ['/somewhere/returnn/rnn.py', 'returnn.config']"))
        let none = try ReturnnCLITests.run(["/somewhere/returnn/rnn.py"], cwd: dir)
        #expect(none.status == 2)
        #expect(none.stderr.contains("no config file or options given after /somewhere/returnn/rnn.py"))
    }
}
