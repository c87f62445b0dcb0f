import Foundation
import Testing

@testable import ReturnnData

private func dummy(_ numSeqs: Int = 2, seqLen: Int = 11, chunking: Chunking = .none,
                   context: ContextWindow = .none) throws -> DummyDataset {
    let ds = try DummyDataset(inputDim: 2, outputDim: 3, numSeqs: numSeqs, seqLen: seqLen,
                              options: DatasetOptions(contextWindow: context, chunking: chunking))
    try ds.initSeqOrder(epoch: 1)
    return ds
}

/// (seqIdx, start, end, batchSlice, offset) of every part, read on key "data".
private func parts(_ b: BatchPlan) -> [[Int]] {
    b.seqs.map { [$0.seqIdx, $0.seqStartFrame["data"]!, $0.seqEndFrame["data"]!, $0.batchSlice, $0.batchFrameOffset["data"]!] }
}

private func chunks(_ ds: any Dataset) throws -> [SeqChunk] {
    var it = SeqChunkIterator(dataset: ds)
    var res = [SeqChunk]()
    while let c = try it.next() { res.append(c) }
    return res
}

@Test func iterateSeqsNoChunkingAndChunking() throws {
    let plain = try chunks(try dummy())
    #expect(plain.map { [$0.seqIdx, $0.start["data"]!, $0.end["data"]!] } == [[0, 0, 11], [1, 0, 11]])
    let c = try chunks(try dummy(chunking: try Chunking(size: 10, step: 5)))
    #expect(c.map { [$0.seqIdx, $0.start["data"]!, $0.end["data"]!, $0.start["classes"]!, $0.end["classes"]!] } == [
        [0, 0, 10, 0, 10], [0, 5, 11, 5, 11], [0, 10, 11, 10, 11], [1, 0, 10, 0, 10], [1, 5, 11, 5, 11], [1, 10, 11, 10, 11],
    ])
}

@Test func iterateSeqsChunkingVaryingSequenceLength() throws {
    let chunking = try Chunking(size: NumbersDict(["data": 12, "classes": 6]), step: NumbersDict(["data": 6, "classes": 3]))
    let ds = try DummyDatasetMultipleSequenceLength(inputDim: 2, outputDim: 3, numSeqs: 2, dataSeqLen: 24, classesSeqLen: 12,
                                                    options: DatasetOptions(chunking: chunking))
    try ds.initSeqOrder(epoch: 1)
    let c = try chunks(ds)
    let expected: [[Int]] = [[0, 0, 12, 0, 6], [6, 18, 3, 9], [12, 24, 6, 12], [18, 24, 9, 12]].map { $0.count == 5 ? Array($0.dropFirst()) : $0 }
    #expect(c.count == 8)
    for (i, ch) in c.enumerated() {
        #expect(ch.seqIdx == i / 4)
        #expect([ch.start["data"]!, ch.end["data"]!, ch.start["classes"]!, ch.end["classes"]!] == expected[i % 4])
    }
    // Same step for keys of different length is an error naming the dataset.
    let bad = try DummyDatasetMultipleSequenceLength(inputDim: 2, outputDim: 3, numSeqs: 1,
                                                     options: DatasetOptions(name: "train", chunking: try Chunking(size: 5)))
    try bad.initSeqOrder(epoch: 1)
    #expect(throws: DatasetError.self) { try chunks(bad) }
}

@Test func batchesRecurrent1() throws {
    let ds = try dummy(chunking: try Chunking(size: 10, step: 5))
    var gen = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 20, maxSeqs: 1))
    let all = try gen.all()
    #expect(all.count == 6)
    #expect(all.map(parts) == [
        [[0, 0, 10, 0, 0]], [[0, 5, 11, 0, 0]], [[0, 10, 11, 0, 0]], [[1, 0, 10, 0, 0]], [[1, 5, 11, 0, 0]], [[1, 10, 11, 0, 0]],
    ])
    #expect(all[1].seqs[0].frameLength["data"] == 6 && all[0].startSeq == 0 && all[0].endSeq == 1)
}

@Test func batchesNonRecurrent1() throws {
    let ds = try dummy()
    var gen = BatchGenerator(dataset: ds, options: try BatchingOptions(recurrent: false, batchSize: 5, maxSeqs: 2))
    let all = try gen.all()
    #expect(all.map(parts) == [
        [[0, 0, 5, 0, 0]], [[0, 5, 10, 0, 0]], [[0, 10, 11, 0, 0], [1, 0, 4, 0, 1]], [[1, 4, 9, 0, 0]], [[1, 9, 11, 0, 0]],
    ])
    #expect(all[2].startSeq == 0 && all[2].endSeq == 2)
    // Padded: batch 2 is one slice of 5 frames: seq 0 frame 10, then seq 1 frames 0..3.
    let b = try Batch(plan: all[2], dataset: ds)
    #expect(b.data["classes"]!.shape == [1, 5] && b.data["classes"]!.seqLens == [5])
    let c0 = try ds.data(0, key: "classes").ints, c1 = try ds.data(1, key: "classes").ints
    if case .int32(let v) = b.data["classes"]!.values {
        #expect(v.map(Int.init) == [c0[10]] + Array(c1[0..<4]))
    } else {
        Issue.record("classes must stay int32")
    }
}

