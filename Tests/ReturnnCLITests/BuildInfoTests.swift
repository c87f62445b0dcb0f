import Foundation
import Testing

/// `scripts/build-info.sh`, which the BuildInfoPlugin runs before every build to give
/// `returnn --version` the commit it was built from.
@Suite(.serialized) struct BuildInfoTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/build-info.sh")

    @discardableResult
    static func sh(_ args: [String], cwd: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        for (k, v) in ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"] { env[k] = v }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw ReturnnCLITests.CLIError(description: "\(args.joined(separator: " ")) failed (\(p.terminationStatus)): \(text)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs the script for `package`; returns the generated file's commit and date values.
    static func generate(_ package: URL) throws -> (commit: String, date: String, text: String) {
        let out = package.deletingLastPathComponent().appendingPathComponent("out-\(UUID().uuidString)")
        try sh(["sh", script.path, package.path, out.path], cwd: package)
        let text = try String(contentsOf: out.appendingPathComponent("BuildInfo.swift"), encoding: .utf8)
        func value(_ name: String) -> String {
            let line = text.split(separator: "\n").first { $0.contains("static let \(name) = ") } ?? ""
            return String(line.split(separator: "\"").dropFirst().first ?? "")
        }
        return (value("commit"), value("date"), text)
    }

    @Test func commitDirtyAndUnknown() throws {
        let root = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let repo = root.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try "a\n".write(to: repo.appendingPathComponent("f.txt"), atomically: false, encoding: .utf8)
        try Self.sh(["git", "init", "-q"], cwd: repo)
        try Self.sh(["git", "add", "f.txt"], cwd: repo)
        try Self.sh(["git", "commit", "-q", "-m", "one"], cwd: repo)
        let head = try Self.sh(["git", "rev-parse", "--short=7", "HEAD"], cwd: repo)

        let clean = try Self.generate(repo)
        #expect(clean.commit == head)
        #expect(clean.date.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil)
        #expect(clean.text.contains("enum BuildInfo"))

        // An untracked file is not a change; an edit of a tracked file is.
        try "x\n".write(to: repo.appendingPathComponent("new.txt"), atomically: false, encoding: .utf8)
        #expect(try Self.generate(repo).commit == head)
        try "b\n".write(to: repo.appendingPathComponent("f.txt"), atomically: false, encoding: .utf8)
        #expect(try Self.generate(repo).commit == head + "-dirty")

        // A source tree without .git, also one unpacked inside another repository, says unknown.
        let plain = root.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        #expect(try Self.generate(plain).commit == "unknown")
        let nested = repo.appendingPathComponent("vendored")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        #expect(try Self.generate(nested).commit == "unknown")
    }

    /// An unchanged checkout leaves the file untouched (no recompilation on every build).
    @Test func unchangedTextIsNotRewritten() throws {
        let root = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        try Self.sh(["sh", Self.script.path, root.path, out.path], cwd: root)
        let file = out.appendingPathComponent("BuildInfo.swift").path
        let before = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
        usleep(1_100_000)
        try Self.sh(["sh", Self.script.path, root.path, out.path], cwd: root)
        let after = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
        #expect(before != nil && before == after)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["BuildInfo.swift"])
    }
}
