import Testing

@testable import ReturnnData

@Test func staticDatasetCustomKeys() throws {
    // test_StaticDataset_custom_keys: keys source/target, both sparse (ndim 1), one seq.
    let seq: [String: SeqData] = ["source": .int32([1, 2, 3]), "target": .int32([3, 4, 5, 6, 7])]
    let ds = try StaticDataset(data: [seq], options: DatasetOptions())
    #expect(ds.dataKeys == ["source", "target"] && ds.targetList == ["source", "target"])
    #expect(try ds.numOutputs()["source"]! == (0, 1))
    #expect(try ds.dataSpec("target").sparse)
    #expect(ds.numSeqs == 1)
    #expect(try ds.data(0, key: "target") == .int32([3, 4, 5, 6, 7]))
    let withDims = try StaticDataset(data: [seq], outputDim: ["source": (2, 1), "target": (7, 1)], options: DatasetOptions())
    #expect(try withDims.dataSpec("target").dim == 7)
}

@Test func staticDatasetOrderingAndValidation() throws {
    let seqs: [[String: SeqData]] = [3, 1, 2].map { n in
        ["data": .float32([Float](repeating: Float(n), count: n * 2), dim: 2), "classes": .int32([Int32](repeating: 1, count: n))]
    }
    let ds = try StaticDataset(data: seqs, options: DatasetOptions(seqOrdering: .sorted))
    #expect(ds.dataKeys == ["data", "classes"] && ds.targetList == ["classes"] && ds.epoch == 1)
    #expect(try (0..<3).map { try ds.tag($0) } == ["seq-1", "seq-2", "seq-0"])
    #expect(try ds.dataSpec("data") == .dense(2))
    #expect(throws: DatasetError.self) { try StaticDataset(data: [], options: DatasetOptions()) }
    #expect(throws: DatasetError.self) {
        try StaticDataset(data: seqs, outputDim: ["data": (3, 2)], options: DatasetOptions())
    }
    #expect(throws: DatasetError.self) {
        try StaticDataset(data: [seqs[0], ["data": seqs[1]["data"]!]], options: DatasetOptions())
    }
    #expect(throws: DatasetError.self) { try ds.data(3, key: "data") }
}
