import Foundation
import Testing

/// Determinism across processes: a training killed at any point and restarted with the same
/// command ends with every model, optimizer state and the learning-rate file byte-identical to an
/// uninterrupted run. Kill points: SIGKILL during training steps and evaluation (timed), inside
/// the write of a checkpoint file and inside the write of the learning-rate file (both exact: the
/// kernel kills the process with SIGXFSZ in the `write` that crosses a file-size limit), and a
/// restart after a stop during the dev evaluation (upstream `check_last_epoch` evaluates again).
@Suite(.serialized) struct TrainResumeTests {
    static let config = """
        #!returnn.py
        import os
        train = {"class": "Task12AXDataset", "num_seqs": 200}
        dev = {"class": "Task12AXDataset", "num_seqs": 20, "fixed_random_seed": 1}
        num_inputs = 9
        num_outputs = 2
        batching = "random"
        batch_size = 500
        max_seqs = 5
        network = {
            "fw0": {"class": "rec", "unit": "nativelstm2", "n_out": 10, "dropout": 0.1, "from": "data"},
            "output": {"class": "softmax", "loss": "ce", "from": ["fw0"]},
        }
        optimizer = {"class": "adam"}
        learning_rate = 0.01
        model = os.environ["OUT"] + "/model"
        learning_rate_file = os.environ["OUT"] + "/lr"
        num_epochs = 4
        log_verbosity = 2
        tf_log_dir = None
        """

    /// The same task with one softmax layer: its checkpoint files are smaller than the
    /// learning-rate file after a few epochs, so a file-size limit can hit that file first.
    static let tinyConfig = config
        .replacingOccurrences(of: "\"fw0\": {\"class\": \"rec\", \"unit\": \"nativelstm2\", \"n_out\": 10, \"dropout\": 0.1, \"from\": \"data\"},", with: "")
        .replacingOccurrences(of: "\"from\": [\"fw0\"]", with: "\"from\": \"data\", \"dropout\": 0.1")
        .replacingOccurrences(of: "num_epochs = 4", with: "num_epochs = 6")
        .replacingOccurrences(of: "\"num_seqs\": 200", with: "\"num_seqs\": 50")

    func start(_ cfg: URL, out: URL, format: String, args: [String] = []) throws -> Process {
        let p = Process()
        p.executableURL = try ReturnnCLITests.binary()
        p.arguments = [cfg.path, "++checkpoint_format", format] + args
        var env = ProcessInfo.processInfo.environment
        env["OUT"] = out.path
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// The file that marks a complete epoch model, per format.
    static func marker(_ format: String, epoch: String) -> String {
        format == "tf" ? "model.\(epoch).index" : "model.\(epoch).safetensors"
    }

    @Test(arguments: ["safetensors", "tf"]) func killedAndRestartedTrainingEndsWithTheSameModel(format: String) throws {
        let (root, cfg) = try Self.setUp(Self.config)
        defer { try? FileManager.default.removeItem(at: root) }
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        try run(cfg, out: a, format: format)

        // Kill twice at different moments: once mid epoch 2, once mid epoch 3 (after its model
        // of epoch 2 exists), then let it finish.
        for epochDone in ["001", "002"].map({ Self.marker(format, epoch: $0) }) {
            let p = try start(cfg, out: b, format: format)
            let deadline = Date().addingTimeInterval(120)
            while !FileManager.default.fileExists(atPath: b.appendingPathComponent(epochDone).path) && Date() < deadline && p.isRunning {
                usleep(2_000)
            }
            usleep(30_000)
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
        }
        try run(cfg, out: b, format: format)
        try expectSameFiles(a, b, epochs: 4)
    }

    /// Killed inside the write of the epoch-2 checkpoint (the first file larger than the limit),
    /// then restarted: it trains epoch 2 again from the epoch-1 model.
    @Test(.enabled(if: FileSizeLimit.supported, "needs Linux with prlimit"), arguments: ["safetensors", "tf"])
    func killedDuringACheckpointWrite(format: String) throws {
        let (root, cfg) = try Self.setUp(Self.config)
        defer { try? FileManager.default.removeItem(at: root) }
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        try run(cfg, out: a, format: format)
        try run(cfg, out: b, format: format, args: ["++num_epochs", "1"])
        // Below the size of the largest checkpoint file (the first one written, in both formats),
        // above the learning-rate file.
        let limit = try DemosTests.files(a).filter { $0.hasPrefix("model.001.") }.map { try Self.size(a, $0) }.max()! - 1
        try #require(try Self.size(a, "lr") < limit, "the learning-rate file must stay below the limit")
        let killed = try FileSizeLimit.run([cfg.path, "++checkpoint_format", format], fileSizeLimit: limit, ignoreSignal: false,
                                           environment: ["OUT": b.path])
        #expect(killed.reason == .uncaughtSignal && killed.status == SIGXFSZ, "\(killed)")
        let partial = DemosTests.files(b).filter { $0.hasPrefix("model.002") }
        #expect(partial.filter { $0.hasSuffix(".tmp_write") }.count == 1 && !partial.contains(Self.marker(format, epoch: "002")),
                "killed inside a checkpoint write: \(DemosTests.files(b))")
        try run(cfg, out: b, format: format)
        try expectSameFiles(a, b, epochs: 4)
    }

