import Foundation
import ReturnnConfig

/// Collects lines printed by configs.
final class OutputBox: @unchecked Sendable {
    var lines: [String] = []
}

/// A sandbox environment with fixed user and environment, for deterministic tests.
func testEnvironment(_ box: OutputBox = OutputBox(), env: [String: String] = ["HOME": "/home/tester", "SETUP": "x1"]) -> ConfigEnvironment {
    ConfigEnvironment(environment: env, argv: ["returnn", "test.config"], userName: "tester", uid: 1234) { box.lines.append($0) }
}

/// Loads `text` as a config named `filename` into a fresh store.
func loadConfig(_ text: String, filename: String = "test.config", box: OutputBox = OutputBox()) throws -> Config {
    let c = Config(environment: testEnvironment(box))
    try c.load(text: text, filename: filename)
    return c
}

/// Loads a Python config (adds the `#!returnn.py` line).
func loadPython(_ body: String, box: OutputBox = OutputBox()) throws -> Config {
    try loadConfig("#!returnn.py\n" + body, box: box)
}

/// The error a throwing body throws, as `ConfigError` (nil if it does not throw one).
func configError(_ body: () throws -> Void) -> ConfigError? {
    do { try body() } catch let e as ConfigError { return e } catch { return nil }
    return nil
}

/// A temporary directory removed by the caller.
func makeTempDir() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-config-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Directory of the test fixtures (`Tests/Fixtures/config`).
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/config")

/// The cases of a CPython-checked fixture (`language_cases.txt`, `module_cases.txt`): each
/// `=== case N` block holds a snippet, then `--- expect` and the `repr(x)` CPython gave (one
/// line or several, as numpy prints 2-D arrays); `#` lines before the first case are comments.
func fixtureCases(_ name: String) throws -> [(source: String, expected: String)] {
    let text = try String(contentsOf: fixturesDirectory.appendingPathComponent(name), encoding: .utf8)
    var cases: [(source: String, expected: String)] = []
    var src: [String] = []
    var expect: [String] = []
    var inExpect = false
    func finish() {
        while expect.last == "" { expect.removeLast() }
        if inExpect { cases.append((src.joined(separator: "\n"), expect.joined(separator: "\n"))) }
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if line.hasPrefix("#") && !inExpect && src.isEmpty { continue }
        if line.hasPrefix("=== case") {
            finish()
            src = []
            expect = []
            inExpect = false
        } else if line == "--- expect" {
            inExpect = true
        } else if inExpect {
            expect.append(line)
        } else {
            src.append(line)
        }
    }
    finish()
    return cases
}
