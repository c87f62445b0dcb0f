import Foundation
import Testing

/// Bounded, deterministic mutation fuzzing of the readers in the normal test run, through the
/// built `returnn-fuzz` (inputs are read in a child process, so a crash of a reader shows up as
/// a failed test naming the input, not as a dead test process). The rule: every input is read
/// or refused with an error (the config reader's errors located in the file); no crash, no hang.
/// Longer runs by hand: `scripts/fuzz.sh`.
@Suite(.serialized) struct FuzzTests {
    struct Run {
        var status: Int32
        var output: String
        var summary: String { output.split(separator: "\n").last.map(String.init) ?? "" }
        /// The number before `label` in the summary ("12 read").
        func count(_ label: String) -> Int? {
            guard let r = summary.range(of: " " + label) else { return nil }
            return Int(summary[..<r.lowerBound].split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ":" }).last ?? "")
        }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `returnn-fuzz` binary next to the test bundle.
    static func binary() throws -> URL {
        var dirs: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let exe = CommandLine.arguments.first { dirs.append(URL(fileURLWithPath: exe).deletingLastPathComponent()) }
        for d in Bundle.allBundles.map({ $0.bundleURL.deletingLastPathComponent() }) { dirs.append(d) }
        for d in dirs where FileManager.default.isExecutableFile(atPath: d.appendingPathComponent("returnn-fuzz").path) {
            return d.appendingPathComponent("returnn-fuzz")
        }
        throw FuzzTestError(description: "returnn-fuzz not found near \(dirs.map(\.path))")
    }

    struct FuzzTestError: Error, CustomStringConvertible { var description: String }

    static func fuzz(_ args: [String]) throws -> (Run, URL) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-fuzz-test-\(UUID().uuidString)")
        let p = Process()
        p.executableURL = try binary()
        p.arguments = args + ["--out", out.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (Run(status: p.terminationStatus, output: text), out)
    }

    /// 300 inputs of a reader: all read or refused, with both outcomes well represented.
    static func expectClean(_ target: String, corpus: [String] = [], minimumRead: Int) throws {
        let (r, out) = try fuzz([target, "--count", "300", "--seed", "1", "--timeout", "20"] + corpus.flatMap { ["--corpus", $0] })
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(r.status == 0, "\(r.output)")
        #expect(r.summary.hasPrefix("\(target): 300 inputs (seed 1, from 0): ") &&
                r.summary.contains(" 0 findings, 0 crashes, 0 hangs;"), "\(r.output)")
        #expect((r.count("read") ?? 0) >= minimumRead && (r.count("refused with an error") ?? 0) >= 30, "\(r.summary)")
    }

    @Test func configReaderAndInterpreter() throws {
        try Self.expectClean("config", corpus: [Self.root.appendingPathComponent("demos").path], minimumRead: 20)
    }

    @Test func hdfReader() throws {
        try Self.expectClean("hdf", corpus: [Self.root.appendingPathComponent("Tests/Fixtures/hdf").path], minimumRead: 60)
    }

    @Test func safetensorsReader() throws {
        try Self.expectClean("safetensors", corpus: [Self.root.appendingPathComponent("Tests/Fixtures/checkpoint").path], minimumRead: 5)
    }

    @Test func tfCheckpointReader() throws {
        try Self.expectClean("tfcheckpoint", corpus: [Self.root.appendingPathComponent("Tests/Fixtures/tfcheckpoint").path,
                                                      Self.root.appendingPathComponent("Tests/Fixtures/tfcheckpoint/12ax").path],
                             minimumRead: 3)
    }

    /// The crashers found so far, read again: each is refused, none crashes or hangs.
    @Test func regressionFixtures() throws {
        let (r, out) = try Self.fuzz(["hdf", "--replay", Self.root.appendingPathComponent("Tests/Fixtures/fuzz/hdf").path, "--timeout", "20"])
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(r.status == 0, "\(r.output)")
        #expect(r.summary.hasPrefix("hdf: 9 inputs (seed 1, from 0): 0 read, 9 refused with an error, 0 findings, 0 crashes, 0 hangs;"),
                "\(r.output)")
    }

    /// The fuzzer itself: a target that crashes, hangs and breaks the rules on purpose. Each
    /// failure is counted, its input saved, and the run goes on after it; the exit status is 1.
    @Test func fuzzerCatchesCrashesHangsAndFindings() throws {
        let (r, out) = try Self.fuzz(["selftest", "--count", "12", "--timeout", "1"])
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(r.status == 1, "\(r.output)")
        #expect(r.summary.hasPrefix("selftest: 12 inputs (seed 1, from 0): 5 read, 3 refused with an error, 1 findings, 2 crashes, 1 hangs;"),
                "\(r.output)")
        #expect(r.output.contains("crash 3: signal \(SIGILL)") || r.output.contains("crash 3: signal \(SIGTRAP)"), "\(r.output)")
        #expect(r.output.contains("hang 5: exit status 3"), "\(r.output)")
        let saved = (try? FileManager.default.contentsOfDirectory(atPath: out.path))?.sorted() ?? []
        #expect(saved == ["crash-selftest-seed1-10.log", "crash-selftest-seed1-10.txt", "crash-selftest-seed1-3.log", "crash-selftest-seed1-3.txt",
                          "finding-selftest-seed1-9.txt", "hang-selftest-seed1-5.log", "hang-selftest-seed1-5.txt"])
        #expect(try String(contentsOf: out.appendingPathComponent("crash-selftest-seed1-3.txt"), encoding: .utf8) == "3\n")
    }
}
