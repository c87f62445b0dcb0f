import Foundation
import Testing
import ReturnnTensor
@testable import ReturnnTraining
import ReturnnVersionInfo

@Suite struct CheckpointTests {
    static func sample(epoch: Int = 3, step: Int = 120) -> Checkpoint {
        Checkpoint(params: ["output/W": Tensor(shape: [2, 2], [1, 2, 3, 4]), "output/b": Tensor([0.5, -0.5])],
                   optimizerState: ["output/W/adam_m": Tensor(shape: [2, 2], [0.1, 0.2, 0.3, 0.4])],
                   metadata: CheckpointMetadata(epoch: epoch, globalStep: step, effectiveLearningRate: 0.001))
    }

    @Test func saveLoadRoundTrip() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let name = dir + "/net/model.003"
        let ckpt = Self.sample()
        try ckpt.save(to: name)
        #expect(directoryListing(dir + "/net") == ["model.003.opt.safetensors", "model.003.safetensors"])
        #expect(Checkpoint.exists(name))
        let back = try Checkpoint.load(from: name).checkpoint
        #expect(back == ckpt)
        #expect(back.metadata.returnnVersion == ReturnnVersion.description)
        #expect(back.metadata.formatVersion == CheckpointMetadata.currentFormatVersion)
        let (params, meta) = try Checkpoint.loadParams(from: name)
        #expect(params == ckpt.params && meta == ckpt.metadata)
        let raw = try SafetensorsFile.read(path: Checkpoint.paramsPath(name))
        #expect(raw.metadata.filter { !$0.key.hasPrefix("crc32c:") } == ["returnn_checkpoint_version": "1", "returnn_version": ReturnnVersion.description,
                                 "epoch": "3", "global_step": "120", "effective_learning_rate": "0.001", "content": "params"])
        #expect(Set(raw.metadata.keys.filter { $0.hasPrefix("crc32c:") }) == ["crc32c:output/W", "crc32c:output/b"])
        #expect(try SafetensorsFile.read(path: Checkpoint.optimizerPath(name)).metadata["content"] == "optimizer")
    }

    @Test func savingIsByteDeterministic() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.sample().save(to: dir + "/a")
        try Self.sample().save(to: dir + "/b")
        #expect(fileBytes(dir + "/a.safetensors") == fileBytes(dir + "/b.safetensors"))
        #expect(fileBytes(dir + "/a.opt.safetensors") == fileBytes(dir + "/b.opt.safetensors"))
    }

    @Test func existsNeedsBothFiles() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let name = dir + "/model.001"
        try Self.sample().save(to: name)
        try FileManager.default.removeItem(atPath: Checkpoint.paramsPath(name))
        // A crash after the optimizer file but before the parameter file: not a model.
        #expect(!Checkpoint.exists(name))
        #expect(!Checkpoint.exists(name, requireOptimizerState: false))
        #expect(throws: CheckpointError.self) { try Checkpoint.load(from: name) }
        try Self.sample().save(to: name)
        try FileManager.default.removeItem(atPath: Checkpoint.optimizerPath(name))
        #expect(!Checkpoint.exists(name))
        #expect(Checkpoint.exists(name, requireOptimizerState: false))
        do {
            _ = try Checkpoint.load(from: name)
            Issue.record("expected an error")
        } catch let e as CheckpointError {
            #expect(e.kind == .missing && e.message.contains("model.001.opt.safetensors"))
        }
        #expect(try Checkpoint.loadParams(from: name).params == Self.sample().params)
    }

    @Test func mismatchedHalvesAreRejected() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.sample(epoch: 3).save(to: dir + "/a")
        try Self.sample(epoch: 4, step: 160).save(to: dir + "/b")
        try FileManager.default.removeItem(atPath: dir + "/a.opt.safetensors")
        try FileManager.default.copyItem(atPath: dir + "/b.opt.safetensors", toPath: dir + "/a.opt.safetensors")
        #expect(throws: CheckpointError.self) { try Checkpoint.load(from: dir + "/a") }
    }

    @Test func foreignFilesLoadAsParamsOnly() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/external.st"
        try SafetensorsFile(tensors: ["w": SafetensorsTensor(float64: [1, 2], shape: [2])]).write(to: path)
        let (params, meta) = try Checkpoint.loadParams(from: path)
        #expect(params == ["w": Tensor([1, 2])] && meta == nil)
        // Without metadata it cannot be resumed from.
        try FileManager.default.copyItem(atPath: path, toPath: dir + "/x.safetensors")
        try FileManager.default.copyItem(atPath: path, toPath: dir + "/x.opt.safetensors")
        #expect(throws: CheckpointError.self) { try Checkpoint.load(from: dir + "/x") }
        #expect(throws: CheckpointError.self) { try Checkpoint.loadParams(from: dir + "/nothing") }
    }

    @Test func newerFormatVersionIsRejected() throws {
        #expect(throws: CheckpointError.self) {
            _ = try CheckpointMetadata(strings: ["returnn_checkpoint_version": "2", "epoch": "1", "global_step": "1"], file: "f")
        }
        #expect(throws: CheckpointError.self) {
            _ = try CheckpointMetadata(strings: ["returnn_checkpoint_version": "1", "epoch": "x", "global_step": "1"], file: "f")
        }
        #expect(try CheckpointMetadata(strings: ["epoch": "1"], file: "f") == nil)
    }

    @Test func deleteRemovesAllFilesAndCountsBytes() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let name = dir + "/model.002"
        try Self.sample().save(to: name)
        try SafetensorsAtomicWrite.write(path: Checkpoint.paramsPath(name) + ".tmp_write", chunks: [[1, 2, 3]])
        let sizes = [Checkpoint.paramsPath(name), Checkpoint.optimizerPath(name)].map { fileBytes($0)!.count }
        #expect(try Checkpoint.delete(name) == sizes.reduce(0, +) + 3)
        #expect(directoryListing(dir).isEmpty)
        #expect(try Checkpoint.delete(name) == 0)
    }

    @Test func namesFromPaths() {
        #expect(Checkpoint.name(fromPath: "a/model.003.safetensors") == "a/model.003")
        #expect(Checkpoint.name(fromPath: "a/model.003.opt.safetensors") == "a/model.003")
        #expect(Checkpoint.name(fromPath: "a/model.003") == "a/model.003")
        #expect(Checkpoint.paramsPath("m.001") == "m.001.safetensors")
        #expect(Checkpoint.optimizerPath("m.001") == "m.001.opt.safetensors")
    }
}
