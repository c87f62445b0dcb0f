import Foundation
import ReturnnConfig
import ReturnnData
import Testing

@testable import ReturnnTraining

/// The engine's options: wrong types are located errors, not silent defaults.
struct EngineSettingsTests {
    static func settings(_ body: String) throws -> EngineSettings {
        let dir = FileManager.default.temporaryDirectory
        return try EngineSettings(config: try EngineTests.config(body, dir: dir))
    }

    static func message(_ body: String) -> String {
        do { _ = try settings(body); return "" } catch { return "\(error)" }
    }

    @Test func batchSizeIntOrDict() throws {
        #expect(try Self.settings("batch_size = 5000\n").batchSize == NumbersDict(5000))
        let d = try Self.settings("batch_size = {\"data\": 4000, \"classes\": 300}\n").batchSize
        #expect(d == NumbersDict(["classes": 300, "data": 4000]))
        #expect(try Self.settings("x = 1\n").batchSize == NumbersDict(1))
    }

    @Test func batchSizeOfWrongTypeIsLocated() {
        let m = Self.message("x = 1\nbatch_size = \"lots\"\n")
        #expect(m.contains("test.config:3:14: config key 'batch_size': expected"), "\(m)")
        #expect(m.contains("expected an int or a dict of data key to int, got str 'lots'"), "\(m)")
        let m2 = Self.message("batch_size = {\"data\": \"many\"}\n")
        #expect(m2.contains("'batch_size'") && m2.contains("the entry 'data': 'many'"), "\(m2)")
    }

    @Test func maxSeqLengthForms() throws {
        #expect(try Self.settings("max_seq_length = 0\n").maxSeqLength == nil)
        #expect(try Self.settings("max_seq_length = None\n").maxSeqLength == nil)
        #expect(try Self.settings("max_seq_length = -20\n").maxSeqLength == NumbersDict(["classes": 20]))
        #expect(try Self.settings("max_seq_length = {\"classes\": 75}\n").maxSeqLength == NumbersDict(["classes": 75]))
        let m = Self.message("max_seq_length = \"long\"\n")
        #expect(m.contains("test.config:2:18: config key 'max_seq_length'") && m.contains("got str 'long'"), "\(m)")
    }

    @Test func otherEngineOptionsAreLocated() {
        #expect(Self.message("save_interval = 0\n").contains("test.config:2:17: config key 'save_interval': must be >= 1, got 0"))
        #expect(Self.message("max_seqs = \"many\"\n").contains("test.config:2:12: config key 'max_seqs': expected an int, got str 'many'"))
        #expect(Self.message("x = 1\nlearning_rate = \"fast\"\n").contains("test.config:3:17: config key 'learning_rate': could not convert"))
    }
}
