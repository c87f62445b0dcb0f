import Foundation
import ReturnnConfig
import Testing

@testable import ReturnnTraining

/// The `search` task end to end: train a small attention decoder, decode its dev set with beam
/// search, and read the output files back.
@Suite(.serialized) struct EngineSearchTests {
    static let setup = """
        train = {"class": "TaskNumberBaseConvertDataset", "num_seqs": 200}
        dev = {"class": "TaskNumberBaseConvertDataset", "num_seqs": 12, "fixed_random_seed": 42}
        eval = dev
        extern_data = {"data": {"sparse": True, "dim": 8}, "classes": {"sparse": True, "dim": 2}}
        network = {
            "embed": {"class": "linear", "activation": None, "from": "data", "n_out": 8},
            "encoder": {"class": "rec", "unit": "nativelstm2", "from": "embed", "n_out": 16},
            "enc_ctx": {"class": "linear", "activation": None, "from": "encoder", "n_out": 16},
            "output": {"class": "rec", "from": [], "target": "classes0", "max_seq_len": "max_len_from('base:encoder') * 4", "unit": {
                "emb": {"class": "linear", "activation": None, "from": "output", "n_out": 4},
                "s": {"class": "rnn_cell", "unit": "LSTMBlock", "from": ["prev:emb", "prev:att"], "n_out": 16},
                "att": {"class": "dot_attention", "from": "s", "base": "base:encoder", "base_ctx": "base:enc_ctx"},
                "prob": {"class": "softmax", "from": ["s", "att"], "target": "classes0", "loss": "ce"},
                "output": {"class": "choice", "from": "prob", "target": "classes0", "beam_size": 3, "initial_output": 0},
                "end": {"class": "compare", "from": "output", "value": 2},
            }},
            "t3": {"class": "reinterpret_data", "from": "data:classes", "increase_sparse_dim": 1, "register_as_extern_data": "classes3"},
            "t0": {"class": "postfix_in_time", "postfix": 2, "from": "t3", "register_as_extern_data": "classes0"},
            "decision": {"class": "decide", "from": "output", "loss": "edit_distance", "target": "classes3", "only_on_search": True},
        }
        batch_size = 2000
        max_seqs = 8
        optimizer = {"class": "adam"}
        learning_rate = 0.01
        model = "$DIR/model"
        num_epochs = 1
        """

    static func run(_ body: String, dir: URL, verbosity: Int = 4, search: Bool = true) throws -> [String] {
        let cap = LineCapture()
        let log = try Log(logs: [], verbosity: [verbosity], formats: [], stdoutWriter: cap.writer)
        let c = try EngineTests.config(Self.setup + "\n" + body, dir: dir)
        if search { try Engine.search(config: c, log: log) } else { try Engine.train(config: c, log: log) }
        return cap.lines
    }

