import Foundation
import Testing
@testable import ReturnnData

/// End-to-end tests of `returnn dump-dataset` (the built binary as a subprocess).
@Suite(.serialized) struct DumpDatasetTests {
    static func run(_ args: [String]) throws -> ReturnnCLITests.Result { try ReturnnCLITests.run(["dump-dataset"] + args) }

    /// 12AX from demos/12ax.config → HDF → HDFDataset: every sequence equals the generated one.
    @Test func dump12AXConfigToHDFAndReadBack() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("12ax.hdf").path
        let config = ReturnnCLITests.demosDirectory.appendingPathComponent("12ax.config").path
        let r = try Self.run([config, "--type", "hdf", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("Dumped 1000 seqs of epoch 1 to \(out)."))
        let ds = try HDFDataset(files: [out], options: try DatasetOptions(name: "check"))
        #expect(ds.dataKeys == ["data", "classes"] && ds.totalNumSeqs == 1000)
        #expect(try ds.dataSpec("data") == .dense(9) && ds.dataSpec("classes") == .sparse(2))
        #expect(ds.labels["classes"] == ["L", "R"])
        let source = try Task12AXDataset(numSeqs: 1000, options: try DatasetOptions(name: "src"))
        try source.initSeqOrder(epoch: 1)
        try ds.initSeqOrder(epoch: 1)
        var tags = Set<String>()
        for i in 0..<1000 {
            let tag = try ds.tag(i)
            tags.insert(tag)
            let original = try source.corpusSeq(Int(tag.dropFirst(4))!)
            #expect(try ds.data(i, key: "data") == original["data"]!)
            #expect(try ds.data(i, key: "classes") == original["classes"]!)
        }
        #expect(tags.count == 1000)
        #expect(try (0..<3).map { try ds.tag($0) } != ["seq-0", "seq-1", "seq-2"])  // batching = "random"
    }

    /// `--type stdout` prints as tools/dump-dataset.py; --endseq is inclusive.
    @Test func stdoutFormat() throws {
        let r = try Self.run(["{'class': 'TaskNumberBaseConvertDataset', 'num_seqs': 3}", "--endseq", "1", "--key", "classes"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("Dataset keys: ['data', 'classes']"))
        #expect(r.lines.contains("Dataset target keys: ['classes']"))
        #expect(r.lines.contains { $0.hasPrefix("seq 0/3 (33.33%) (0:00:0") && $0.hasSuffix(" tag: seq-0") })
        #expect(r.lines.contains { $0.hasPrefix("seq 1/3 (66.67%)") && $0.contains(" data: array([") && $0.hasSuffix("dtype=int32)") })
        #expect(r.lines.contains { $0.hasPrefix("seq 1 target 'classes': array([") && $0.hasSuffix("')") })
        #expect(!r.lines.contains { $0.hasPrefix("seq 2") })
        #expect(r.lines.last?.hasSuffix("More seqs which we did not dumped: True") == true)
        let null = try Self.run(["{'class': 'Task12AXDataset', 'num_seqs': 4}", "--type", "null", "--endseq", "-1"])
        #expect(null.status == 0 && null.lines.contains("No dump.") && null.lines.contains { $0.hasSuffix("dumped: False") })
        #expect(null.lines.contains { $0.hasPrefix("Read 4 seqs, ") } && null.lines.contains { $0.hasPrefix("Dataset created in ") })
    }

    @Test func badInputExitsNonZeroWithAMessage() throws {
        let missing = try Self.run(["no-such-file.hdf"])
        #expect(missing.status == 1 && missing.stderr.contains("no-such-file.hdf"))
        let unknown = try Self.run(["{'class': 'Task12AxDataset', 'num_seqs': 2}"])
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean Task12AXDataset"))
        let option = try Self.run(["{'class': 'Task12AXDataset', 'num_seqz': 2}"])
        #expect(option.status == 1 && option.stderr.contains("did you mean 'num_seqs'"))
        let key = try Self.run(["{'class': 'Task12AXDataset', 'num_seqs': 2}", "--key", "nope"])
        #expect(key.status == 1 && key.stderr.contains("unknown data key 'nope'"))
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corrupt = dir.appendingPathComponent("corrupt.hdf")
        try Data("definitely not HDF5".utf8).write(to: corrupt)
        let c = try Self.run([corrupt.path])
        #expect(c.status == 1 && c.stderr.contains("corrupt.hdf"))
        let cfg = dir.appendingPathComponent("x.config")
        try "#!returnn.py\ntrain = None\n".write(to: cfg, atomically: false, encoding: .utf8)
        let noDev = try Self.run([cfg.path, "--dataset", "dev"])
        #expect(noDev.status == 1 && noDev.stderr.contains("no dataset 'dev'"))
        #expect(try Self.run(["x", "--type", "foo"]).status == 2)
        #expect(try Self.run(["x", "--type", "hdf"]).status == 2)
        #expect(try Self.run([]).status == 2)
    }
}
