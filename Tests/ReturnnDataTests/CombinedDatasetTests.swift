import Testing

@testable import ReturnnData

/// test_CombinedDataset's setup: sizes 10 and 5, seq length 11, unique values per seq.
func combinedTestDataset(sampling: [String: Int]? = nil, options: DatasetOptions = try! DatasetOptions()) throws -> CombinedDataset {
    let numSeqs = [10, 5], seqLen = 11
    var subs = [String: any Dataset]()
    var map = [CombinedDatasetSource: String]()
    for ds in 0..<2 {
        let seqs: [[String: SeqData]] = (0..<numSeqs[ds]).map { s in
            ["data\(ds)": .int32((0..<seqLen).map { Int32(ds * 10 * seqLen + s * seqLen + $0) })]
        }
        subs["\(ds)"] = try StaticDataset(data: seqs, outputDim: ["data\(ds)": (220, 1)], options: DatasetOptions())
        map[CombinedDatasetSource("\(ds)", "data\(ds)")] = "data\(ds)"
    }
    return try CombinedDataset(datasets: subs, dataMap: map, samplingSizes: sampling, options: options)
}

/// (dataset index, first value) of every seq of one epoch.
func combinedIter(_ ds: CombinedDataset, epoch: Int = 1) throws -> [(Int, Int)] {
    try ds.initSeqOrder(epoch: epoch)
    var out = [(Int, Int)]()
    var i = 0
    while try ds.isLessThanNumSeqs(i) {
        try ds.loadSeqs(i, i + 1)
        let present = try ds.dataKeys.enumerated().filter { try ds.data(i, key: $0.element).length > 0 }
        #expect(present.count == 1)
        let k = present[0]
        out.append((k.offset, try ds.data(i, key: k.element).ints[0]))
        i += 1
    }
    return out
}

@Test func combinedDatasetDefaultOrder() throws {
    let ds = try combinedTestDataset()
    #expect(ds.dataKeys == ["data0", "data1"] && ds.targetList == ["data0", "data1"])
    let seqs = try combinedIter(ds)
    #expect(seqs.map(\.0) == [Int](repeating: 0, count: 10) + [Int](repeating: 1, count: 5))
    #expect(seqs.map(\.1) == (0..<10).map { $0 * 11 } + (0..<5).map { 110 + $0 * 11 })
    #expect(try ds.data(12, key: "data0") == SeqData(.int32([]), shape: [0]))
    #expect(try ds.seqLength(12) == NumbersDict(["data0": 0, "data1": 11]))
    #expect(try ds.tag(12) == "seq-2" && ds.totalNumSeqs == 15)
}

@Test func combinedDatasetRandomDataset() throws {
    let ds = try combinedTestDataset()
    ds.seqOrderingMode = try CombinedDatasetOrdering(parsing: "random_dataset")
    let seqs = try combinedIter(ds)
    #expect(seqs.count == 15 && Set(seqs.map(\.1)).count == 15)
    // Each dataset keeps its own order.
    #expect(seqs.filter { $0.0 == 0 }.map(\.1) == (0..<10).map { $0 * 11 })
    // The dataset pattern is the Python random.Random(1) shuffle of [0]*10 + [1]*5.
    var ids = [Int](repeating: 0, count: 10) + [Int](repeating: 1, count: 5)
    var rnd = PythonRandom(seed: 1)
    rnd.shuffle(&ids)
    #expect(seqs.map(\.0) == ids)
    #expect(try combinedIter(ds, epoch: 2).map(\.0) != ids)
}

@Test func combinedDatasetInterleave() throws {
    let ds = try combinedTestDataset()
    ds.seqOrderingMode = .interleave
    let seqs = try combinedIter(ds)
    #expect(seqs.map(\.0) == Array([[0, 0, 1], [0, 0, 1], [0, 0, 1], [0, 0, 1], [0, 0, 1]].joined()))
    #expect(Set(seqs.map(\.1)).count == 15)
}

@Test func combinedDatasetSortedAndSampling() throws {
    // Joint "sorted": lengths are all 11, so the stable sort keeps the default order.
    let sorted = try combinedTestDataset(options: DatasetOptions(seqOrdering: .sorted))
    #expect(try combinedIter(sorted).map(\.1) == (0..<10).map { $0 * 11 } + (0..<5).map { 110 + $0 * 11 })
    // sampling_sizes: 3 of each per epoch, continuing (and wrapping) over epochs.
    let sampled = try combinedTestDataset(sampling: ["0": 3, "1": 3])
    #expect(try combinedIter(sampled, epoch: 1).map(\.1) == [0, 11, 22, 110, 121, 132])
    #expect(try combinedIter(sampled, epoch: 2).map(\.1) == [33, 44, 55, 143, 154, 110])
}

@Test func combinedDatasetErrors() throws {
    let a = try metaStatic("feat", 2)
    let dense = try StaticDataset(data: [["feat": .float32([1, 2], dim: 2)]], options: DatasetOptions())
    #expect(throws: DatasetError.self) {
        try CombinedDataset(datasets: ["a": a], dataMap: [CombinedDatasetSource("b", "feat"): "data"], options: DatasetOptions())
    }
    #expect(throws: DatasetError.self) {
        try CombinedDataset(datasets: ["a": a, "d": dense],
                            dataMap: [CombinedDatasetSource("a", "feat"): "data", CombinedDatasetSource("d", "feat"): "data"],
                            options: DatasetOptions())
    }
    #expect(throws: DatasetError.self) { try CombinedDatasetOrdering(parsing: "shuffled") }
    let inter = try combinedTestDataset(options: DatasetOptions(partitionEpoch: 2))
    inter.seqOrderingMode = .interleave
    #expect(throws: DatasetError.self) { try inter.initSeqOrder(epoch: 1) }
}

@Test func combinedDatasetBatches() throws {
    // Batching sees empty arrays for the other keys: one seq per batch gives 15 batches.
    let ds = try combinedTestDataset()
    try ds.initSeqOrder(epoch: 1)
    var gen = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 100, maxSeqs: 1))
    var n = 0
    while try gen.next() != nil { n += 1 }
    #expect(n == 15)
}
