import Testing

@testable import ReturnnData

@Test func chunkingParsesUpstreamForms() throws {
    let c = try Chunking(parsing: "200:100")
    #expect(c.size == NumbersDict(200) && c.step == NumbersDict(100) && c.isEnabled)
    #expect(try Chunking(parsing: "50").step == NumbersDict(50))
    #expect(try Chunking(parsing: "50:0").step == NumbersDict(50))
    #expect(try !Chunking(parsing: "0").isEnabled && !Chunking.none.isEnabled)
    let perKey = try Chunking(size: NumbersDict(["data": 12, "classes": 6]), step: NumbersDict(["data": 6, "classes": 3]))
    #expect(perKey.step["classes"] == 3)
    for bad in ["200,100", "a:b", "1:2:3", "-5", ""] {
        #expect(throws: DatasetError.self) { try Chunking(parsing: bad) }
    }
    #expect(throws: DatasetError.self) {
        try Chunking(size: NumbersDict(["data": 12]), step: NumbersDict(["classes": 3]))
    }
}

@Test func minChunkSizeStopsEarly() throws {
    // len 11, size 10, step 5, min_chunk_size 2: chunks at 0 and 5; 11-10=1 <= 2 stops before t=10.
    let ds = try DummyDataset(inputDim: 2, outputDim: 3, numSeqs: 1, seqLen: 11,
                              options: DatasetOptions(chunking: try Chunking(size: 10, step: 5), minChunkSize: NumbersDict(2)))
    try ds.initSeqOrder(epoch: 1)
    var it = SeqChunkIterator(dataset: ds)
    var res = [[Int]]()
    while let c = try it.next() { res.append([c.start["data"]!, c.end["data"]!]) }
    #expect(res == [[0, 10], [5, 11]])
    // Non-recurrent networks ignore chunking.
    var flat = SeqChunkIterator(dataset: ds, recurrent: false)
    #expect(try flat.next()?.end["data"] == 11)
    #expect(try flat.next() == nil)
}

@Test func usedDataKeysRestrictChunking() throws {
    let ds = try TaskNumberBaseConvertDataset(numSeqs: 3, options: DatasetOptions(chunking: try Chunking(size: 2)))
    try ds.initSeqOrder(epoch: 1)
    var it = SeqChunkIterator(dataset: ds, usedDataKeys: ["data"])
    var n = 0
    while let c = try it.next() {
        #expect(c.start.keys == ["data"])
        n += 1
    }
    let lens = try (0..<3).map { try ds.seqLength($0)["data"]! }
    #expect(n == lens.reduce(0) { $0 + ($1 + 1) / 2 })
    var unknown = SeqChunkIterator(dataset: ds, usedDataKeys: ["nope"])
    #expect(throws: DatasetError.self) { try unknown.next() }
}
