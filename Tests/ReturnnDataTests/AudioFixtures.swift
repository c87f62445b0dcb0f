import Foundation
import ReturnnConfig

@testable import ReturnnData

/// The audio fixtures in `Tests/Fixtures/audio` (made by make_audio_fixtures.py with upstream
/// RETURNN, librosa and soundfile) and the tolerance the Swift features are held to.
enum AudioFixtures {
    /// Directory of the audio fixtures.
    static var directory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent("audio").path
    }

    /// A fixture file's path.
    static func path(_ name: String) -> String { directory + "/" + name }

    /// A JSON fixture.
    static func json(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path(name)))) as! [String: Any]
    }

    /// The documented tolerance (docs/audio.md): |swift - upstream| <= 1e-4 + 1e-5 * |upstream|.
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-4 + 1e-5 * abs(b) }

    /// A JSON value as a Python literal; file options are made absolute, bool options spelt as bools.
    static func python(_ v: Any, key: String? = nil) -> String {
        switch v {
        case is NSNull: return "None"
        case let n as NSNumber:
            if let key, ["peak_normalization", "center", "with_delta_bool"].contains(key) { return n.boolValue ? "True" : "False" }
            return n.stringValue
        case let s as String:
            let value = s.hasSuffix(".txt") || s.hasSuffix(".zip") || s.hasSuffix(".vocab") ? path(s) : s
            return "'" + value + "'"
        case let a as [Any]: return "[" + a.map { python($0) }.joined(separator: ", ") + "]"
        case let d as [String: Any]: return "{" + d.keys.sorted().map { "'\($0)': \(python(d[$0]!, key: $0))" }.joined(separator: ", ") + "}"
        default: preconditionFailure("unexpected JSON value \(v)")
        }
    }

    /// A config value from a Python literal.
    static func value(_ text: String) throws -> ConfigValue {
        let env = ConfigEnvironment(environment: [:], argv: [], userName: "", uid: 0) { _ in }
        return try Config(environment: env).evaluate(expression: text, file: "test.config")
    }

    /// The bytes of a fixture file.
    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name)))) }
}
