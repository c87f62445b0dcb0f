import Foundation
import ReturnnConfig

/// A fresh temporary directory for one test; the test removes it with `defer`.
func checkpointTempDir() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-ckpt-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// A config store loaded from Python config text (the `#!returnn.py` line is added).
func checkpointConfig(_ body: String) throws -> Config {
    let c = Config(environment: ConfigEnvironment(environment: [:], argv: ["returnn", "test.config"], userName: "tester",
                                                  uid: 1234) { _ in })
    try c.load(text: "#!returnn.py\n" + body, filename: "test.config")
    return c
}

/// The value of `key` in a Python config text (for option dicts).
func checkpointConfigValue(_ key: String, _ body: String) throws -> ConfigValue {
    guard let v = try checkpointConfig(body).typedValue(key) else { fatalError("config has no \(key)") }
    return v
}

/// Directory of the checkpoint fixtures (`Tests/Fixtures/checkpoint`).
let checkpointFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/checkpoint").path

/// The bytes of the file at `path`.
func fileBytes(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) }
}

/// The entries of directory `dir`, sorted.
func directoryListing(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
}
