import Foundation
import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// Reading `learning_rate_control` and its options from a config.
@Suite struct LearningRateControlOptionsTests {
    typealias S = LearningRateTestSupport

    @Test func defaults() throws {
        let c = try S.config("x = 1")
        let o = try LearningRateControlOptions(config: c)
        #expect(o.defaultLearningRate == 1.0 && o.minLearningRate == 0.0)
        #expect(o.defaultLearningRates.isEmpty && o.errorMeasureKeys.isEmpty)
        #expect(!o.relativeErrorAlsoRelativeToLearningRate && !o.relativeErrorDivByOld && o.minNumEpochsPerNewLearningRate == 0)
        #expect(o.filename == nil)
        guard case .factor(0.5) = o.learningRateDecay, case .factor(1.0) = o.learningRateGrowth else {
            Issue.record("decay/growth defaults: \(o.learningRateDecay) \(o.learningRateGrowth)")
            return
        }
        #expect(try LearningRateControlType(config: c) == .constant)
    }

    /// An int learning_rate is a float here (upstream raises a TypeError in EpochData).
    @Test func intLearningRateIsCoerced() throws {
        let lrc = try S.control("learning_rate = 1\nmin_learning_rate = 0")
        #expect(lrc.options.defaultLearningRate == 1.0)
        #expect(try lrc.learningRate(forEpoch: 1) == 1.0)
    }

