import Foundation
import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// Helpers of the learning-rate control tests.
enum LearningRateTestSupport {
    /// A Python config from `body` (the `#!returnn.py` line is added).
    static func config(_ body: String) throws -> Config {
        let c = Config(environment: ConfigEnvironment(environment: [:], argv: ["returnn"], userName: "tester", uid: 1000, output: { _ in }))
        try c.load(text: "#!returnn.py\n" + body, filename: "lrc-test.config")
        return c
    }

    /// A control from a Python config body.
    static func control(_ body: String) throws -> LearningRateControl {
        try LearningRateControl(config: try config(body))
    }

    /// A fresh temporary directory.
    static func tempDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-lrc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `Tests/Fixtures/lrc`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/lrc")

    /// Thread-safe collector of the lines a `Log` prints to stdout.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String] = []
        var lines: [String] { lock.lock(); defer { lock.unlock() }; return storage }
        var writer: @Sendable (String) -> Void { { [self] line in lock.lock(); storage.append(line); lock.unlock() } }
    }

    /// The error a throwing body throws, as `LearningRateControlError`.
    static func error(_ body: () throws -> Void) -> LearningRateControlError? {
        do { try body() } catch let e as LearningRateControlError { return e } catch { return nil }
        return nil
    }
}

/// The decisions of the rules, after upstream's `tests/test_LearningRateControl.py` and the spec.
@Suite struct LearningRateControlTests {
    typealias S = LearningRateTestSupport

    /// test_init_error_old: float errors; the error key is the configured measure.
    @Test func initErrorOld() throws {
        let lrc = try S.control("learning_rate_control = 'newbob'\nlearning_rate_control_error_measure = 'dev_score'")
        #expect(lrc.type == .newbobRelative(relativeErrorThreshold: -0.01))
        #expect(try lrc.learningRate(forEpoch: 1) == 1.0)
        try lrc.setEpochError(1, [("train_score", .value(1.9344199658230012))])
        try lrc.setEpochError(1, [("dev_score", .value(1.99)), ("dev_error", .value(0.6))])
        #expect(lrc.epochErrors(1).map(\.key) == ["train_score", "dev_score", "dev_error"])
        #expect(lrc.errorKey(forEpoch: 1) == "dev_score")
        #expect(try lrc.learningRate(forEpoch: 2) == 1.0)
        try lrc.setEpochError(2, [("train_score", .value(1.8))])
        try lrc.setEpochError(2, [("dev_score", .value(1.9)), ("dev_error", .value(0.5))])
        // rel = (1.9 - 1.99) / 1.9 < -0.01: grow with factor 1.0.
        #expect(try lrc.learningRate(forEpoch: 3) == 1.0)
    }

    /// test_init_error_new: a single-entry sub-dict is stored under the key itself.
    @Test func initErrorNew() throws {
        let lrc = try S.control("learning_rate_control = 'newbob'\nlearning_rate_control_error_measure = 'dev_score'")
        _ = try lrc.learningRate(forEpoch: 1)
        try lrc.setEpochError(1, [("train_score", .dict([("cost:output", 1.9344199658230012)]))])
        try lrc.setEpochError(1, [("dev_score", .dict([("cost:output", 1.99)])), ("dev_error", .dict([("error:output", 0.6)]))])
        #expect(Set(lrc.epochErrors(1).map(\.key)) == ["train_score", "dev_score", "dev_error"])
        #expect(lrc.epochData[1]!["dev_score"] == 1.99)
        #expect(lrc.errorKey(forEpoch: 1) == "dev_score")
        _ = try lrc.learningRate(forEpoch: 2)
        try lrc.setEpochError(2, [("dev_score", .dict([("cost:output", 1.9)]))])
        #expect(try lrc.learningRate(forEpoch: 3) == 1.0)
    }

