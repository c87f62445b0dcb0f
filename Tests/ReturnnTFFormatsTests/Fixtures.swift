import Foundation

/// Paths of the committed fixtures (`Tests/Fixtures/tfcheckpoint`, made by its `make_fixture.py`).
enum Fixtures {
    /// `Tests/Fixtures/tfcheckpoint`.
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tfcheckpoint")

    /// The bytes of a fixture file.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
    }

    /// A fresh temporary directory (removed by the caller).
    static func temporaryDirectory() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-tf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}