    @Test func typesAndTheirOptions() throws {
        for name in ["newbob", "newbob_rel", "newbob_relative"] {
            #expect(try LearningRateControlType(config: S.config("learning_rate_control = '\(name)'")) == .newbobRelative(relativeErrorThreshold: -0.01))
        }
        #expect(try LearningRateControlType(config: S.config("learning_rate_control = 'newbob'\nnewbob_relative_error_threshold = 0"))
            == .newbobRelative(relativeErrorThreshold: 0))
        #expect(try LearningRateControlType(config: S.config("learning_rate_control = 'newbob_abs'\nnewbob_error_threshold = -1"))
            == .newbobAbs(errorThreshold: -1))
        let multi = try LearningRateControlType(config: S.config("learning_rate_control = 'newbob_multi_epoch'\nnewbob_multi_num_epochs = 3"))
        #expect(multi == .newbobMultiEpoch(.init(numEpochs: 3, updateInterval: 3, relativeErrorThreshold: -0.01, relativeErrorGrowThreshold: -0.01)))
        #expect(multi.name == "newbob_multi_epoch")
        let multi2 = try LearningRateControlType(config: S.config("""
        learning_rate_control = 'newbob_multi_epoch'
        newbob_multi_update_interval = 1
        newbob_relative_error_threshold = -0.02
        """))
        #expect(multi2 == .newbobMultiEpoch(.init(numEpochs: 5, updateInterval: 1, relativeErrorThreshold: -0.02, relativeErrorGrowThreshold: -0.02)))
    }

    @Test func unknownTypeSuggestsName() throws {
        let e = S.error { _ = try S.control("learning_rate_control = 'newbob_multi_epochs'") }
        #expect(e?.kind == .invalidOption)
        #expect(e?.description.contains("did you mean 'newbob_multi_epoch'?") == true)
        #expect(e?.location?.line == 2)
        let e2 = S.error { _ = try S.control("learning_rate_control = 'cosine'") }
        #expect(e2?.message.contains("known: constant, newbob") == true)
    }

    @Test func badMultiEpochOptions() throws {
        let e = S.error { _ = try S.control("learning_rate_control = 'newbob_multi_epoch'\nnewbob_multi_num_epochs = 0") }
        #expect(e?.message.contains("newbob_multi_num_epochs") == true)
        let e2 = S.error {
            _ = try S.control("learning_rate_control = 'newbob_multi_epoch'\nnewbob_relative_error_grow_threshold = 0.1")
        }
        #expect(e2?.message.contains("grow threshold") == true)
        #expect(e2?.location?.line == 3)
        let e3 = S.error { _ = try S.control("learning_rate_control = 'newbob_multi_epoch'\nnewbob_multi_num_epochs = 'x'") }
        #expect(e3?.kind == .invalidOption)
    }

    /// learning_rates: a list is epochs 1...n, a dict by epoch, a str is evaluated; ints are floats.
    @Test func presets() throws {
        func presets(_ v: String) throws -> [String] {
            try LearningRateControlOptions(config: S.config("learning_rates = \(v)")).defaultLearningRates.map { "\($0.epoch):\($0.learningRate)" }
        }
        #expect(try presets("[0.1, 1, 0.3]") == ["1:0.1", "2:1.0", "3:0.3"])
        #expect(try presets("{5: 0.5, 2: 2}") == ["5:0.5", "2:2.0"])
        #expect(try presets("'[0.1] * 2'") == ["1:0.1", "2:0.1"])
        #expect(try presets("\"{3: 0.25}\"") == ["3:0.25"])
        #expect(try presets("[]").isEmpty)
        #expect(try presets("None").isEmpty)
        #expect(S.error { _ = try presets("{'a': 0.1}") }?.message.contains("epochs (ints)") == true)
        #expect(S.error { _ = try presets("['x']") }?.kind == .invalidOption)
        #expect(S.error { _ = try presets("'[0.1'") }?.message.contains("cannot evaluate") == true)
        // A line-based config gives a float list.
        let c = Config(environment: ConfigEnvironment(environment: [:], argv: [], userName: "t", uid: 0, output: { _ in }))
        try c.load(text: "learning_rates 0.1,0.2\nlearning_rate_control_error_measure dev_error\n", filename: "lines.config")
        let o = try LearningRateControlOptions(config: c)
        #expect(o.defaultLearningRates.map(\.learningRate) == [0.1, 0.2])
        #expect(o.errorMeasureKeys == ["dev_error"])
    }

    /// A preset does not replace a learning rate the file already has.
    @Test func presetDoesNotOverrideLoadedEpoch() throws {
        let dir = try S.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lr").path
        try "{1: EpochData(learningRate=0.7, error={})}\n".write(toFile: file, atomically: false, encoding: .utf8)
        let lrc = try S.control("learning_rate_file = \(ConfigValue.str(file).repr)\nlearning_rates = [0.1, 0.2]")
        #expect(lrc.epochData[1]!.learningRate == 0.7)
        #expect(lrc.epochData[2]!.learningRate == 0.2)
    }

    @Test func errorMeasure() throws {
        #expect(try LearningRateControlOptions(config: S.config("learning_rate_control_error_measure = 'dev_error'")).errorMeasureKeys == ["dev_error"])
        #expect(try LearningRateControlOptions(config: S.config("learning_rate_control_error_measure = ['a', 'b']")).errorMeasureKeys == ["a", "b"])
        #expect(S.error { _ = try LearningRateControlOptions(config: S.config("learning_rate_control_error_measure = 3")) }?.kind == .invalidOption)
        #expect(S.error { _ = try LearningRateControlOptions(config: S.config("learning_rate_control_error_measure = ['a', 1]")) } != nil)
    }

    /// Decay/growth: float, int, None, a callable, `newbob_*` fallbacks, strings from the command line.
    @Test func decayAndGrowth() throws {
        func decay(_ body: String) throws -> Double {
            try LearningRateControlOptions(config: S.config(body)).learningRateDecay.apply(1.0)
        }
        #expect(try decay("learning_rate_decay = 0.3") == 0.3)
        #expect(try decay("learning_rate_decay = 2") == 2.0)
        #expect(try decay("learning_rate_decay = None") == 1.0)
        #expect(try decay("newbob_learning_rate_decay = 0.9") == 0.9)
        #expect(try decay("learning_rate_decay = 0.3\nnewbob_learning_rate_decay = 0.9") == 0.3)
        #expect(try decay("def f(lr):\n  return lr * 0.25\nlearning_rate_decay = f") == 0.25)
        #expect(try decay("learning_rate_decay = '0.125'") == 0.125)
        let growth = try LearningRateControlOptions(config: S.config("newbob_learning_rate_growth = 1.5")).learningRateGrowth
        #expect(try growth.apply(2.0) == 3.0)
        // ++learning_rate_decay 0.2 on the command line of a Python config: an untyped string.
        let c = try S.config("learning_rate = 0.1")
        try c.addLine("learning_rate_decay", "0.2")
        #expect(try LearningRateControlOptions(config: c).learningRateDecay.apply(1.0) == 0.2)
        try c.addLine("learning_rate_growth", "fast")
        #expect(S.error { _ = try LearningRateControlOptions(config: c) }?.message.contains("cannot parse") == true)
        #expect(S.error { _ = try decay("learning_rate_decay = [0.5]") }?.message.contains("expected a float factor") == true)
    }

    /// A callable that fails or returns no number is a `.callable` error at the config line.
    @Test func failingCallable() throws {
        let lrc = try S.control("learning_rate_control = 'newbob'\nlearning_rate_decay = lambda lr: 'x'\nlearning_rate_growth = lambda lr: 1 / 0")
        #expect(S.error { _ = try lrc.decayOrGrow(1, decay: true) }?.kind == .callable)
        let e = S.error { _ = try lrc.decayOrGrow(1, decay: false) }
        #expect(e?.kind == .callable)
        #expect(e?.message.contains("learning_rate_growth") == true)
        #expect(e?.location?.line == 4)
    }
}
