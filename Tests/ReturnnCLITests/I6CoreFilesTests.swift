import Foundation
import Testing
import ReturnnTraining

/// The files i6_core's RETURNN jobs read, checked as i6_core reads them but without i6_core (CI has
/// only Debian's python3): a training launched as `ReturnnTrainingJob` launches it, then the
/// `learning_rates` file evaluated with i6_core's globals. `scripts/check-i6core.py` runs the real
/// job classes by hand.
@Suite(.serialized) struct I6CoreFilesTests {
    /// i6_core's `ReturnnTrainingJob._try_load_lr_log` and `plot` / `GetBestEpochJob.run`: `eval`
    /// of the file with `EpochData` (a dict, or a function keeping learningRate and error), `nan`,
    /// `inf` and `np` as globals; prints what they take from it.
    static let reader = """
        import sys
        text = open(sys.argv[1]).read()
        epochs = eval(text.strip(), {"EpochData": dict, "nan": float("nan"), "inf": float("inf"), "np": None})
        assert isinstance(epochs, dict)
        available = {ep: d for ep, d in epochs.items() if len(d["error"]) > 0}
        print("max_available_epoch", max(available) if available else 0)
        def EpochData(learningRate, error):
            return {"learning_rate": learningRate, "error": error}
        data = eval(text, {"EpochData": EpochData, "nan": float("nan"), "inf": float("inf"), "np": None})
        for ep in sorted(data):
            err = data[ep]["error"]
            print(ep, repr(data[ep]["learning_rate"]), " ".join("%s=%r" % (k, err[k]) for k in sorted(err)))
        """

    static func evalLikeI6Core(_ path: String, in dir: URL) throws -> ReturnnCLITests.Result {
        let script = dir.appendingPathComponent("read_lr.py")
        try Self.reader.write(to: script, atomically: false, encoding: .utf8)
        return try LauncherTests.run(try LauncherTests.python3(), [script.path, path], cwd: dir, environment: ProcessInfo.processInfo.environment)
    }

    /// A config as i6_core's `ReturnnTrainingJob` writes it (`ReturnnConfig.write`, black-formatted):
    /// its config and post_config keys, an absolute `model` under `output/models`.
    static func trainingConfig(model: String) -> String {
        """
        #!rnn.py


        backend = "tensorflow"
        batch_size = 5000
        dev = {"class": "Task12AXDataset", "fixed_random_seed": 1, "num_seqs": 20}
        device = "cpu"
        learning_rate = 0.01
        learning_rate_file = "learning_rates"
        log = ["./returnn.log"]
        log_verbosity = 3
        max_seqs = 10
        model = "\(model)"
        network = {
            "output": {"class": "softmax", "from": "data", "loss": "ce"},
        }
        num_epochs = 2
        num_inputs = 9
        num_outputs = 2
        save_interval = 1
        target = "classes"
        task = "train"
        train = {"class": "Task12AXDataset", "num_seqs": 100}
        config = {}

        """
    }

    @Test func trainingFilesWhereAndAsI6CoreReadsThem() throws {
        let job = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: job) }
        let work = job.appendingPathComponent("work"), output = job.appendingPathComponent("output")
        for d in [work, output.appendingPathComponent("models")] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let config = output.appendingPathComponent("returnn.config")
        try Self.trainingConfig(model: output.path + "/models/epoch").write(to: config, atomically: false, encoding: .utf8)
        // rnn.sh: [returnn_python_exe, <returnn_root>/rnn.py, <job>/output/returnn.config], run in work/.
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_RETURNN_BINARY"] = try ReturnnCLITests.binary().path
        let r = try LauncherTests.run(try LauncherTests.python3(), [LauncherTests.launcher.path, config.path], cwd: work, environment: env)
        #expect(r.status == 0, "\(r.stderr)")

        // The config declares the TF backend: TF checkpoints as i6_core's ReturnnTrainingJob
        // expects (`out_checkpoints[n]` is `models/epoch.NNN.index`; GetBestTFCheckpointJob also
        // links `.meta` and `.data-00000-of-00001`), and TensorBoard runs next to them as upstream.
        let models = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("models").path).sorted()
        #expect(models.filter { $0.hasPrefix("epoch.") } == [
            "epoch.001.data-00000-of-00001", "epoch.001.index", "epoch.001.meta",
            "epoch.002.data-00000-of-00001", "epoch.002.index", "epoch.002.meta",
        ])
        #expect(models.contains { $0.hasPrefix("train-") } && models.contains { $0.hasPrefix("dev-") }, "\(models)")
        let log = try String(contentsOf: work.appendingPathComponent("returnn.log"), encoding: .utf8)
        #expect(log.contains("Finished training in epoch 2."))
        let read = try Self.evalLikeI6Core(work.appendingPathComponent("learning_rates").path, in: work)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.lines.first == "max_available_epoch 2")
        #expect(read.lines.count == 3)
        for (i, line) in read.lines.dropFirst().enumerated() {
            #expect(line.hasPrefix("\(i + 1) 0.01 :meta:effective_learning_rate=0.01 :meta:epoch_num_train_steps="), "\(line)")
            for key in ["dev_error=", "dev_score=", "train_error=", "train_score="] { #expect(line.contains(key), "\(line)") }
        }
    }

    /// Values a training can produce that plain literals cannot: NaN and infinite scores, int
    /// meta data, the float32 effective learning rate; i6_core's eval still reads them.
    @Test func nonFiniteScoresParseWithI6CoreGlobals() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var e1 = EpochData(learningRate: 0.001, error: [("train_score", .nan), ("dev_score", .infinity), ("dev_error", -.infinity)])
        e1.setMeta("epoch_num_train_steps", 12, style: .int)
        e1.setMeta("effective_learning_rate", Double(Float(0.001)), style: .float32)
        let e2 = EpochData(learningRate: 1e-05, error: [])
        let path = dir.appendingPathComponent("learning_rates").path
        try LearningRateFileWriter.write([1: e1, 2: e2], to: path)
        let read = try Self.evalLikeI6Core(path, in: dir)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.lines == [
            "max_available_epoch 1",
            "1 0.001 :meta:effective_learning_rate=0.001 :meta:epoch_num_train_steps=12 dev_error=-inf dev_score=inf train_score=nan",
            "2 1e-05 ",
        ])
    }
}