    @Test func decodesTheDevSetIntoPyAndTxtFiles() throws {
        let dir = try EngineTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Self.run("", dir: dir, search: false)
        // Decided output, "py": a dict from seq tag to the label string.
        let py = dir.appendingPathComponent("out.py").path
        let lines = try Self.run("task = 'search'\nload_epoch = 1\nsearch_output_layer = 'decision'\nsearch_output_file = '\(py)'\n" +
                                 "search_output_file_format = 'py'\n", dir: dir)
        #expect(lines.contains("Search with network on eval."))
        let done = try #require(lines.first { $0.hasPrefix("Search done. Num steps 2, Final: score None error ") })
        let error = Double(done.split(separator: " ").last!)!
        #expect(error >= 0 && error.isFinite)
        #expect(lines.contains { $0.hasPrefix("seq_idx: 0, seq_tag: 'seq-0', output 'decision': array([") })
        #expect(lines.contains { $0.hasPrefix("  hyp: ") })
        let text = try String(contentsOfFile: py, encoding: .utf8)
        #expect(text.hasPrefix("{\n'seq-0': ") && text.hasSuffix(",\n}\n"))
        let dict = try EngineTests.config("", dir: dir).evaluate(expression: text, file: py)
        let entries = try #require(dict.dictValue?.entries)
        #expect(entries.map { $0.0.stringValue! } == (0..<12).map { "seq-\($0)" })
        // No vocabulary of 3 labels: label indices joined by spaces, only 0 and 1 (EOS ends).
        for (_, v) in entries { #expect(v.stringValue!.allSatisfy { $0 == "0" || $0 == "1" || $0 == " " }) }
        // The beam, "txt": one n-best list per line, in corpus order, with scores.
        let txt = dir.appendingPathComponent("out.txt.gz").path
        _ = try Self.run("task = 'search'\nload_epoch = 1\nsearch_output_layer = 'output'\nsearch_output_file = '\(txt)'\nsearch_do_eval = False\n",
                         dir: dir, verbosity: 2)
        let raw = try Data(contentsOf: URL(fileURLWithPath: txt))
        #expect(raw.prefix(2) == Data([0x1f, 0x8b]))
        let plain = String(decoding: try Gzip.decompress([UInt8](raw)), as: UTF8.self)
        let rows = plain.split(separator: "\n")
        #expect(rows.count == 12)
        #expect(rows.allSatisfy { $0.hasPrefix("[(-") && $0.hasSuffix("')]") && $0.components(separatedBy: "), (").count == 3 })
    }

    @Test func refusesWhatUpstreamRefuses() throws {
        let dir = try EngineTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Self.run("", dir: dir, search: false)
        let existing = dir.appendingPathComponent("exists.py").path
        try "x".write(toFile: existing, atomically: true, encoding: .utf8)
        #expect(throws: EngineError.self) {
            _ = try Self.run("task = 'search'\nload_epoch = 1\nsearch_output_file = '\(existing)'\n", dir: dir)
        }
        do {
            _ = try Self.run("task = 'search'\nload_epoch = 1\nmax_seq_length = 50\n", dir: dir)
            Issue.record("max_seq_length was accepted")
        } catch let e as EngineError {
            #expect(e.message.contains("set max_seq_length = 0 for search"))
        }
        do {
            _ = try Self.run("task = 'search'\nload_epoch = 1\nsearch_output_layer = 'decisoin'\n", dir: dir)
            Issue.record("an unknown output layer was accepted")
        } catch let e as EngineError {
            #expect(e.message.contains("search_output_layer 'decisoin' is not a layer") && e.message.hasSuffix("did you mean 'decision'?"))
        }
    }

    /// A softmax with a CTC loss as the search output: decoded greedily, without the blank.
    @Test func ctcOutputIsDecodedGreedily() throws {
        let dir = try EngineTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let py = dir.appendingPathComponent("ctc.py").path
        let cap = LineCapture()
        let log = try Log(logs: [], verbosity: [4], formats: [], stdoutWriter: cap.writer)
        try Engine.search(config: try EngineTests.config("""
            eval = {"class": "Task12AXDataset", "num_seqs": 6, "fixed_random_seed": 3}
            num_inputs = 9
            num_outputs = 2
            network = {"output": {"class": "softmax", "loss": "ctc", "from": "data"}}
            task = "search"
            allow_random_model_init = True
            search_do_eval = False
            search_output_file = "\(py)"
            search_output_file_format = "py"
            """, dir: dir), log: log)
        let dict = try EngineTests.config("", dir: dir).evaluate(expression: try String(contentsOfFile: py, encoding: .utf8), file: py)
        let entries = try #require(dict.dictValue?.entries)
        #expect(entries.count == 6)
        // The 12AX labels "L" and "R" through the data's character vocabulary; the blank (2) is
        // removed (the vocabulary would refuse it).
        for (_, v) in entries { #expect(!v.stringValue!.isEmpty && v.stringValue!.allSatisfy { "LR".contains($0) }) }
        #expect(cap.lines.contains { $0.hasPrefix("Search done. Num steps ") })
    }
}
