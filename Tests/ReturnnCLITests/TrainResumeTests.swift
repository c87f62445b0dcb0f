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

    func start(_ cfg: URL, out: URL, format: String) throws -> Process {
        let p = Process()
        p.executableURL = try ReturnnCLITests.binary()
        p.arguments = [cfg.path, "++checkpoint_format", format]
        var env = ProcessInfo.processInfo.environment
        env["OUT"] = out.path
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// The files that mark a complete epoch model and those compared at the end, per format.
    static func files(_ format: String, epoch: String) -> (marker: String, compared: [String]) {
        format == "tf" ? ("model.\(epoch).index", ["model.\(epoch).index", "model.\(epoch).data-00000-of-00001"])
            : ("model.\(epoch).safetensors", ["model.\(epoch).safetensors", "model.\(epoch).opt.safetensors"])
    }

    @Test(arguments: ["safetensors", "tf"]) func killedAndRestartedTrainingEndsWithTheSameModel(format: String) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-resume-\(UUID().uuidString)")
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        for d in [a, b] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: root) }
        let cfg = root.appendingPathComponent("resume.config")
        try Self.config.write(to: cfg, atomically: false, encoding: .utf8)

        let full = try start(cfg, out: a, format: format)
        full.waitUntilExit()
        #expect(full.terminationStatus == 0)

        // Kill twice at different moments: once mid epoch 2, once mid epoch 3 (after its model
        // of epoch 2 exists), then let it finish.
        for epochDone in ["001", "002"].map({ Self.files(format, epoch: $0).marker }) {
            let p = try start(cfg, out: b, format: format)
            let deadline = Date().addingTimeInterval(120)
            while !FileManager.default.fileExists(atPath: b.appendingPathComponent(epochDone).path) && Date() < deadline && p.isRunning {
                usleep(2_000)
            }
            usleep(30_000)
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
        }
        let last = try start(cfg, out: b, format: format)
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        for f in Self.files(format, epoch: "004").compared {
            let x = try Data(contentsOf: a.appendingPathComponent(f)), y = try Data(contentsOf: b.appendingPathComponent(f))
            #expect(x == y, "\(f) differs between the uninterrupted and the killed-and-resumed run")
        }
    }
}
