import Foundation
import ReturnnConfig
import ReturnnData
import ReturnnTensor
import Testing

@testable import ReturnnTraining

/// A pass refuses a batch that cannot fit into memory before allocating it, and says how many
/// sequences the length limits skipped.
@Suite(.serialized) struct RunnerTests {
    static let config = """
        train = {"class": "Task12AXDataset", "num_seqs": 60}
        num_inputs = 9
        num_outputs = 2
        batch_size = 2000
        max_seqs = 10
        network = {
            "hidden": {"class": "linear", "activation": "tanh", "n_out": 100, "from": "data"},
            "output": {"class": "softmax", "loss": "ce", "from": "hidden"},
        }
        """

    func setUp(_ extra: String = "") throws -> (Engine, any Dataset, LineCapture, URL) {
        let dir = try EngineTests.tempDir()
        let c = try EngineTests.config(Self.config + extra, dir: dir)
        let cap = LineCapture()
        let log = try Log(logs: [], verbosity: [4], formats: [], stdoutWriter: cap.writer)
        let data = try Task12AXDataset(numSeqs: 60, options: try DatasetOptions(name: "train"))
        let engine = try Engine(config: c, log: log, trainDataset: data)
        try data.initSeqOrder(epoch: 1)
        return (engine, data, cap, dir)
    }

    func runner(_ engine: Engine, budget: MemoryBudget) -> Runner {
        var r = Runner(network: engine.network, log: engine.log, reportPrefix: "train epoch 1", mode: .eval, epoch: 1,
                       seed: 1, runOptions: engine.runOptions, showProgress: false)
        r.memoryBudget = budget
        return r
    }

    /// A layer output of 10 sequences × T frames × 100 floats is larger than a 100 KB budget;
    /// the input (9 floats per frame) alone would fit.
    @Test func batchThatCannotFitIsRefused() throws {
        let (engine, data, _, dir) = try setUp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let batching = try engine.settings.batching(recurrent: true, usedKeys: engine.network.usedDataKeys, applyMaxSeqLength: true)
        let r = runner(engine, budget: MemoryBudget(bytes: 100_000, source: "test budget"))
        do {
            _ = try r.run(dataset: data, batching: batching, model: engine.model)
            Issue.record("expected an error")
        } catch let e as EngineError {
            #expect(e.message.hasPrefix("train epoch 1: a batch of 10 sequences of up to "), "\(e)")
            #expect(e.message.contains(" cannot fit: the output of layer 'hidden' ("), "\(e)")
            #expect(e.message.hasSuffix(", more than the 97.7 KB of test budget; lower batch_size or max_seqs, or set max_seq_length"), "\(e)")
        }
        // An input that does not fit is named as such.
        let tiny = runner(engine, budget: MemoryBudget(bytes: 100, source: "test budget"))
        #expect(throws: EngineError.self) { _ = try tiny.run(dataset: data, batching: batching, model: engine.model) }
        do { _ = try tiny.run(dataset: data, batching: batching, model: engine.model) } catch let e as EngineError {
            #expect(e.message.contains("cannot fit: the input 'data' of shape [10, "), "\(e)")
        }
        // With the real budget the same pass runs.
        let real = try runner(engine, budget: .current()).run(dataset: data, batching: batching, model: engine.model)
        #expect(real.steps == 6)
    }

    /// `max_seq_length`: longer sequences are skipped (as upstream) and the pass says how many.
    @Test func lengthLimitSkipsAndSaysSo() throws {
        let (engine, data, cap, dir) = try setUp("\nmax_seq_length = 30\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        var longer = 0
        for i in 0..<60 where try data.data(i, key: "data").length > 30 { longer += 1 }
        #expect(longer > 5 && longer < 55)
        let batching = try engine.settings.batching(recurrent: true, usedKeys: engine.network.usedDataKeys, applyMaxSeqLength: true)
        let r = try runner(engine, budget: .current()).run(dataset: data, batching: batching, model: engine.model)
        #expect(r.frames > 0)
        #expect(cap.lines.contains("train epoch 1: skipped \(longer) sequences outside the length limits (max_seq_length 30, min_seq_length 0)"),
                "\(cap.lines)")
    }
}
