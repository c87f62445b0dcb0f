import Foundation
import ReturnnConfig
import Testing

@testable import ReturnnTraining

/// End-to-end training runs of small configs, in process.
@Suite(.serialized) struct EngineTests {
    static func config(_ body: String, dir: URL) throws -> Config {
        let env = ConfigEnvironment(environment: ["HOME": dir.path], argv: ["returnn", "test.config"], userName: "tester",
                                    uid: 1234) { _ in }
        let c = Config(environment: env)
        try c.load(text: "#!returnn.py\n" + body.replacingOccurrences(of: "$DIR", with: dir.path), filename: "test.config")
        return c
    }

    static func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    static let small12AX = """
        train = {"class": "Task12AXDataset", "num_seqs": 60}
        dev = {"class": "Task12AXDataset", "num_seqs": 20, "fixed_random_seed": 1}
        num_inputs = 9
        num_outputs = 2
        batching = "random"
        batch_size = 2000
        max_seqs = 10
        network = {
            "fw0": {"class": "rec", "unit": "nativelstm2", "n_out": 10, "dropout": 0.1, "from": "data"},
            "output": {"class": "softmax", "loss": "ce", "from": ["fw0"]},
        }
        optimizer = {"class": "adam"}
        learning_rate = 0.01
        model = "$DIR/model"
        learning_rate_file = "$DIR/lr"
        log_verbosity = 4
        """

    static func train(_ c: Config) throws -> [String] {
        let cap = LineCapture()
        let log = try Log(logs: [], verbosity: [4], formats: [], stdoutWriter: cap.writer)
        try Engine.train(config: c, log: log)
        return cap.lines
    }

    @Test func trainsSavesAndLogsLikeUpstream() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = try Self.train(try Self.config(Self.small12AX + "\nnum_epochs = 2\n", dir: dir))
        #expect(lines.contains { $0.hasPrefix("epoch 1 score: ") && $0.contains(" error: ") && $0.contains(" elapsed: 0:00:") })
        #expect(lines.contains { $0.hasPrefix("dev: score ") && $0.contains(" error ") })
        #expect(lines.contains { $0.hasPrefix("train epoch 2, finished after ") && $0.contains("% computing time)") })
        #expect(lines.contains("net params #: 822"))
        #expect(lines.last { $0.hasPrefix("Finished training in epoch") } == "Finished training in epoch 2.")
        for e in ["001", "002"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.\(e).safetensors").path))
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.\(e).opt.safetensors").path))
        }
        let lrText = try String(contentsOf: dir.appendingPathComponent("lr"), encoding: .utf8)
        #expect(lrText.contains("2: EpochData(learningRate=0.01, error={"))
        #expect(lrText.contains("'dev_score':") && lrText.contains("'train_error':") && lrText.contains("':meta:epoch_num_train_steps':"))
    }

    @Test func resumeGivesTheSameFinalModelAsOneRun() throws {
        let a = try Self.tempDir(), b = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        _ = try Self.train(try Self.config(Self.small12AX + "\nnum_epochs = 3\n", dir: a))
        _ = try Self.train(try Self.config(Self.small12AX + "\nnum_epochs = 1\n", dir: b))
        let lines = try Self.train(try Self.config(Self.small12AX + "\nnum_epochs = 3\n", dir: b))
        #expect(lines.contains("start training at epoch 2"))
        for f in ["model.003.safetensors", "model.003.opt.safetensors"] {
            let x = try Data(contentsOf: a.appendingPathComponent(f)), y = try Data(contentsOf: b.appendingPathComponent(f))
            #expect(x == y, "\(f) differs after resume")
        }
    }

    @Test func evalReproducesTheDevScoreOfAnEpoch() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = try Self.train(try Self.config(Self.small12AX + "\nnum_epochs = 2\n", dir: dir))
        let devLines = lines.filter { $0.hasPrefix("dev: ") }
        let cap = LineCapture()
        let log = try Log(logs: [], verbosity: [3], formats: [], stdoutWriter: cap.writer)
        try Engine.eval(config: try Self.config(Self.small12AX + "\ntask = 'eval'\nload_epoch = 1\nnum_epochs = 2\n", dir: dir), log: log)
        #expect(cap.lines.last { $0.hasPrefix("dev: ") } == devLines.first)
    }

    @Test func nonFiniteScoreSavesBrokenModelAndFails() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = try Self.config(Self.small12AX + """

            num_epochs = 1
            network = {
                "h": {"class": "linear", "activation": "log", "n_out": 5},
                "output": {"class": "softmax", "loss": "ce", "from": "h"},
            }
            """, dir: dir)
        let e = #expect(throws: EngineError.self) { _ = try Self.train(c) }
        #expect(e?.message.hasPrefix("Inf/nan score in step 0.") == true)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.001.broken.safetensors").path))
    }

    @Test func preloadFromFilesInitializesTraining() throws {
        let a = try Self.tempDir(), b = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        _ = try Self.train(try Self.config(Self.small12AX + "\nnum_epochs = 1\n", dir: a))
        let pre = Self.small12AX + """

            num_epochs = 1
            optimizer = {"class": "sgd"}
            learning_rate = 0.0
            preload_from_files = {"init": {"filename": "\(a.path)/model.001", "init_for_train": True}}
            """
        let lines = try Self.train(try Self.config(pre, dir: b))
        #expect(lines.contains { $0.hasPrefix("preload_from_files: set 5 parameters") })
        let x = try Checkpoint.loadParams(from: a.appendingPathComponent("model.001").path).params
        let y = try Checkpoint.loadParams(from: b.appendingPathComponent("model.001").path).params
        #expect(x == y)
    }

    @Test func useLastBestModelGoesBackToTheBestEpoch() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Self.train(try Self.config(Self.small12AX + "\nnum_epochs = 2\n", dir: dir))
        // Make epoch 2's dev score the worst, then train epoch 3: it starts from epoch 1's model.
        let lrURL = dir.appendingPathComponent("lr")
        var text = try String(contentsOf: lrURL, encoding: .utf8)
        let at = text.range(of: "2: EpochData(")!
        let score = text.range(of: "'dev_score': ", range: at.upperBound..<text.endIndex)!
        let end = text[score.upperBound...].firstIndex(where: { $0 == "," || $0 == "}" })!
        text.replaceSubrange(score.upperBound..<end, with: "9.5")
        try text.write(to: lrURL, atomically: true, encoding: .utf8)
        let lines = try Self.train(try Self.config(Self.small12AX + "\nnum_epochs = 3\nuse_last_best_model = {\"modulo\": 1}\n", dir: dir))
        #expect(lines.contains { $0.hasPrefix("Last epoch 2 (score: 9.500000) is not the optimal model but epoch 1 has better score") })
        let bad = Self.small12AX + "\nnum_epochs = 3\nuse_last_best_model = {\"modulo\": 1, \"only_last\": 2}\n"
        #expect(throws: (any Error).self) { _ = try Self.train(try Self.config(bad, dir: dir)) }
    }
}

