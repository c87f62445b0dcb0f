import Foundation
import Testing
@testable import ReturnnTraining

/// A temporary model directory with fake (empty) checkpoint files.
struct FakeModelDir {
    let dir: String
    var model: String { dir + "/net-model/network" }

    init() throws {
        dir = try checkpointTempDir()
        try FileManager.default.createDirectory(atPath: dir + "/net-model", withIntermediateDirectories: true)
    }

    /// Creates the files of checkpoint `name` (`withOptimizer`: also the `.opt` file).
    func touch(_ name: String, withOptimizer: Bool = true) {
        _ = FileManager.default.createFile(atPath: Checkpoint.paramsPath(name), contents: Data())
        if withOptimizer { _ = FileManager.default.createFile(atPath: Checkpoint.optimizerPath(name), contents: Data()) }
    }

    /// Creates epoch models of `model` for `epochs`.
    func epochs(_ epochs: [Int], pretrain: Bool = false) {
        for e in epochs { touch(ModelFiles.epochModelFilename(model: model, epoch: e, isPretrain: pretrain)) }
    }

    func name(_ epoch: Int, pretrain: Bool = false) -> String {
        ModelFiles.epochModelFilename(model: model, epoch: epoch, isPretrain: pretrain)
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }
}

@Suite struct StartEpochTests {
    private func decide(_ o: StartEpochOptions) throws -> StartEpochDecision { try StartEpoch.decide(o) }

    private func error(_ o: StartEpochOptions) -> CheckpointError? {
        do {
            _ = try StartEpoch.decide(o)
            return nil
        } catch {
            return error as? CheckpointError
        }
    }

    // MARK: training, start_epoch auto

