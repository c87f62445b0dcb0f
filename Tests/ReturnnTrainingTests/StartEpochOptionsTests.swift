import Testing
import ReturnnConfig
@testable import ReturnnTraining

@Suite struct StartEpochOptionsTests {
    @Test func defaults() throws {
        let o = try StartEpochOptions(config: try checkpointConfig(""))
        #expect(o == StartEpochOptions())
        #expect(o.task == "train" && o.numEpochs == 5 && o.startEpoch == .auto && o.finalEpoch == 5)
    }

    @Test func readsAllKeys() throws {
        let c = try checkpointConfig("""
            task = "eval"
            model = "net-model/network"
            num_epochs = 20
            load = "other.003"
            load_epoch = 30
            epoch = 30
            start_epoch = 4
            import_model_train_epoch1 = "base"
            allow_random_model_init = True
            """)
        let o = try StartEpochOptions(config: c)
        #expect(o == StartEpochOptions(task: "eval", model: "net-model/network", numEpochs: 20, load: "other.003", loadEpoch: 30,
                                       epoch: 30, startEpoch: .epoch(4), importModelTrainEpoch1: "base", allowRandomModelInit: true))
        #expect(o.finalEpoch == 30)
    }

    @Test func emptyStringsMeanUnset() throws {
        let o = try StartEpochOptions(config: try checkpointConfig("load = ''\nmodel = ''\nstart_epoch = 'auto'"))
        #expect(o.load == nil && o.model == nil && o.startEpoch == .auto)
    }

    @Test func badStartOptionsAreErrors() throws {
        #expect(throws: CheckpointError.self) { try StartEpochOptions(config: try checkpointConfig("start_epoch = 0")) }
        #expect(throws: CheckpointError.self) { try StartEpochOptions(config: try checkpointConfig("start_epoch = 'first'")) }
        #expect(throws: CheckpointError.self) { try StartEpochOptions(config: try checkpointConfig("start_batch = 3")) }
    }
}
