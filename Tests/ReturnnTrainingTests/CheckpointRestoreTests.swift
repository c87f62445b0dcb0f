import Testing
import ReturnnTensor
@testable import ReturnnTraining

@Suite struct CheckpointRestoreTests {
    static func network() -> [String: Tensor] {
        ["a/W": Tensor(zeros: [2, 2]), "a/b": Tensor(zeros: [2]), "lm/W": Tensor(zeros: [1])]
    }

    @Test func restoresAllButSkipped() throws {
        var params = Self.network()
        let loaded = ["a/W": Tensor(shape: [2, 2], [1, 2, 3, 4]), "a/b": Tensor([5, 6]), "lm/W": Tensor([9]), "old/W": Tensor([0])]
        let report = try CheckpointRestore.restore(loaded, into: &params, file: "m.001.safetensors", skipping: ["lm/W"])
        #expect(report == CheckpointRestore.Report(restored: ["a/W", "a/b"], missing: [], unexpected: ["old/W"]))
        #expect(params["a/W"]!.array == [1, 2, 3, 4] && params["a/b"]!.array == [5, 6])
        #expect(params["lm/W"]!.array == [0])
    }

    @Test func missingParams() throws {
        var params = Self.network()
        let loaded = ["a/W": Tensor(shape: [2, 2], [1, 2, 3, 4])]
        #expect(throws: CheckpointError.self) { try CheckpointRestore.restore(loaded, into: &params, file: "f") }
        #expect(params == Self.network())  // nothing changed on error
        let report = try CheckpointRestore.restore(loaded, into: &params, file: "f", ignoreMissing: true)
        #expect(report.missing == ["a/b", "lm/W"] && report.restored == ["a/W"])
    }

    @Test func shapeMismatchNamesBothShapes() {
        var params = Self.network()
        #expect(throws: CheckpointError(.parameter, "f: parameter 'a/b' has shape [3] in the file, but [2] in the network; the network does not match the model (check the config, or start without this model)")) {
            try CheckpointRestore.restore(["a/W": Tensor(zeros: [2, 2]), "a/b": Tensor(zeros: [3]), "lm/W": Tensor(zeros: [1])],
                                          into: &params, file: "f")
        }
    }
}