@Test func batchesContextWindow() throws {
    let ds = try dummy(1, chunking: try Chunking(size: 5, step: 5), context: ContextWindow(size: 2))
    #expect(ds.options.contextWindow.left["data"] == 0 && ds.options.contextWindow.right["data"] == 1)
    var gen = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 20, maxSeqs: 1))
    let all = try gen.all()
    #expect(all.count == 3)
    let exp = [(0, 5), (5, 10), (10, 11)]
    for (b, (s, e)) in zip(all, exp) {
        let p = b.seqs[0]
        #expect(p.seqStartFrame["classes"] == s && p.seqEndFrame["classes"] == e)
        #expect(p.seqStartFrame["data"] == s && p.seqEndFrame["data"] == e + 1)
    }
    // The extra right frame past the end is zero padding.
    let last = try Batch(plan: all[2], dataset: ds)
    let d = last.data["data"]!
    #expect(d.shape == [1, 2, 2] && d.seqLens == [2])
    if case .float32(let v) = d.values {
        let x = try ds.data(0, key: "data").doubles
        #expect(v.map(Double.init) == [x[20], x[21], 0, 0].map { Double(Float($0)) })
    }
}

@Test func paddedBatchIsBatchMajorAndZeroPadded() throws {
    let ds = try Task12AXDataset(numSeqs: 6, options: DatasetOptions())
    try ds.initSeqOrder(epoch: 1)
    var gen = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 10_000, maxSeqs: 3))
    let plans = try gen.all()
    #expect(plans.count == 2 && plans.allSatisfy { $0.numSlices == 3 })
    let b = try Batch(plan: plans[1], dataset: ds)
    let lens = try (3..<6).map { try ds.seqLength($0)["data"]! }
    let t = lens.max()!
    #expect(b.data["data"]!.shape == [3, t, 9] && b.data["data"]!.seqLens == lens)
    #expect(b.seqTags == ["seq-3", "seq-4", "seq-5"] && b.seqIdx == [3, 4, 5])
    guard case .float32(let v) = b.data["data"]!.values, case .int32(let c) = b.data["classes"]!.values else {
        Issue.record("dtypes must be kept")
        return
    }
    for (row, s) in (3..<6).enumerated() {
        let x = try ds.data(s, key: "data").doubles
        let y = try ds.data(s, key: "classes").ints
        #expect(Array(v[(row * t * 9)..<(row * t * 9 + lens[row] * 9)]).map(Double.init) == x)
        #expect(v[(row * t * 9 + lens[row] * 9)..<((row + 1) * t * 9)].allSatisfy { $0 == 0 })
        #expect(Array(c[(row * t)..<(row * t + lens[row])]).map(Int.init) == y)
    }
    #expect(throws: DatasetError.self) { try Batch(plan: plans[0], dataset: ds, keys: ["nope"]) }
    var again = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 10_000, maxSeqs: 3))
    var frames = 0
    while let batch = try again.nextBatch(keys: ["classes"]) {
        #expect(batch.data.keys.sorted() == ["classes"])
        frames += batch.data["classes"]!.seqLens.reduce(0, +)
    }
    #expect(frames == lens.reduce(0, +) + (try (0..<3).map { try ds.seqLength($0)["data"]! }.reduce(0, +)))
}

@Test func maxSeqLengthMinSeqLengthAndLimits() throws {
    let ds = try Task12AXDataset(numSeqs: 50, options: DatasetOptions())
    try ds.initSeqOrder(epoch: 1)
    let lens = try (0..<50).map { try ds.seqLength($0)["data"]! }
    var g1 = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 100_000, maxSeqLength: 40, minSeqLength: 20))
    let kept = try g1.all().flatMap { $0.seqs.map(\.seqIdx) }
    #expect(kept == (0..<50).filter { lens[$0] <= 40 && lens[$0] >= 20 })
    #expect(g1.skippedSeqs == 50 - kept.count)
    // Negative max_seq_length means {"classes": n}.
    var g2 = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 100_000, maxSeqLength: -30))
    #expect(try g2.all().flatMap { $0.seqs.map(\.seqIdx) } == (0..<50).filter { lens[$0] <= 30 })
    // batch_size counts padded frames: max_len * n <= batch_size unless a single seq is longer.
    var g3 = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 150))
    for b in try g3.all() {
        #expect(b.allSlicesNumFrames["data"]! <= 150 || b.numSlices == 1)
    }
    #expect(throws: DatasetError.self) { try BatchingOptions(batchSize: 0) }
    #expect(throws: DatasetError.self) { try BatchingOptions(batchSize: 10, maxSeqs: 0) }
}

