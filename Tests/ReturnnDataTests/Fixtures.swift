import Foundation

/// Locates committed fixtures under `Tests/Fixtures/data`, relative to this source file.
enum Fixtures {
    /// Directory of the data fixtures.
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent("data")
    }

    /// Parses a JSON fixture into Foundation objects.
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        guard let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return obj
    }

    /// A double stored as the hex string of its IEEE-754 bits (exact, unlike JSON float text).
    static func double(bits: String) -> Double {
        Double(bitPattern: UInt64(bits, radix: 16)!)
    }
}