    @Test func freshTrainingStartsAtEpoch1() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        let r = try decide(StartEpochOptions(model: d.model))
        #expect(r == StartEpochDecision(startEpoch: 1))
        #expect(r.isRandomInit)
    }

    @Test func autoResumesTheHighestExistingEpoch() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.epochs([1, 2], pretrain: true)
        d.epochs([3])
        let r = try decide(StartEpochOptions(model: d.model, numEpochs: 10))
        #expect(r == StartEpochDecision(startEpoch: 4, modelEpoch: 3, modelName: d.name(3)))
        #expect(!r.isImport)
    }

    @Test func pretrainNamesCount() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.epochs([1, 2], pretrain: true)
        #expect(try decide(StartEpochOptions(model: d.model)) == StartEpochDecision(startEpoch: 3, modelEpoch: 2, modelName: d.name(2, pretrain: true)))
    }

    @Test func incompleteModelsAreNotResumed() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.epochs([1])
        d.touch(d.name(2), withOptimizer: false)  // parameter file without optimizer state
        _ = FileManager.default.createFile(atPath: Checkpoint.optimizerPath(d.name(3)), contents: Data())  // crash before params
        #expect(try decide(StartEpochOptions(model: d.model)).startEpoch == 2)
    }

    @Test func epochsAboveNumEpochsAreNotSearched() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.epochs([2, 7])
        #expect(try decide(StartEpochOptions(model: d.model, numEpochs: 5)).modelEpoch == 2)
        #expect(try decide(StartEpochOptions(model: d.model, numEpochs: 0)).modelEpoch == 7)
    }

    @Test func loadIsIgnoredWhenAModelExists() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.epochs([1, 2])
        d.touch(d.dir + "/other.010", withOptimizer: false)
        let r = try decide(StartEpochOptions(model: d.model, load: d.dir + "/other.010.safetensors"))
        #expect(r.startEpoch == 3 && r.modelName == d.name(2) && !r.isImport)
        #expect(r.notes == ["note: there is a 'load' (\(d.dir)/other.010) which we ignore because of existing model"])
    }

    @Test func importModelTrainEpoch1() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.touch(d.dir + "/base.020", withOptimizer: false)
        d.touch(d.dir + "/other.010", withOptimizer: false)
        let r = try decide(StartEpochOptions(model: d.model, load: d.dir + "/other.010", importModelTrainEpoch1: d.dir + "/base.020"))
        #expect(r == StartEpochDecision(startEpoch: 1, modelEpoch: 0, modelName: d.dir + "/base.020", isImport: true))
        // An existing epoch model wins over the import.
        d.epochs([1])
        #expect(try decide(StartEpochOptions(model: d.model, importModelTrainEpoch1: d.dir + "/base.020")).startEpoch == 2)
    }

    @Test func loadAsInitialImportContinuesAfterItsEpoch() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.touch(d.dir + "/other.010", withOptimizer: false)
        let r = try decide(StartEpochOptions(model: d.model, load: d.dir + "/other.010"))
        #expect(r == StartEpochDecision(startEpoch: 11, modelEpoch: 10, modelName: d.dir + "/other.010", isImport: true, restoresGlobalStep: true))
        // load_epoch overrides the epoch in the name.
        #expect(try decide(StartEpochOptions(model: d.model, load: d.dir + "/other.010", loadEpoch: 4)).startEpoch == 5)
        // No epoch in the name: an import at epoch 1.
        d.touch(d.dir + "/pretrained", withOptimizer: false)
        #expect(try decide(StartEpochOptions(model: d.model, load: d.dir + "/pretrained"))
            == StartEpochDecision(startEpoch: 1, modelName: d.dir + "/pretrained", isImport: true))
    }

    @Test func loadOfAMissingFileIsAnError() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        let e = error(StartEpochOptions(model: d.model, load: d.dir + "/nope.003"))
        #expect(e?.kind == .missing)
        #expect(e?.message.contains("load = '\(d.dir)/nope.003'") == true)
        #expect(e?.message.contains("\(d.dir)/nope.003.safetensors") == true)
        #expect(error(StartEpochOptions(model: d.model, importModelTrainEpoch1: d.dir + "/nope"))?.message.contains("import_model_train_epoch1") == true)
    }

    @Test func loadEpochMustExist() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.epochs([1, 2, 3])
        let e = error(StartEpochOptions(model: d.model, loadEpoch: 7))
        #expect(e?.kind == .missing)
        #expect(e?.message.contains("network.007.safetensors") == true)
        #expect(e?.message.contains("existing epochs: 1, 2, 3") == true)
        // An existing load_epoch in training only validates; the newest model is resumed.
        let r = try decide(StartEpochOptions(model: d.model, loadEpoch: 2))
        #expect(r.startEpoch == 4 && r.notes.count == 1)
    }

    // MARK: training, fixed start_epoch

    @Test func startEpoch1StartsAnew() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.epochs([1, 2])
        let r = try decide(StartEpochOptions(model: d.model, startEpoch: .epoch(1)))
        #expect(r.startEpoch == 1 && r.isRandomInit)
        #expect(r.notes == ["warning: there is an existing model: (2, \(d.name(2))); start_epoch = 1 starts training anew"])
        d.touch(d.dir + "/base", withOptimizer: false)
        let i = try decide(StartEpochOptions(model: d.model, startEpoch: .epoch(1), importModelTrainEpoch1: d.dir + "/base"))
        #expect(i.startEpoch == 1 && i.modelName == d.dir + "/base" && i.isImport && i.modelEpoch == 0)
        let l = try decide(StartEpochOptions(model: d.model, load: d.dir + "/base", startEpoch: .epoch(1)))
        #expect(l.startEpoch == 1 && l.modelName == d.dir + "/base" && l.isImport && l.modelEpoch == nil)
    }

    @Test func startEpochKLoadsEpochKMinus1() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.epochs([1, 2, 3])
        #expect(try decide(StartEpochOptions(model: d.model, startEpoch: .epoch(4)))
            == StartEpochDecision(startEpoch: 4, modelEpoch: 3, modelName: d.name(3)))
        let r = try decide(StartEpochOptions(model: d.model, startEpoch: .epoch(3)))
        #expect(r.startEpoch == 3 && r.modelName == d.name(2))
        #expect(r.notes == ["warning: start_epoch 3 but there is (3, \(d.name(3)))"])
        let e = error(StartEpochOptions(model: d.model, startEpoch: .epoch(6)))
        #expect(e?.message.contains("start_epoch = 6 needs the model of epoch 5") == true)
        #expect(e?.message.contains("network.005.opt.safetensors") == true)
        #expect(error(StartEpochOptions(startEpoch: .epoch(2)))?.message.contains("'model' is not set") == true)
    }

    // MARK: other tasks

    @Test func otherTasksLoadTheNewestModelWithoutOptimizerState() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.epochs([1])
        d.touch(d.name(2), withOptimizer: false)
        let r = try decide(StartEpochOptions(task: "forward", model: d.model))
        #expect(r == StartEpochDecision(startEpoch: 2, modelEpoch: 2, modelName: d.name(2), isImport: true))
    }

    @Test func otherTasksUseLoadThenLoadEpochThenEpoch() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        d.epochs([1, 2, 3])
        d.touch(d.dir + "/other.009", withOptimizer: false)
        #expect(try decide(StartEpochOptions(task: "search", model: d.model, load: d.dir + "/other.009"))
            == StartEpochDecision(startEpoch: 9, modelEpoch: 9, modelName: d.dir + "/other.009", isImport: true))
        #expect(try decide(StartEpochOptions(task: "forward", model: d.model, loadEpoch: 2)).modelName == d.name(2))
        #expect(try decide(StartEpochOptions(task: "eval", model: d.model, epoch: 1)).modelName == d.name(1))
        #expect(try decide(StartEpochOptions(task: "eval", model: d.model, loadEpoch: 2, epoch: 2)).modelEpoch == 2)
        #expect(error(StartEpochOptions(task: "eval", model: d.model, loadEpoch: 2, epoch: 3))?.message.contains("have to match") == true)
        #expect(error(StartEpochOptions(task: "eval", model: d.model))?.message.contains("set 'epoch' or 'load_epoch'") == true)
        #expect(error(StartEpochOptions(task: "forward", model: d.model, epoch: 5))?.message.contains("network.005.safetensors") == true)
    }

    @Test func otherTasksWithoutModelNeedAllowRandomModelInit() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        let e = error(StartEpochOptions(task: "forward", model: d.model))
        #expect(e?.kind == .missing && e?.message.contains("allow_random_model_init") == true)
        let r = try decide(StartEpochOptions(task: "forward", model: d.model, allowRandomModelInit: true))
        #expect(r.startEpoch == 1 && r.isRandomInit && r.notes == ["No model will be loaded. Randomly initializing model."])
    }

    @Test func decideIsPureOverItsInputs() throws {
        let r = try StartEpoch.decide(StartEpochOptions(model: "m", load: "x.007"), existingModels: [:]) { $0 == "x.007" }
        #expect(r.startEpoch == 8 && r.modelName == "x.007")
        let s = try StartEpoch.decide(StartEpochOptions(model: "m"), existingModels: [5: "m.005", 2: "m.002"]) { _ in false }
        #expect(s.startEpoch == 6)
    }
}