    /// Killed inside the write of the learning-rate file (the tiny network's checkpoints stay
    /// below the limit; the file's first write of a later epoch crosses it), then restarted.
    @Test(.enabled(if: FileSizeLimit.supported, "needs Linux with prlimit"), arguments: ["safetensors", "tf"])
    func killedDuringTheLearningRateFileWrite(format: String) throws {
        let (root, cfg) = try Self.setUp(Self.tinyConfig)
        defer { try? FileManager.default.removeItem(at: root) }
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        try run(cfg, out: a, format: format)
        let largestCheckpoint = try DemosTests.files(a).filter { $0.hasPrefix("model.") }.map { try Self.size(a, $0) }.max()!
        // The file as it was after epoch k: the entries 1...k and the closing brace.
        let lr = try String(contentsOf: a.appendingPathComponent("lr"), encoding: .utf8)
        let entryStarts = (2...6).map { lr.range(of: "\n\($0): EpochData(")!.lowerBound }
        let afterEpoch = entryStarts.map { lr.utf8.distance(from: lr.startIndex, to: $0) + 3 }  // + "\n}\n"
        let k = try #require(afterEpoch.firstIndex { $0 > largestCheckpoint + 50 }, "\(afterEpoch) vs \(largestCheckpoint)")
        // Room for the whole file of epoch k+1 (a few digits of timing may differ), not for the
        // first write of epoch k+2, which adds an entry.
        let limit = afterEpoch[k] + 50
        let killed = try FileSizeLimit.run([cfg.path, "++checkpoint_format", format], fileSizeLimit: limit, ignoreSignal: false,
                                           environment: ["OUT": b.path])
        #expect(killed.reason == .uncaughtSignal && killed.status == SIGXFSZ, "\(killed)")
        let files = DemosTests.files(b)
        #expect(files.contains("lr.new_tmp") && files.contains(Self.marker(format, epoch: "00\(k + 1)"))
                && !files.contains(Self.marker(format, epoch: "00\(k + 2)")),
                "killed inside the learning-rate file write of epoch \(k + 2): \(files)")
        try run(cfg, out: b, format: format)
        try expectSameFiles(a, b, epochs: 6)
    }

    /// Stopped during the dev evaluation of epoch 2: the model of epoch 2 is saved, the
    /// learning-rate file has its train score but no dev score. The restart evaluates that model
    /// first (upstream `check_last_epoch`), so the file ends as in an uninterrupted run.
    @Test func stoppedDuringTheDevEvaluation() throws {
        let (root, cfg) = try Self.setUp(Self.tinyConfig)
        defer { try? FileManager.default.removeItem(at: root) }
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        try run(cfg, out: a, format: "safetensors")
        try run(cfg, out: b, format: "safetensors", args: ["++num_epochs", "2"])
        // The state at the moment of the kill: epoch 2's dev lines not yet written.
        let lrPath = b.appendingPathComponent("lr")
        let lr = try String(contentsOf: lrPath, encoding: .utf8)
        let epoch2 = lr.range(of: "\n2: EpochData(")!.lowerBound
        let cut = String(lr[..<epoch2]) + lr[epoch2...].split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("'dev_") }.joined(separator: "\n")
        #expect(cut != lr)
        try cut.write(to: lrPath, atomically: false, encoding: .utf8)
        try run(cfg, out: b, format: "safetensors")
        try expectSameFiles(a, b, epochs: 6)
    }

    /// A bit flip in the newest model: the restart says which file is damaged and how to resume
    /// from the one before; moving its files away resumes from there.
    @Test func damagedNewestModelAtResume() throws {
        let (root, cfg) = try Self.setUp(Self.tinyConfig.replacingOccurrences(of: "num_epochs = 6", with: "num_epochs = 2"))
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("a")
        try run(cfg, out: out, format: "safetensors")
        let damaged = out.appendingPathComponent("model.002.safetensors")
        var bytes = [UInt8](try Data(contentsOf: damaged))
        bytes[bytes.count - 3] ^= 0x10
        try Data(bytes).write(to: damaged)
        var env = ["OUT": out.path]
        let r = try DemosTests.run([cfg.path, "++checkpoint_format", "safetensors", "++num_epochs", "3"], environment: env)
        #expect(r.status == 1)
        #expect(r.stderr.contains("model.002.safetensors: tensor 'output/") && r.stderr.contains("is damaged"), "\(r.stderr)")
        #expect(r.stderr.contains("To resume from the previous epoch's model, move the files of ") && r.stderr.contains("model.002 away"), "\(r.stderr)")
        let aside = root.appendingPathComponent("damaged")
        try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: true)
        for f in ["model.002.safetensors", "model.002.opt.safetensors"] {
            try FileManager.default.moveItem(at: out.appendingPathComponent(f), to: aside.appendingPathComponent(f))
        }
        env["OUT"] = out.path
        let again = try DemosTests.run([cfg.path, "++checkpoint_format", "safetensors", "++num_epochs", "3", "++log_verbosity", "3"], environment: env)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.lines.contains("start training at epoch 2"), "\(again.lines)")
    }

    // MARK: helpers

    static func setUp(_ config: String) throws -> (URL, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-resume-\(UUID().uuidString)")
        for d in ["a", "b"] { try FileManager.default.createDirectory(at: root.appendingPathComponent(d), withIntermediateDirectories: true) }
        let cfg = root.appendingPathComponent("resume.config")
        try config.write(to: cfg, atomically: false, encoding: .utf8)
        return (root, cfg)
    }

    static func size(_ dir: URL, _ name: String) throws -> Int {
        try Data(contentsOf: dir.appendingPathComponent(name)).count
    }

    /// Runs the training to its end (status 0).
    func run(_ cfg: URL, out: URL, format: String, args: [String] = []) throws {
        let p = try start(cfg, out: out, format: format, args: args)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0, "training of \(out.lastPathComponent) \(args) failed")
    }

    /// Every model and optimizer file (of either format) and the learning-rate file are the same
    /// in both directories (the learning-rate file with the whole seconds of each epoch's training
    /// time left out: they are measured, not computed), and nothing else is there.
    func expectSameFiles(_ a: URL, _ b: URL, epochs: Int) throws {
        #expect(DemosTests.files(a) == DemosTests.files(b), "\(DemosTests.files(b))")
        let models = DemosTests.files(a).filter { $0.hasPrefix("model.") }
        #expect(models.contains { $0.hasPrefix(String(format: "model.%03d.", epochs)) }, "\(models)")
        for f in models {
            let x = try Data(contentsOf: a.appendingPathComponent(f)), y = try Data(contentsOf: b.appendingPathComponent(f))
            #expect(x == y, "\(f) differs between the uninterrupted and the killed-and-resumed run")
        }
        func lr(_ d: URL) throws -> String {
            try String(contentsOf: d.appendingPathComponent("lr"), encoding: .utf8).split(separator: "\n")
                .map { $0.hasPrefix("':meta:epoch_train_time_secs': ") ? "':meta:epoch_train_time_secs': <time>," : String($0) }
                .joined(separator: "\n")
        }
        let (x, y) = (try lr(a), try lr(b))
        #expect(x == y, "the learning-rate files differ:\n\(x)\n---\n\(y)")
        #expect(x.contains("\(epochs): EpochData(") && x.contains("'dev_score'"))
    }
}
