import Foundation
import Testing
import ReturnnTFFormats

/// TensorFlow's formats end to end through the built binary: an upstream RETURNN checkpoint
/// (`Tests/Fixtures/tfcheckpoint/12ax`, made by its `make_fixture.py`) evaluates to upstream's dev
/// score; `convert-checkpoint` round-trips both ways bit-exactly; the TensorBoard event files of a
/// training hold the steps and scores of the run.
@Suite(.serialized) struct TFCheckpointTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tfcheckpoint/12ax")

    /// Upstream's values in `upstream.json`.
    static func upstream() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.appendingPathComponent("upstream.json"))) as! [String: Any]
    }

    static func devLine(_ r: ReturnnCLITests.Result) -> (score: Double, error: Double)? {
        guard let l = r.lines.last(where: { $0.hasPrefix("dev: score ") }) else { return nil }
        let parts = l.split(separator: " ")
        guard parts.count == 5, let s = Double(parts[2]), let e = Double(parts[4]) else { return nil }
        return (s, e)
    }

    @Test func upstreamCheckpointGivesUpstreamsDevScore() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let up = try Self.upstream()
        let config = Self.fixture.appendingPathComponent("12ax.config").path
        for load in ["model.002", "model.002.index"] {
            let r = try ReturnnCLITests.run([config, "++task", "eval", "++load", Self.fixture.appendingPathComponent(load).path,
                                             "++model", dir.path + "/model", "++learning_rate_file", dir.path + "/lr"])
            #expect(r.status == 0, "\(r.stderr)")
            let dev = try #require(Self.devLine(r), "\(r.stdout)")
            let (score, error) = (up["dev_score"] as! Double, up["dev_error"] as! Double)
            #expect(abs(dev.score - score) <= 1e-6 * score, "ours \(dev.score), upstream \(score)")
            #expect(abs(dev.error - error) <= 1e-7, "ours \(dev.error), upstream \(error)")
        }
    }

    @Test func trainingResumesFromAnUpstreamCheckpoint() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        for ext in [".index", ".data-00000-of-00001"] {
            try FileManager.default.copyItem(at: Self.fixture.appendingPathComponent("model.002" + ext),
                                             to: dir.appendingPathComponent("model.002" + ext))
        }
        let r = try ReturnnCLITests.run([Self.fixture.appendingPathComponent("12ax.config").path, "++num_epochs", "3",
                                         "++model", dir.path + "/model", "++learning_rate_file", dir.path + "/lr", "++log_verbosity", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("start training at epoch 3"))
        #expect(r.lines.contains { $0.hasPrefix("epoch 3 score: ") })
        let b = try TensorBundle.read(prefix: dir.path + "/model.003")
        // Continues upstream's global step (200) with its Adam state (beta1_power = 0.9^(step+1)).
        let step = try #require(b.tensors["global_step"]?.int64Values?.first)
        #expect(step > 200)
        let beta1 = try #require(b.tensors["optimize/beta1_power"]?.doubleValues?.first)
        #expect(abs(beta1 / Foundation.pow(0.9, Double(step + 1)) - 1) < 1e-3)
    }

    @Test func convertCheckpointRoundTripsBitExactly() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let train = try ReturnnCLITests.run([ReturnnCLITests.demosDirectory.appendingPathComponent("12ax.config").path,
                                             "++train", "{'class': 'Task12AXDataset', 'num_seqs': 20}", "++dev", "None",
                                             "++num_epochs", "1", "++model", dir.path + "/m/model", "++learning_rate_file", dir.path + "/lr"])
        #expect(train.status == 0, "\(train.stderr)")
        let tf = dir.path + "/m/model.001"
        func bytes(_ p: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: p)) }
        // tf -> safetensors -> tf
        let c1 = try ReturnnCLITests.run(["convert-checkpoint", tf, dir.path + "/st/model.001.safetensors"])
        #expect(c1.status == 0, "\(c1.stderr)")
        #expect(c1.stdout.hasPrefix("Converted \(tf) (tf: 5 parameters, 12 optimizer tensors, epoch 1, global step 2) to "), "\(c1.stdout)")
        let c2 = try ReturnnCLITests.run(["convert-checkpoint", dir.path + "/st/model.001.safetensors", dir.path + "/back/model.001"])
        #expect(c2.status == 0, "\(c2.stderr)")
        for ext in [".index", ".data-00000-of-00001", ".meta"] { #expect(try bytes(tf + ext) == bytes(dir.path + "/back/model.001" + ext), "\(ext)") }
        // safetensors -> tf -> safetensors
        let c3 = try ReturnnCLITests.run(["convert-checkpoint", dir.path + "/back/model.001.index", dir.path + "/st2/model.001.safetensors"])
        #expect(c3.status == 0, "\(c3.stderr)")
        for ext in [".safetensors", ".opt.safetensors"] {
            #expect(try bytes(dir.path + "/st/model.001" + ext) == bytes(dir.path + "/st2/model.001" + ext), "\(ext)")
        }
        // An existing output needs --force.
        let again = try ReturnnCLITests.run(["convert-checkpoint", tf, dir.path + "/back/model.001"])
        #expect(again.status == 1 && again.stderr == "returnn convert-checkpoint: error: \(dir.path)/back/model.001.index exists; use --force to replace it\n")
        #expect(try ReturnnCLITests.run(["convert-checkpoint", tf, dir.path + "/back/model.001", "--force"]).status == 0)
    }

    @Test func convertCheckpointOfAnUpstreamCheckpointAndMistakes() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let up = Self.fixture.appendingPathComponent("model.002").path
        let c = try ReturnnCLITests.run(["convert-checkpoint", up + ".index", dir.path + "/model.002.safetensors"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.lines.first == "note: \(up).index has no swift-returnn metadata: epoch 2 (from its name), global step 200; the effective learning rate is unknown")
        let help = try ReturnnCLITests.run(["convert-checkpoint", "--help"])
        #expect(help.status == 0 && help.stdout.hasPrefix("usage: returnn convert-checkpoint IN OUT [--force]"))
        let usage = try ReturnnCLITests.run(["convert-checkpoint", up])
        #expect(usage.status == 2 && usage.stderr.hasPrefix("returnn convert-checkpoint: error: expected IN and OUT, got 1 argument\nusage: "))
        let missing = try ReturnnCLITests.run(["convert-checkpoint", dir.path + "/nothing", dir.path + "/x"])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("returnn convert-checkpoint: error: \(dir.path)/nothing: no model there"))
        // A damaged upstream file is named.
        for ext in [".index", ".data-00000-of-00001"] {
            try FileManager.default.copyItem(atPath: up + ext, toPath: dir.path + "/bad.002" + ext)
        }
        var data = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/bad.002.data-00000-of-00001"))
        data[100] ^= 0x20
        try data.write(to: URL(fileURLWithPath: dir.path + "/bad.002.data-00000-of-00001"))
        let bad = try ReturnnCLITests.run(["convert-checkpoint", dir.path + "/bad.002", dir.path + "/out"])
        #expect(bad.status == 1 && bad.stderr.contains("\(dir.path)/bad.002.data-00000-of-00001: tensor '") && bad.stderr.contains("CRC32C mismatch (the file is damaged)"),
                "\(bad.stderr)")
    }

    @Test func tensorBoardEventsOfATraining() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ReturnnCLITests.run([ReturnnCLITests.demosDirectory.appendingPathComponent("12ax.config").path,
                                         "++train", "{'class': 'Task12AXDataset', 'num_seqs': 30}",
                                         "++dev", "{'class': 'Task12AXDataset', 'num_seqs': 10, 'fixed_random_seed': 1}",
                                         "++num_epochs", "2", "++model", dir.path + "/model", "++learning_rate_file", dir.path + "/lr",
                                         "++tf_log_dir", dir.path + "/tb"])
        #expect(r.status == 0, "\(r.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/tb").sorted()
        #expect(runs.count == 2 && runs[0].hasPrefix("dev-") && runs[1].hasPrefix("train-"), "\(runs)")
        func events(_ run: String) throws -> [TensorBoardEvent] {
            let files = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/tb/" + run)
            #expect(files.count == 1 && files[0].hasPrefix("events.out.tfevents."))
            return try TensorBoardEvent.read(path: dir.path + "/tb/\(run)/\(files[0])")
        }
        let train = try events(runs[1]), dev = try events(runs[0])
        #expect(train.first?.fileVersion == "brain.Event:2" && dev.first?.fileVersion == "brain.Event:2")
        // 30 seqs, max_seqs 10: 3 steps per epoch, steps 0..5.
        #expect(train.dropFirst().map(\.step) == Array(0..<6))
        for e in train.dropFirst() {
            #expect(e.scalars.map(\.tag) == ["objective/loss/loss_output", "objective/loss/error_output", "objective/loss",
                                             "objective/objective", "learning_rate"])
            #expect(e.scalars.last?.value == 0.01)
        }
        // Per epoch the dev scores of the log, at the global step after the epoch.
        #expect(dev.dropFirst().map(\.step) == [3, 6])
        let devLines = r.lines.filter { $0.hasPrefix("dev: score ") }
        for (e, line) in zip(dev.dropFirst(), devLines) {
            let parts = line.split(separator: " ")
            #expect(e.scalars == [.init(tag: "objective/loss/loss_output", value: Float(Double(parts[2])!)),
                                  .init(tag: "objective/loss/error_output", value: Float(Double(parts[4])!))])
        }
        // tf_log_dir = None: no event files.
        let none = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: none) }
        let cfg = none.appendingPathComponent("off.config")
        try "#!returnn.py\ntf_log_dir = None\n".write(to: cfg, atomically: false, encoding: .utf8)
        let off = try ReturnnCLITests.run([ReturnnCLITests.demosDirectory.appendingPathComponent("12ax.config").path, cfg.path,
                                           "++train", "{'class': 'Task12AXDataset', 'num_seqs': 10}", "++dev", "None",
                                           "++num_epochs", "1", "++model", none.path + "/model", "++learning_rate_file", none.path + "/lr"])
        #expect(off.status == 0, "\(off.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: none.path).sorted() == ["lr", "model.001.data-00000-of-00001", "model.001.index",
                                                                                            "model.001.meta", "off.config"])
    }
}