    /// test_init_error_muliple_out: several entries give `key_<part after the colon>`.
    @Test func initErrorMultipleOutputs() throws {
        let lrc = try S.control("learning_rate_control = 'newbob'\nlearning_rate_control_error_measure = 'dev_score'")
        _ = try lrc.learningRate(forEpoch: 1)
        try lrc.setEpochError(1, [("train_score", .dict([("cost:output", 1.95), ("cost:out2", 2.95)]))])
        try lrc.setEpochError(1, [("dev_score", .dict([("cost:output", 1.99), ("cost:out2", 2.99)])),
                                  ("dev_error", .dict([("error:output", 0.6), ("error:out2", 0.7)]))])
        #expect(Set(lrc.epochErrors(1).map(\.key)) == ["train_score_output", "train_score_out2", "dev_score_output", "dev_score_out2",
                                                       "dev_error_output", "dev_error_out2"])
        #expect(lrc.epochData[1]!["dev_error_out2"] == 0.7)
        #expect(lrc.errorKey(forEpoch: 1) == "dev_score_output")
        _ = try lrc.learningRate(forEpoch: 2)
        try lrc.setEpochError(2, [("dev_score", .dict([("cost:output", 1.9), ("cost:out2", 2.9)]))])
        #expect(try lrc.learningRate(forEpoch: 3) == 1.0)
    }

    /// A sub-key without a colon is used whole; with several colons only the first is cut.
    @Test func subDictNamingWithoutColon() throws {
        let lrc = try S.control("")
        try lrc.setEpochError(1, [("dev_score", .dict([("plain", 1), ("cost:a:b", 2)]))])
        #expect(lrc.epochErrors(1).map(\.key) == ["dev_score_plain", "dev_score_a:b"])
    }

    /// test_newbob: epochs 1 and 2 both get the configured learning rate.
    @Test func newbobFirstEpochs() throws {
        let lrc = try S.control("learning_rate_control = 'newbob'\nlearning_rate = 0.01")
        #expect(try lrc.learningRate(forEpoch: 1) == 0.01)
        try lrc.setEpochError(1, [("train_score", .dict([("cost:output", 1.93)]))])
        try lrc.setEpochError(1, [("dev_score", .dict([("cost:output", 1.99)])), ("dev_error", .dict([("error:output", 0.6)]))])
        #expect(lrc.errorKey(forEpoch: 1) == "dev_score")
        #expect(try lrc.learningRate(forEpoch: 2) == 0.01)
    }

    /// test_newbob_multi_epoch: epochs 1 and 2 get the configured learning rate.
    @Test func newbobMultiEpochFirstEpochs() throws {
        let lrc = try S.control("""
        learning_rate_control = "newbob_multi_epoch"
        learning_rate_control_relative_error_relative_lr = True
        newbob_multi_num_epochs = 6
        newbob_multi_update_interval = 1
        learning_rate = 0.0005
        """)
        #expect(try lrc.learningRate(forEpoch: 1) == 0.0005)
        try lrc.setEpochError(1, [("dev_error", .value(0.50283176046904721)), ("dev_score", .value(2.3209858321263455)),
                                  ("train_score", .value(3.095824052426714))])
        #expect(try lrc.learningRate(forEpoch: 2) == 0.0005)
    }

    /// test_later_default_lr: a preset learning rate for a future epoch wins over the control,
    /// also after the file was saved and read again.
    @Test func laterDefaultLearningRate() throws {
        let dir = try S.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lr.txt").path
        // numpy.linspace(0.0003, 0.0005, num=10) written out.
        let warmup = (0..<10).map { 0.0003 + Double($0) * (0.0005 - 0.0003) / 9 }
        let body = """
        learning_rate_file = \(ConfigValue.str(file).repr)
        learning_rate_control = "newbob_multi_epoch"
        learning_rate_control_relative_error_relative_lr = True
        learning_rate_control_min_num_epochs_per_new_lr = 3
        newbob_multi_num_epochs = 6
        newbob_multi_update_interval = 1
        learning_rate = 0.0005
        learning_rates = [\(warmup.map { ConfigValue.float($0).repr }.joined(separator: ", "))]
        min_learning_rate = 0.0005 / 50.0
        """
        let lrc = try S.control(body)
        for epoch in 1...250 {
            _ = try lrc.learningRate(forEpoch: epoch)
            try lrc.setEpochError(epoch, [("train_score", .value(0.5)), ("train_error", .value(0.5))])
            try lrc.setEpochError(epoch, [("dev_score", .value(0.5)), ("dev_error", .value(0.5))])
        }
        #expect(lrc.epochData[5]!.learningRate == warmup[4])
        try lrc.save()
        let presets = warmup.enumerated().map { "\($0.offset + 1): \(ConfigValue.float($0.element).repr)" } + ["251: 0.0005 * 0.5"]
        let later = try S.control(body + "\nlearning_rates = {\(presets.joined(separator: ", "))}\n")
        #expect(later.epochData[251] != nil)
        #expect(later.epochData[250] == lrc.epochData[250])
        #expect(try later.learningRate(forEpoch: 251) == 0.0005 * 0.5)
    }

    /// The worked example of the spec §9.2: epoch 3 keeps 0.01, epoch 4 decays to 0.005.
    @Test func workedExample() throws {
        let lrc = try S.control("learning_rate_control = 'newbob'\nlearning_rate = 0.01")
        #expect(try lrc.learningRate(forEpoch: 1) == 0.01)
        try lrc.setEpochError(1, [("train_score", .value(0.23)), ("train_error", .value(0.05))])
        lrc.setEpochMeta(1, "epoch_num_train_steps", 34)
        lrc.setEpochMeta(1, "epoch_train_time_secs", 4)
        try lrc.setEpochError(1, [("dev_score", .value(0.066)), ("dev_error", .value(0.0248))])
        #expect(try lrc.learningRate(forEpoch: 2) == 0.01)
        try lrc.setEpochError(2, [("train_score", .value(0.02)), ("dev_score", .value(0.0116))])
        #expect(lrc.relativeError(oldEpoch: 1, newEpoch: 2)! < -0.01)
        #expect(try lrc.learningRate(forEpoch: 3) == 0.01)
        try lrc.setEpochError(3, [("dev_score", .value(0.0131))])
        #expect(abs(lrc.relativeError(oldEpoch: 2, newEpoch: 3)! - 0.1145) < 1e-3)
        #expect(try lrc.learningRate(forEpoch: 4) == 0.005)
    }

    /// The key order of get_error_key, one rule at a time.
    @Test func errorKeySelectionOrder() throws {
        func key(_ keys: [String], measure: String = "") throws -> String? {
            let lrc = try S.control(measure.isEmpty ? "" : "learning_rate_control_error_measure = \(measure)")
            lrc.epochData[1] = EpochData(learningRate: 1, error: keys.map { ($0, 1.0) })
            return lrc.errorKey(forEpoch: 1)
        }
        #expect(try key(["dev_error", "dev_score", "train_score"], measure: "'dev_error'") == "dev_error")
        #expect(try key(["dev_error_output", "dev_score"], measure: "'dev_error'") == "dev_error_output")
        #expect(try key(["dev_score", "x"], measure: "['nope', 'x']") == "x")
        #expect(try key(["dev_score", "x_output"], measure: "['x', 'dev_score']") == "x_output")
        #expect(try key(["dev_score", "dev_error", "train_score"], measure: "'nope'") == "dev_score")
        #expect(try key(["dev_score_output", "dev_error"]) == "dev_score_output")
        #expect(try key(["dev_score_output/z", "dev_score_output/output_prob", "dev_a"]) == "dev_score_output/output_prob")
        #expect(try key(["dev_score_output/z", "dev_score_output/b", "dev_a"]) == "dev_score_output/b")
        #expect(try key(["dev_score_output/outputx", "dev_a"]) == "dev_score_output/outputx")
        #expect(try key(["train_score", "dev_z", "dev_b"]) == "dev_b")
        #expect(try key(["train_score_output", "train_score", "a"]) == "train_score")
        #expect(try key(["train_score_output", "b"]) == "train_score_output")
        #expect(try key(["zeta", "Beta", "alpha"]) == "Beta")
        #expect(try key(["old_format_score"]) == "old_format_score")
        // Meta entries are no scores.
        #expect(try key([":meta:epoch_num_train_steps", "zeta"]) == "zeta")
        #expect(try key([":meta:epoch_num_train_steps"]) == nil)
        // Unknown epochs: the first configured measure.
        let lrc = try S.control("learning_rate_control_error_measure = ['dev_error', 'dev_score']")
        #expect(lrc.errorKey(forEpoch: 7) == "dev_error")
        #expect(try S.control("").errorKey(forEpoch: 7) == nil)
    }

    /// Two epochs with different error keys give no relative error, so the rate stays.
    @Test func differentErrorKeysKeepLearningRate() throws {
        let lrc = try S.control("learning_rate_control = 'newbob'\nlearning_rate = 0.1")
        lrc.epochData[1] = EpochData(learningRate: 0.1, error: [("train_score", 1.0)])
        lrc.epochData[2] = EpochData(learningRate: 0.1, error: [("dev_score", 2.0)])
        #expect(lrc.relativeError(oldEpoch: 1, newEpoch: 2) == nil)
        #expect(try lrc.learningRate(forEpoch: 3) == 0.1)
    }

    /// newbob_relative_error_div_by_old divides by the old error; relative_lr divides by lr ratio.
    @Test func relativeErrorVariants() throws {
        let base = "learning_rate_control = 'newbob'\nlearning_rate = 0.5\n"
        for (extra, expected) in [("", (1.5 - 2.0) / 1.5), ("newbob_relative_error_div_by_old = True", (1.5 - 2.0) / 2.0),
                                  ("learning_rate_control_relative_error_relative_lr = True", (1.5 - 2.0) / 1.5 / (0.25 / 0.5))] {
            let lrc = try S.control(base + extra)
            lrc.epochData[1] = EpochData(learningRate: 0.5, error: [("dev_score", 2.0)])
            lrc.epochData[2] = EpochData(learningRate: 0.25, error: [("dev_score", 1.5)])
            #expect(lrc.relativeError(oldEpoch: 1, newEpoch: 2) == expected, "\(extra)")
        }
    }

    /// Decay clips at min_learning_rate; growth is not clipped; callables are used.
    @Test func decayGrowthAndMinimum() throws {
        let lrc = try S.control("""
        learning_rate_control = 'newbob'
        learning_rate = 0.1
        min_learning_rate = 0.04
        learning_rate_decay = lambda lr: lr / 2.0
        learning_rate_growth = 1.5
        """)
        #expect(try lrc.decayOrGrow(0.1, decay: true) == 0.05)
        #expect(try lrc.decayOrGrow(0.05, decay: true) == 0.04)
        #expect(try lrc.decayOrGrow(0.1, decay: false) == 0.1 * 1.5)
        #expect(try lrc.decayOrGrow(0.1, decay: false, grow: false) == 0.1)
        lrc.epochData[1] = EpochData(learningRate: 0.1, error: [("dev_score", 1.0)])
        lrc.epochData[2] = EpochData(learningRate: 0.1, error: [("dev_score", 0.5)])
        #expect(try lrc.learningRate(forEpoch: 3) == 0.1 * 1.5)
        try lrc.setEpochError(3, [("dev_score", .value(0.6))])
        #expect(try lrc.learningRate(forEpoch: 4) == 0.1 * 1.5 / 2.0)
    }

    /// newbob_abs compares the plain difference against newbob_error_threshold.
    @Test func newbobAbs() throws {
        let lrc = try S.control("learning_rate_control = 'newbob_abs'\nlearning_rate = 1.0\nnewbob_error_threshold = -0.1")
        lrc.epochData[1] = EpochData(learningRate: 1.0, error: [("dev_score", 2.0)])
        lrc.epochData[2] = EpochData(learningRate: 1.0, error: [("dev_score", 1.95)])
        #expect(try lrc.learningRate(forEpoch: 3) == 0.5)  // diff -0.05 > -0.1
        try lrc.setEpochError(3, [("dev_score", .value(1.7))])
        #expect(try lrc.learningRate(forEpoch: 4) == 0.5)  // diff -0.25: grow by 1.0
    }

    /// constant: the latest earlier epoch's rate, else learning_rate; presets stay.
    @Test func constantRule() throws {
        let lrc = try S.control("learning_rate = 0.3\nlearning_rates = {3: 0.1}")
        #expect(lrc.type == .constant && !lrc.type.needErrorInfo)
        #expect(try lrc.learningRate(forEpoch: 1) == 0.3)
        #expect(try lrc.learningRate(forEpoch: 2) == 0.3)
        #expect(try lrc.learningRate(forEpoch: 3) == 0.1)
        #expect(try lrc.learningRate(forEpoch: 4) == 0.1)
        lrc.setLearningRate(0.7, forEpoch: 4)
        #expect(try lrc.learningRate(forEpoch: 6) == 0.7)
        #expect(lrc.learningRateIfKnown(epoch: 5) == nil)
    }

    /// newbob_multi_epoch: updates only at epochs e with e % interval == 1, from the mean of the
    /// last numEpochs relative errors; grows only below the grow threshold.
    @Test func newbobMultiEpochInterval() throws {
        let lrc = try S.control("""
        learning_rate_control = 'newbob_multi_epoch'
        learning_rate = 1.0
        newbob_multi_num_epochs = 2
        newbob_multi_update_interval = 2
        newbob_relative_error_grow_threshold = -0.2
        learning_rate_growth = 2.0
        """)
        for (e, v) in [(1, 10.0), (2, 9.0), (3, 8.9)] { lrc.epochData[e] = EpochData(learningRate: 1.0, error: [("dev_score", v)]) }
        #expect(try lrc.newLearningRate(forEpoch: 4) == 1.0)  // 4 % 2 != 1
        // Epoch 5: mean of (9-10)/9 and (8.9-9)/8.9 = -0.0612: neither decay (> -0.01) nor grow (< -0.2).
        let mean = lrc.recentMeanRelativeError(epoch: 5, numEpochs: 2)!
        #expect(mean == ((9.0 - 10.0) / 9.0 + (8.9 - 9.0) / 8.9) / 2)
        #expect(try lrc.newLearningRate(forEpoch: 5) == 1.0)
        lrc.epochData[3] = EpochData(learningRate: 1.0, error: [("dev_score", 5.0)])
        #expect(try lrc.newLearningRate(forEpoch: 5) == 2.0)
        lrc.epochData[3] = EpochData(learningRate: 1.0, error: [("dev_score", 11.0)])
        #expect(try lrc.newLearningRate(forEpoch: 5) == 0.5)
    }

    /// learning_rate_control_min_num_epochs_per_new_lr keeps a new rate for k epochs.
    @Test func minNumEpochsPerNewLearningRate() throws {
        let lrc = try S.control("learning_rate_control = 'newbob'\nlearning_rate = 1.0\nlearning_rate_control_min_num_epochs_per_new_lr = 3")
        lrc.epochData[1] = EpochData(learningRate: 1.0, error: [("dev_score", 1.0)])
        lrc.epochData[2] = EpochData(learningRate: 1.0, error: [("dev_score", 1.1)])
        // Only 2 epochs of history (< 3): keep.
        #expect(try lrc.newLearningRate(forEpoch: 3) == 1.0)
        lrc.epochData[3] = EpochData(learningRate: 1.0, error: [("dev_score", 1.2)])
        #expect(try lrc.newLearningRate(forEpoch: 4) == 0.5)
        lrc.epochData[4] = EpochData(learningRate: 0.5, error: [("dev_score", 1.3)])
        // The last 3 epochs had 2 different rates: keep the newest.
        #expect(try lrc.newLearningRate(forEpoch: 5) == 0.5)
        lrc.epochData[5] = EpochData(learningRate: 0.5, error: [("dev_score", 1.4)])
        lrc.epochData[6] = EpochData(learningRate: 0.5, error: [("dev_score", 1.5)])
        #expect(try lrc.newLearningRate(forEpoch: 7) == 0.25)
    }

    /// set_epoch_error on an unknown epoch sets its learning rate first; meta needs no score.
    @Test func setEpochErrorAndMeta() throws {
        let lrc = try S.control("learning_rate = 0.2")
        try lrc.setEpochError(1, [("train_score", .value(3))])
        #expect(lrc.epochData[1]!.learningRate == 0.2)
        lrc.setEpochMeta(1, "global_train_step", 0)
        lrc.setEpochMeta(1, "effective_learning_rate", Float(0.2))
        lrc.setEpochMeta(1, "epoch_train_time_secs", 4.5)
        #expect(lrc.epochData[1]!.meta.map(\.name) == ["global_train_step", "effective_learning_rate", "epoch_train_time_secs"])
        #expect(lrc.epochData[1]!.meta("effective_learning_rate") == Double(Float(0.2)))
        #expect(lrc.epochErrors(1).map(\.key) == ["train_score"])
        #expect(lrc.epochErrorValue(1) == 3)
        #expect(lrc.epochErrorValue(2) == nil)
    }

    /// The notes upstream prints on v4: file state, a default learning rate, the error key of epoch 1.
    @Test func logNotes() throws {
        let dir = try S.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lr").path
        let cap = LearningRateTestSupport.Lines()
        let log = try Log(logs: [], verbosity: [4], formats: [], stdoutWriter: cap.writer)
        let config = try S.config("learning_rate_control = 'newbob'\nlearning_rate_file = \(ConfigValue.str(file).repr)")
        let lrc = try LearningRateControl(config: config, log: log)
        try lrc.setEpochError(1, [("dev_score", .value(.nan)), ("dev_error", .value(0.5))])
        try lrc.save()
        _ = try LearningRateControl(config: config, log: log)
        _ = try LearningRateControl(config: try S.config("x = 1"), log: log)
        #expect(cap.lines == [
            "Learning-rate-control: file \(file) does not exist yet",
            "Learning rate not set for epoch 1. Assuming default.",
            "Learning-rate-control: error key 'dev_score' from {'dev_score': nan, 'dev_error': 0.5}",
            "Learning-rate-control: loading file \(file)",
            "Learning-rate-control: no file specified, not saving history (no proper restart possible)",
        ])
    }

    /// get_last_best_epoch with its filters.
    @Test func lastBestEpoch() throws {
        let lrc = try S.control("")
        for (e, v) in [(1, 3.0), (2, 2.0), (3, 2.5), (4, 2.0), (5, 2.2)] {
            lrc.epochData[e] = EpochData(learningRate: 1, error: [("dev_score", v)])
        }
        #expect(lrc.lastBestEpoch(lastEpoch: 5) == 2)
        #expect(lrc.lastBestEpoch(lastEpoch: 5, onlyLastEpochs: 3) == 4)
        #expect(lrc.lastBestEpoch(lastEpoch: 5, onlyLastN: 2) == 4)
        #expect(lrc.lastBestEpoch(lastEpoch: 5, minScoreDist: 0.5) == nil)
        #expect(lrc.lastBestEpoch(lastEpoch: 5, filterScore: 1.0) == nil)
        #expect(lrc.lastBestEpoch(lastEpoch: 3, firstEpoch: 3) == nil)
        #expect(lrc.lastBestEpoch(lastEpoch: 2, firstEpoch: 3) == nil)
        lrc.epochData[6] = EpochData(learningRate: 1, error: [("train_score", 0.1)])
        #expect(lrc.lastBestEpoch(lastEpoch: 6) == nil)  // only epoch 6 uses train_score
    }

    /// numpy's pairwise float64 sum, checked on sizes around its block boundaries against a
    /// value computed with an exactly rounded sum where all orders agree.
    @Test func numpyPairwiseSumBlocks() {
        for n in [1, 7, 8, 9, 16, 17, 128, 129, 300] {
            let a = (0..<n).map { Double($0 % 7) * 0.25 }
            #expect(LearningRateControl.numpyPairwiseSum(a[...]) == a.reduce(0, +), "n=\(n)")
        }
        // Order matters here: 8 accumulators sum 1e16 with the small values differently.
        let a = [1e16] + [Double](repeating: 1, count: 15)
        #expect(LearningRateControl.numpyPairwiseSum(a[...]) == 1e16 + 14)
        #expect(a.reduce(0, +) == 1e16)
    }
}
