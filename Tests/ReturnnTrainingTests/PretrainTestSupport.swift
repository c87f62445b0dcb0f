import Foundation
import ReturnnConfig

/// A sandbox environment with fixed user and environment, for deterministic pretrain tests.
func pretrainTestEnvironment() -> ConfigEnvironment {
    ConfigEnvironment(environment: ["HOME": "/home/tester"], argv: ["returnn", "test.config"], userName: "tester", uid: 1234) { _ in }
}

/// Loads config `text` (any format, detected as upstream does) into a fresh store.
func pretrainConfig(text: String, filename: String = "test.config") throws -> Config {
    let c = Config(environment: pretrainTestEnvironment())
    try c.load(text: text, filename: filename)
    return c
}

/// Loads a Python config (adds the `#!returnn.py` line).
func pretrainConfig(_ pythonBody: String) throws -> Config {
    try pretrainConfig(text: "#!returnn.py\n" + pythonBody)
}

/// The value of `key` in a Python config made of `pythonBody` (e.g. a net dict written as text).
func pretrainValue(_ pythonBody: String, key: String = "x") throws -> ConfigValue {
    let c = try pretrainConfig(pythonBody)
    guard let v = c.typedValue(key) else { throw ConfigError(.key, "test config does not set '\(key)'") }
    return v
}

/// The error a throwing body throws, as `ConfigError` (nil if it throws none or another type).
func pretrainConfigError(_ body: () throws -> Void) -> ConfigError? {
    do { try body() } catch let e as ConfigError { return e } catch { return nil }
    return nil
}

/// Directory of the pretrain fixtures (`Tests/Fixtures/pretrain`).
let pretrainFixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/pretrain")
