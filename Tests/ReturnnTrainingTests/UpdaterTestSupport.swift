import Foundation
import ReturnnConfig
import ReturnnTensor
@testable import ReturnnTraining

/// Helpers shared by the updater and optimizer tests.
enum UpdaterTestSupport {
    /// A config from Python config text (the `#!returnn.py` line is added).
    static func config(_ body: String) throws -> Config {
        let c = Config(environment: ConfigEnvironment(environment: [:], argv: [], userName: "u", uid: 1) { _ in })
        try c.load(text: "#!returnn.py\n" + body, filename: "upd.config")
        return c
    }

    /// The `ConfigError` thrown by `body`, or nil.
    static func configError(_ body: () throws -> Void) -> ConfigError? {
        do { try body() } catch let e as ConfigError { return e } catch { return nil }
        return nil
    }

    /// An updater for one parameter `p/W` of `shape` with the config `body`.
    static func updater(_ body: String, shape: [Int] = [3], l2: Double = 0) throws -> Updater {
        try Updater(config: config(body), parameters: [.init(name: "p/W", layer: "p", shape: shape, l2: l2)])
    }

    /// The value of layer `name`'s `updater_opts` in a config that defines `network`.
    static func updaterOpts(_ config: Config, layer: String) -> ConfigValue? {
        config.typedValue("network")?.dictValue?.get(layer)?.dictValue?.get("updater_opts")
    }

    /// Whether `a` and `b` agree to `abs + rel·|b|` element-wise.
    static func close(_ a: [Float], _ b: [Float], abs: Float = 1e-6, rel: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= abs + rel * Swift.abs($1) }
    }

    /// Directory of the updater fixtures.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/updater")
}
