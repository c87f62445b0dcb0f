import Foundation
import Testing
import ReturnnTensor
import ReturnnTFFormats
import ReturnnVersionInfo
@testable import ReturnnTraining

@Suite struct CheckpointTFBundleTests {
    static let upstream12ax = URL(fileURLWithPath: checkpointFixtures).deletingLastPathComponent()
        .appendingPathComponent("tfcheckpoint/12ax/model.002").path

    @Test func saveLoadRoundTripInTheTFFormat() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let name = dir + "/models/epoch.003"
        let ckpt = CheckpointTests.sample()
        try ckpt.save(to: name, format: .tf)
        #expect(directoryListing(dir + "/models") == ["epoch.003.data-00000-of-00001", "epoch.003.index", "epoch.003.meta"])
        #expect(fileBytes(name + ".meta") == [])
        #expect(Checkpoint.exists(name) && CheckpointFormat.detect(name) == .tf)
        let (back, isForeign) = try Checkpoint.load(from: name)
        #expect(back == ckpt && !isForeign)
        let (params, meta) = try Checkpoint.loadParams(from: name)
        #expect(params == ckpt.params && meta == ckpt.metadata)
        // Upstream's names: global_step, optimize/<slot>; our metadata under swift_returnn/.
        let b = try TensorBundle.read(prefix: name)
        #expect(b.sortedNames == ["global_step", "optimize/output/W/adam_m", "output/W", "output/b",
                                  "swift_returnn/effective_learning_rate", "swift_returnn/epoch",
                                  "swift_returnn/returnn_checkpoint_version", "swift_returnn/returnn_version"])
        #expect(b.tensors["global_step"] == BundleTensor(int64: [120], shape: []))
        #expect(b.tensors["swift_returnn/returnn_version"]?.stringValues == [Array(ReturnnVersion.description.utf8)])
        #expect(b.tensors["output/W"] == BundleTensor(float: [1, 2, 3, 4], shape: [2, 2]))
    }

    @Test func savingIsByteDeterministic() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CheckpointTests.sample().save(to: dir + "/a", format: .tf)
        try CheckpointTests.sample().save(to: dir + "/b", format: .tf)
        for suffix in [".index", ".data-00000-of-00001"] { #expect(fileBytes(dir + "/a" + suffix) == fileBytes(dir + "/b" + suffix)) }
    }

    @Test func theIndexMarksACompleteCheckpoint() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let name = dir + "/model.001"
        try CheckpointTests.sample().save(to: name, format: .tf)
        // A crash after the data file but before the index: not a model.
        try FileManager.default.removeItem(atPath: name + ".index")
        #expect(!Checkpoint.exists(name) && !Checkpoint.exists(name, requireOptimizerState: false))
        #expect(ModelFiles.existingModels(model: dir + "/model", finalEpoch: 3).isEmpty)
        try CheckpointTests.sample().save(to: name, format: .tf)
        #expect(ModelFiles.existingModels(model: dir + "/model", finalEpoch: 3) == [1: name])
        #expect(ModelFiles.existingModels(model: dir + "/model", finalEpoch: 0) == [1: name])
        // Replacing it: the old index goes before the new data file lands.
        try CheckpointTests.sample(epoch: 1, step: 7).save(to: name, format: .tf)
        #expect(try Checkpoint.load(from: name).checkpoint.metadata.globalStep == 7)
        #expect(try Checkpoint.delete(name) > 0)
        #expect(directoryListing(dir).isEmpty)
    }

    @Test func damagedFilesAreNamed() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let name = dir + "/model.004"
        try CheckpointTests.sample().save(to: name, format: .tf)
        var data = fileBytes(name + ".data-00000-of-00001")!
        data[9] ^= 0x01  // inside 'optimize/output/W/adam_m' (bytes [8, 24) after global_step)
        try Data(data).write(to: URL(fileURLWithPath: name + ".data-00000-of-00001"))
        do {
            _ = try Checkpoint.load(from: name)
            Issue.record("expected an error")
        } catch let e as CheckpointError {
            #expect(e.kind == .format)
            #expect(e.message == "\(name).data-00000-of-00001: tensor 'optimize/output/W/adam_m' (bytes [8, 24)): CRC32C mismatch (the file is damaged)")
        }
        try CheckpointTests.sample().save(to: name, format: .tf)
        var index = fileBytes(name + ".index")!
        index[30] ^= 0x01
        try Data(index).write(to: URL(fileURLWithPath: name + ".index"))
        #expect(throws: CheckpointError(.format, "\(name).index: data block 0 at byte 0: CRC mismatch (the file is damaged)")) {
            try Checkpoint.loadParams(from: name)
        }
    }

    @Test func upstreamCheckpointLoadsWithInferredMetadata() throws {
        let (cp, isForeign) = try Checkpoint.load(from: Self.upstream12ax)
        #expect(isForeign)
        #expect(cp.metadata.epoch == 2 && cp.metadata.globalStep == 200 && cp.metadata.effectiveLearningRate == nil)
        #expect(cp.params.keys.sorted() == ["fw0/rec/W", "fw0/rec/W_re", "fw0/rec/b", "output/W", "output/b"])
        #expect(cp.params["fw0/rec/W"]?.shape == [9, 40])
        #expect(cp.optimizerState.keys.sorted() == ["beta1_power", "beta2_power", "fw0/rec/W/Adam", "fw0/rec/W/Adam_1", "fw0/rec/W_re/Adam",
                                                    "fw0/rec/W_re/Adam_1", "fw0/rec/b/Adam", "fw0/rec/b/Adam_1", "output/W/Adam",
                                                    "output/W/Adam_1", "output/b/Adam", "output/b/Adam_1"])
        // beta1_power after 200 Adam steps is 0.9^201 (TF's non-slot variable is updated after each step).
        #expect(abs(Double(cp.optimizerState["beta1_power"]!.array[0]) - pow(0.9, 201)) < 1e-12)
        let (params, meta) = try Checkpoint.loadParams(from: Checkpoint.name(fromPath: Self.upstream12ax + ".index"))
        #expect(params == cp.params && meta?.globalStep == 200)
    }

    @Test func namesAndEpochsOfTFFiles() throws {
        #expect(Checkpoint.name(fromPath: "a/model.003.index") == "a/model.003")
        #expect(Checkpoint.name(fromPath: "a/model.003.meta") == "a/model.003")
        #expect(Checkpoint.name(fromPath: "a/model.003.data-00000-of-00001") == "a/model.003")
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CheckpointTests.sample().save(to: dir + "/epoch.007", format: .tf)
        // i6_core's GetBestTFCheckpointJob: checkpoint.index -> epoch.007.index
        try FileManager.default.createSymbolicLink(atPath: dir + "/checkpoint.index", withDestinationPath: "epoch.007.index")
        #expect(ModelFiles.epochFromFilename(dir + "/checkpoint") == 7)
        #expect(Checkpoint.paramsFile(dir + "/checkpoint") == dir + "/checkpoint.index")
    }

    @Test func formatOptionAndDefaults() throws {
        #expect(try CheckpointFormat(config: checkpointConfig("use_tensorflow = True")) == .tf)
        #expect(try CheckpointFormat(config: checkpointConfig("backend = 'tensorflow'")) == .tf)
        #expect(try CheckpointFormat(config: checkpointConfig("backend = 'torch'")) == .safetensors)
        #expect(try CheckpointFormat(config: checkpointConfig("x = 1")) == .safetensors)
        #expect(try CheckpointFormat(config: checkpointConfig("use_tensorflow = True\ncheckpoint_format = 'safetensors'")) == .safetensors)
        #expect(try CheckpointFormat(config: checkpointConfig("checkpoint_format = 'tf'")) == .tf)
        do {
            _ = try CheckpointFormat(config: checkpointConfig("checkpoint_format = 'pt'"))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("checkpoint_format = 'pt': expected \"tf\" (TensorFlow's .index/.data files) or \"safetensors\""))
            #expect("\(error)".hasPrefix("test.config:2:"))
        }
    }
}

extension CheckpointTFBundleTests {
    /// `preload_from_files` reads TF files like safetensors ones (by what is on disk).
    @Test func preloadFromATFCheckpoint() throws {
        let entry = CheckpointPreloadEntry(key: "lstm", filename: Self.upstream12ax + ".index", prefix: "lm_", initForTrain: .firstEpoch)
        var params: [String: Tensor] = ["lm_fw0/rec/W": Tensor(zeros: [9, 40]), "output/W": Tensor(zeros: [10, 2])]
        let set = try CheckpointPreload(entries: [entry]).apply(to: &params, isTraining: true, isFirstTrainEpoch: true)
        #expect(set == ["lm_fw0/rec/W"])
        #expect(params["lm_fw0/rec/W"] == (try Checkpoint.load(from: Self.upstream12ax)).checkpoint.params["fw0/rec/W"])
        #expect(params["output/W"] == Tensor(zeros: [10, 2]))
    }
}
