import Testing

@testable import ReturnnData

@Test func predefinedOrdersByIndexAndTag() throws {
    let ds = try Task12AXDataset(numSeqs: 20, options: DatasetOptions())
    try ds.initSeqOrder(epoch: 1)
    let len7 = try ds.seqLength(7)
    try ds.initSeqOrder(epoch: 1, seqList: ["seq-7", "seq-3"])
    #expect(try ds.numSeqs == 2 && ds.tag(0) == "seq-7" && ds.seqLength(0) == len7)
    #expect(throws: DatasetError.self) { try ds.initSeqOrder(epoch: 1, seqList: ["seq-99"]) }
    #expect(throws: DatasetError.self) { try ds.initSeqOrder(epoch: 1, corpusOrder: [20]) }
    let st = try StaticDataset(data: [["data": .int32([1])], ["data": .int32([2, 3])]], options: DatasetOptions())
    try st.initSeqOrder(epoch: 2, corpusOrder: [1, 1, 0])
    #expect(try (0..<3).map { try st.data($0, key: "data").ints } == [[2, 3], [2, 3], [1]])
}

@Test func completeFracAndNumOutputs() throws {
    let ds = try DummyDataset(inputDim: 3, outputDim: 5, numSeqs: 4, options: DatasetOptions())
    try ds.initSeqOrder(epoch: 1)
    #expect((0..<4).map { ds.completeFrac($0) } == [0.25, 0.5, 0.75, 1.0])
    let inf = try Task12AXDataset(numSeqs: nil, options: DatasetOptions())
    try inf.initSeqOrder(epoch: 1)
    let fracs = [0, 100, 10_000, 1_000_000].map { inf.completeFrac($0) }
    #expect(fracs == fracs.sorted() && fracs.allSatisfy { $0 > 0 && $0 < 1 })
    #expect(try ds.numOutputs()["classes"]! == (5, 1))
    #expect(throws: DatasetError.self) { try ds.checkKey("nope") }
    #expect(try ds.dataSlice(1, key: "data", start: 1, end: 2).shape == [1, 3])
}
