import Testing

@testable import ReturnnData

@Test func concatDatasetPlaysInOrder() throws {
    let a = try metaStatic("data", 3)
    let b = try metaStatic("data", 2, base: 10, options: DatasetOptions(seqOrdering: .reverse))
    let ds = try ConcatDataset(datasets: [a, b], options: DatasetOptions())
    try ds.initSeqOrder(epoch: 1)
    #expect(ds.numSeqs == 5 && ds.totalNumSeqs == 5 && ds.dataKeys == ["data"])
    try ds.loadSeqs(0, 5)
    #expect(try (0..<5).map { try ds.data($0, key: "data").ints[0] } == [0, 1, 2, 11, 10])
    #expect(try (0..<5).map { try ds.tag($0) } == ["seq-0", "seq-1", "seq-2", "seq-1", "seq-0"])
    #expect(try ds.seqLength(3) == NumbersDict(["data": 2]))
    #expect(try ds.corpusSeqIdx(3) == 4)
    #expect(try ds.allTags().count == 5)
    #expect(throws: DatasetError.self) { try ds.data(5, key: "data") }
}

@Test func concatDatasetErrors() throws {
    let a = try metaStatic("data", 3)
    let other = try metaStatic("classes", 3)
    #expect(throws: DatasetError.self) { try ConcatDataset(datasets: [], options: DatasetOptions()) }
    #expect(throws: DatasetError.self) { try ConcatDataset(datasets: [a, other], options: DatasetOptions()) }
    #expect(throws: DatasetError.self) { try ConcatDataset(datasets: [a], options: DatasetOptions(seqOrdering: .sorted)) }
    let dense = try StaticDataset(data: [["data": .float32([1, 2], dim: 2)]], options: DatasetOptions())
    #expect(throws: DatasetError.self) { try ConcatDataset(datasets: [a, dense], options: DatasetOptions()) }
}
