import Foundation
import Testing

/// End-to-end tests of the built `returnn` executable, run as a subprocess (one at a time:
/// Foundation's `Process` is not robust to concurrent launches on every platform).
@Suite(.serialized) struct ReturnnCLITests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// The `returnn` binary next to the test bundle (SwiftPM's build products directory).
    static func binary() throws -> URL {
        var dirs: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let exe = CommandLine.arguments.first { dirs.append(URL(fileURLWithPath: exe).deletingLastPathComponent()) }
        for d in Bundle.allBundles.map({ $0.bundleURL.deletingLastPathComponent() }) { dirs.append(d) }
        for d in dirs {
            let candidate = d.appendingPathComponent("returnn")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw CLIError(description: "returnn binary not found near \(dirs.map { $0.path })")
    }

    struct CLIError: Error, CustomStringConvertible { var description: String }

    static func run(_ args: [String], cwd: URL? = nil) throws -> Result {
        let p = Process()
        p.executableURL = try binary()
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempDir() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let demosDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("demos")

    /// test_returnn_startup: `-x nop` prints 3..10 lines, one greeting, `Task: No-operation`.
    @Test func startupNop() throws {
        let r = try Self.run(["-x", "nop", "++use_tensorflow", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect((3...10).contains(r.lines.count), "\(r.lines)")
        #expect(r.lines.filter { $0.hasPrefix("RETURNN starting up, version swift-returnn ") }.count == 1)
        #expect(r.lines.contains("Task: No-operation"))
        #expect(r.lines.contains { $0.hasPrefix("elapsed: 0:00:0") })
        #expect(!r.lines.contains("Quitting"))
    }

    /// test_returnn_startup_verbose: with `++log_verbosity 5`, 3..15 lines incl. the v4 lines.
    @Test func startupVerbose() throws {
        let r = try Self.run(["-x", "nop", "++log_verbosity", "5"])
        #expect(r.status == 0)
        #expect((3...15).contains(r.lines.count), "\(r.lines)")
        #expect(r.lines.contains("RETURNN command line options: ['-x', 'nop', '++log_verbosity', '5']"))
        #expect(r.lines.contains { $0.hasPrefix("Hostname: ") })
        #expect(r.lines.last == "Quitting")
    }

    /// Upstream's line (`RETURNN version <long version>, date/time ..., pid ..., cwd ...`) with
    /// the commit of the build as upstream's `+git-<hash>`.
    @Test func version() throws {
        let r = try Self.run(["--version"])
        #expect(r.status == 0)
        let pattern = #"^RETURNN version swift-returnn \d+\.\d+\.\d+\+git-([0-9a-f]{7,}(-dirty)?|unknown) \(built \d{4}-\d{2}-\d{2}\), "#
            + #"date/time \d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2} \(UTC[+-]\d{4}\), pid \d+, cwd .+\n$"#
        #expect(r.stdout.range(of: pattern, options: .regularExpression) != nil, "\(r.stdout)")
        // The same version opens every run's log.
        let nop = try Self.run(["-x", "nop"])
        let version = r.stdout.dropFirst("RETURNN version ".count).prefix { $0 != "," }
        #expect(nop.stdout.contains("RETURNN starting up, version \(version), "), "\(nop.stdout)")
    }

    @Test func unknownTaskListsKnownTasks() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("t.config")
        try "#!returnn.py\ntask = 'analyze'\n".write(to: cfg, atomically: false, encoding: .utf8)
        let r = try Self.run([cfg.path])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("returnn: error: task 'analyze' is a RETURNN task that swift-returnn does not implement yet; available tasks: nop, train"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(!r.stderr.contains("Fatal error"))
        let typo = try Self.run([cfg.path, "++task", "nopp"])
        #expect(typo.status == 1)
        #expect(typo.stderr.hasPrefix("returnn: error: unknown task 'nopp'; known tasks: nop"))
        #expect(typo.stderr.contains("(did you mean 'nop'?)"))
    }

    @Test func configFunctionTasks() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("f.config")
        try "#!returnn.py\ndef hello():\n  print('hello from the config')\n".write(to: cfg, atomically: false, encoding: .utf8)
        let r = try Self.run([cfg.path, "-x", "config:hello", "++log_verbosity", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines == ["hello from the config"])
        let opt = try Self.run([cfg.path, "-x", "optional-config:missing", "++log_verbosity", "0"])
        #expect(opt.status == 0)
        let missing = try Self.run([cfg.path, "-x", "config:missing"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("defines no 'missing'"))
    }

    @Test func userErrorsAreOneLocatedParagraph() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("bad.config")
        try "#!returnn.py\nx = {'a': 1,\n     'b' 2}\n".write(to: cfg, atomically: false, encoding: .utf8)
        let r = try Self.run([cfg.path, "-x", "nop"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("returnn: error: \(cfg.path):3:10: invalid syntax"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        let missing = try Self.run([dir.appendingPathComponent("nope.config").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read config file"))
        let noArgs = try Self.run([])
        #expect(noArgs.status == 2)
        #expect(noArgs.stderr.contains("usage: returnn"))
        let badOption = try Self.run(["-w", "1"])
        #expect(badOption.status == 2)
        #expect(badOption.stderr.contains("no such option: -w"))
        // A log file name without a directory goes to the current directory; a missing
        // directory is created (upstream refuses both).
        let plainLog = try Self.run(["-x", "nop", "-l", "plain.log"], cwd: dir)
        #expect(plainLog.status == 0, "\(plainLog.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("plain.log").path))
        let nestedLog = try Self.run(["-x", "nop", "-l", "log/sub/crnn.train.log"], cwd: dir)
        #expect(nestedLog.status == 0, "\(nestedLog.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("log/sub/crnn.train.log").path))
        try Data("x".utf8).write(to: dir.appendingPathComponent("afile"))
        let badLog = try Self.run(["-x", "nop", "-l", "afile/x.log"], cwd: dir)
        #expect(badLog.status == 1)
        #expect(badLog.stderr.contains("invalid log target 'afile/x.log': 'afile' is a file, not a directory"), "\(badLog.stderr)")
    }

    @Test func dumpConfigAndOverrides() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("d.config")
        try """
            #!returnn.py
            print("noise on stderr")
            num_epochs = 5
            lr = 0.1
            task = config.value("task", "train")
            def get_network(epoch):
                return {}
            """.write(to: cfg, atomically: false, encoding: .utf8)
        let r = try Self.run([cfg.path, "--dump-config", "-x", "nop", "++num_epochs", "7", "++lr", "+-0.5", "++newkey", "a,b"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("noise on stderr"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["num_epochs"] as? Int == 7)
        #expect(json["lr"] as? Double == -0.5)
        #expect(json["task"] as? String == "nop")
        #expect(json["newkey"] as? [String] == ["a", "b"])
        #expect(json["get_network"] as? String == "<function get_network>")
    }

    @Test func logFileTarget() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["-x", "nop", "-l", "./returnn.log"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("returnn.log"), encoding: .utf8)
        #expect(text.contains("Task: No-operation"))
    }

    /// The 12AX demo evaluates, naming its model path like upstream's demos.
    @Test func demo12AX() throws {
        let demo = Self.demosDirectory.appendingPathComponent("12ax.config")
        let r = try Self.run([demo.path, "--dump-config"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let net = try #require(json["network"] as? [String: Any])
        #expect((net["fw0"] as? [String: Any])?["unit"] as? String == "nativelstm2")
        #expect(json["num_epochs"] as? Int == 5)
        let model = try #require(json["model"] as? String)
        #expect(model.hasPrefix("/tmp/") && model.hasSuffix("/returnn/\(demo.deletingPathExtension().path)/model"))
        let nop = try Self.run([demo.path, "-x", "nop"])
        #expect(nop.status == 0, "\(nop.stderr)")
        #expect(nop.lines.first?.hasPrefix("Hello, experiment: ") == true)
    }
}
