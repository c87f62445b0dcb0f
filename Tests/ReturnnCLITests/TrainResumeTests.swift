import Foundation
import Testing

/// Determinism across processes: a training killed with SIGKILL at an arbitrary moment and
/// restarted with the same command ends with a final model byte-identical to an uninterrupted run.
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
        """

    func start(_ cfg: URL, out: URL) throws -> Process {
        let p = Process()
        p.executableURL = try ReturnnCLITests.binary()
        p.arguments = [cfg.path]
        var env = ProcessInfo.processInfo.environment
        env["OUT"] = out.path
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    @Test func killedAndRestartedTrainingEndsWithTheSameModel() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-resume-\(UUID().uuidString)")
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        for d in [a, b] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: root) }
        let cfg = root.appendingPathComponent("resume.config")
        try Self.config.write(to: cfg, atomically: true, encoding: .utf8)

        let full = try start(cfg, out: a)
        full.waitUntilExit()
        #expect(full.terminationStatus == 0)

        // Kill twice at different moments: once mid epoch 2, once mid epoch 3 (after its model
        // of epoch 2 exists), then let it finish.
        for epochDone in ["model.001.safetensors", "model.002.safetensors"] {
            let p = try start(cfg, out: b)
            let deadline = Date().addingTimeInterval(120)
            while !FileManager.default.fileExists(atPath: b.appendingPathComponent(epochDone).path) && Date() < deadline && p.isRunning {
                usleep(2_000)
            }
            usleep(30_000)
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
        }
        let last = try start(cfg, out: b)
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        for f in ["model.004.safetensors", "model.004.opt.safetensors"] {
            let x = try Data(contentsOf: a.appendingPathComponent(f)), y = try Data(contentsOf: b.appendingPathComponent(f))
            #expect(x == y, "\(f) differs between the uninterrupted and the killed-and-resumed run")
        }
    }
}