@Test func task12AXVerifiedRun() throws {
    // Spec §4: Task12AX num_seqs=1000, random, chunking 200:200, batch_size 5000, max_seqs 10.
    let ds = try Task12AXDataset(numSeqs: 1000, options: DatasetOptions(
        chunking: try Chunking(parsing: "200:200"), seqOrdering: .random(epochsFixed: 1)))
    try ds.initSeqOrder(epoch: 1)
    var gen = BatchGenerator(dataset: ds, options: try BatchingOptions(batchSize: 5000, maxSeqs: 10))
    let all = try gen.all()
    #expect(all.count == 100)
    #expect(all.reduce(0) { $0 + $1.totalNumFrames["data"]! } == 53558)
    #expect(all.prefix(5).map { [$0.numSlices, $0.maxNumFramesPerSlice["data"]!] } == [[10, 95], [10, 88], [10, 83], [10, 73], [10, 96]])
    // Dev: 100 seqs, "sorted" → default for generating datasets, no chunking → 10 batches.
    let dev = try Task12AXDataset(numSeqs: 100, options: DatasetOptions.evalDefaults(name: "dev"))
    try dev.initSeqOrder(epoch: 1)
    var dgen = BatchGenerator(dataset: dev, options: try BatchingOptions(batchSize: 5000, maxSeqs: 10))
    #expect(try dgen.all().count == 10)
}

@Test func batchLayoutsMatchUpstreamRETURNN() throws {
    // Six configurations (the last with seq_drop and chunking_variance) run through upstream's own Dataset._generate_batches (see the fixture script).
    let setups: [(numSeqs: Int, options: DatasetOptions, epoch: Int, batching: BatchingOptions)] = [
        (300, try DatasetOptions(chunking: try Chunking(parsing: "50:25"), seqOrdering: .random(epochsFixed: 1)), 2,
         try BatchingOptions(batchSize: 2000, maxSeqs: 40)),
        (300, try DatasetOptions(chunking: try Chunking(parsing: "30:20"), minChunkSize: NumbersDict(5), seqOrdering: .reverse), 1,
         try BatchingOptions(batchSize: 700, maxSeqs: 13, maxSeqLength: 25)),
        (200, try DatasetOptions(contextWindow: ContextWindow(size: 3), chunking: try Chunking(parsing: "20:10"),
                                 seqOrdering: .random(epochsFixed: 2)), 3,
         try BatchingOptions(batchSize: NumbersDict(500), maxSeqs: 9, maxPadSize: NumbersDict(40))),
        (200, try DatasetOptions(seqOrdering: .defaultEveryN(4)), 1, try BatchingOptions(recurrent: false, batchSize: 137, maxSeqs: 3)),
        (120, try DatasetOptions(seqOrdering: .random(epochsFixed: 1), partitionEpoch: 3), 5,
         try BatchingOptions(batchSize: 1000, maxSeqs: 20, maxSeqLength: -80, minSeqLength: 30)),
        (150, try DatasetOptions(chunking: try Chunking(parsing: "40:20"), chunkingVariance: 0.4, seqOrdering: .random(epochsFixed: 1)), 2,
         try BatchingOptions(batchSize: 800, maxSeqs: 10, usedDataKeys: ["data", "classes"], seqDrop: 0.3)),
    ]
    let cases = try Fixtures.json("upstream_batches_fixture.json")["cases"] as! [[String: Any]]
    #expect(cases.count == setups.count)
    for (i, s) in setups.enumerated() {
        let ds = try Task12AXDataset(numSeqs: s.numSeqs, options: s.options)
        try ds.initSeqOrder(epoch: s.epoch)
        var g = BatchGenerator(dataset: ds, options: s.batching)
        let got = try g.all().map { p in
            p.seqs.map { [$0.seqIdx, $0.seqStartFrame["data"]!, $0.seqEndFrame["data"]!, $0.seqStartFrame["classes"]!,
                          $0.seqEndFrame["classes"]!, $0.batchSlice, $0.batchFrameOffset["data"]!] }
        }
        let ref = (cases[i]["batches"] as! [[[Any]]]).map { $0.map { $0.map { ($0 as! NSNumber).intValue } } }
        #expect(got == ref, "config \(i): \(got.count) batches vs upstream \(ref.count)")
    }
}
