import Testing
import ReturnnConfig
import ReturnnTensor
@testable import ReturnnTraining

/// `dynamic_learning_rate` and `reset_updater_vars_mod_step`.
@Suite struct UpdaterDynamicLearningRateTests {
    @Test func noDynamicLearningRateKeepsTheBase() throws {
        let u = try UpdaterTestSupport.updater("")
        #expect(try u.learningRate(base: 0.25, globalStep: 17) == 0.25)
    }

    @Test func cyclicDecay() throws {
        let u = try UpdaterTestSupport.updater("dynamic_learning_rate = {\"interval\": 3, \"decay\": 0.5}")
        let lrs = try (0..<7).map { try u.learningRate(base: 1, globalStep: $0) }
        #expect(lrs == [1, 0.5, 0.25, 1, 0.5, 0.25, 1])
    }

    @Test func cyclicDecayOptionErrors() throws {
        let e = try #require(UpdaterTestSupport.configError {
            _ = try UpdaterTestSupport.updater("dynamic_learning_rate = {\"interval\": 3, \"decay\": 0.5, \"decy\": 1}")
        })
        #expect(e.message.contains("unknown option 'decy'"))
        let e2 = try #require(UpdaterTestSupport.configError {
            _ = try UpdaterTestSupport.updater("dynamic_learning_rate = {\"decay\": 0.5}")
        })
        #expect(e2.message.contains("missing required option 'interval'"))
    }

    @Test func configFunction() throws {
        let u = try UpdaterTestSupport.updater("""
            def dynamic_learning_rate(*, network, global_train_step, learning_rate, **kwargs):
                assert network is None
                return learning_rate * min(1.0, (global_train_step + 1) / 4)
            """)
        #expect(try u.learningRate(base: 2, globalStep: 0) == 0.5)
        #expect(try u.learningRate(base: 2, globalStep: 9) == 2)
    }

    @Test func configFunctionMustReturnANumber() throws {
        let u = try UpdaterTestSupport.updater("""
            def dynamic_learning_rate(**kwargs):
                return "fast"
            """)
        let e = try #require(UpdaterTestSupport.configError { _ = try u.learningRate(base: 1, globalStep: 0) })
        #expect(e.message.contains("must return a number"))
        #expect(e.location?.line == 2)
    }

    @Test func resetUpdaterVarsModStep() throws {
        let u = try UpdaterTestSupport.updater("optimizer = {\"class\": \"adam\"}\nreset_updater_vars_mod_step = 2")
        #expect(u.resetUpdaterVarsModStep == 2)
        var values = ["p/W": ReturnnTensor.Tensor([1, 2, 3])]
        u.step(values: &values, gradients: ["p/W": .init([1, 1, 1])], learningRate: 0.1, globalStep: 0, seed: 0)
        #expect(u.resetSlotsIfDue(stepInEpoch: 1) == false)
        #expect(u.state()["p/W/Adam"]!.array != [0, 0, 0])
        #expect(u.resetSlotsIfDue(stepInEpoch: 2))
        #expect(u.state()["p/W/Adam"]!.array == [0, 0, 0])
        let off = try UpdaterTestSupport.updater("")
        #expect(off.resetSlotsIfDue(stepInEpoch: 0) == false)
    }
}
