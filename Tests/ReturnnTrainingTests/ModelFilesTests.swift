import Foundation
import Testing
@testable import ReturnnTraining

@Suite struct ModelFilesTests {
    @Test func epochModelFilenames() {
        #expect(ModelFiles.epochModelFilename(model: "net-model/network", epoch: 1) == "net-model/network.001")
        #expect(ModelFiles.epochModelFilename(model: "model", epoch: 2, isPretrain: true) == "model.pretrain.002")
        #expect(ModelFiles.epochModelFilename(model: "model", epoch: 42) == "model.042")
        #expect(ModelFiles.epochModelFilename(model: "model", epoch: 1234) == "model.1234")
        #expect(ModelFiles.epochModelFilename(model: "model", epoch: 0) == "model.000")
    }

    @Test func finalEpoch() {
        #expect(ModelFiles.finalEpoch(numEpochs: 5, loadEpoch: nil) == 5)
        #expect(ModelFiles.finalEpoch(numEpochs: 5, loadEpoch: 9) == 9)
        #expect(ModelFiles.finalEpoch(numEpochs: 10, loadEpoch: 3) == 10)
    }

    @Test func existingModelsPlainFirstThenPretrain() {
        let files: Set = ["m.001", "m.pretrain.001", "m.pretrain.002", "m.004", "m.006"]
        let found = ModelFiles.existingModels(model: "m", finalEpoch: 5) { files.contains($0) }
        #expect(found == [1: "m.001", 2: "m.pretrain.002", 4: "m.004"])
        #expect(ModelFiles.lastEpochModel(model: "m", finalEpoch: 5) { files.contains($0) }! == (4, "m.004"))
        #expect(ModelFiles.lastEpochModel(model: "m", finalEpoch: 6) { files.contains($0) }! == (6, "m.006"))
        #expect(ModelFiles.existingModels(model: "", finalEpoch: 5) { _ in true }.isEmpty)
    }

    @Test func existingModelsOnDisk() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = dir + "/model"
        let ckpt = CheckpointTests.sample()
        for e in [1, 2, 3, 12] { try ckpt.save(to: ModelFiles.epochModelFilename(model: model, epoch: e)) }
        try ckpt.save(to: model + ".pretrain.004")
        try FileManager.default.removeItem(atPath: model + ".002.opt.safetensors")
        #expect(ModelFiles.existingModels(model: model, finalEpoch: 5) == [1: model + ".001", 3: model + ".003", 4: model + ".pretrain.004"])
        #expect(ModelFiles.existingModels(model: model, finalEpoch: 5, requireOptimizerState: false).keys.sorted() == [1, 2, 3, 4])
        // num_epochs = 0 (no limit) searches the directory.
        #expect(ModelFiles.existingModels(model: model, finalEpoch: 0).keys.sorted() == [1, 3, 4, 12])
        #expect(ModelFiles.epochsInDirectory(model: model) == [1, 2, 3, 4, 12])
    }

    @Test func epochFromFilename() throws {
        #expect(ModelFiles.epochFromFilename("dir.5/model.012") == 12)
        #expect(ModelFiles.epochFromFilename("model.pretrain.007") == 7)
        #expect(ModelFiles.epochFromFilename("model.003.opt") == 3)
        #expect(ModelFiles.epochFromFilename("dir.5/model") == nil)
        #expect(ModelFiles.epochFromFilename("model.x") == nil)
        #expect(ModelFiles.epochFromFilename("model.1234") == 1234)
    }

    @Test func epochFromSymlinkTarget() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CheckpointTests.sample().save(to: dir + "/model.017")
        try FileManager.default.createSymbolicLink(atPath: dir + "/best.safetensors", withDestinationPath: "model.017.safetensors")
        #expect(ModelFiles.epochFromFilename(dir + "/best") == 17)
    }
}
