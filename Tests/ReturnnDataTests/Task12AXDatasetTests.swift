import Foundation
import Testing

@testable import ReturnnData

/// Input string (argmax of the one-hot frames) and output string of one sequence.
func strings12AX(_ ds: any Dataset, _ i: Int) throws -> (String, String) {
    let d = try ds.data(i, key: "data")
    let v = d.doubles
    var input = ""
    for t in 0..<d.length {
        let frame = Array(v[(t * 9)..<(t * 9 + 9)])
        #expect(frame.filter { $0 == 1 }.count == 1 && frame.reduce(0, +) == 1)
        input.append(Task12AXDataset.inputClasses[frame.firstIndex(of: 1)!])
    }
    let out = String(try ds.data(i, key: "classes").ints.map { Task12AXDataset.outputClasses[$0] })
    return (input, out)
}

@Test func task12AXReferenceVectorsOfSpec() throws {
    let ds = try Task12AXDataset(numSeqs: 1000, options: DatasetOptions())
    try ds.initSeqOrder(epoch: 1)
    try ds.loadSeqs(0, 3)
    let (i0, o0) = try strings12AX(ds, 0)
    #expect(i0 == "BY1AXX2AXC3A3Y2AXAXAX1AXBYBYZA2BYBYCB1AX3AXYAX12BY2BYBY2AXXAAZBYBYAXAX1AX1BYZBBYAAC1")
    #expect(o0 == "LLLLRLLLLLLLLLLLLLLLLLLRLLLLLLLLRLRLLLLRLLRLLRLLLRLLRLRLLLLLLLLRLRLLLLLLRLLLLLLLLLLL")
    let (i1, o1) = try strings12AX(ds, 1)
    #expect(i1 == "AXX3Y1BYXBYYX1B" && o1 == String(repeating: "L", count: 15))
    let (i2, o2) = try strings12AX(ds, 2)
    #expect(i2 == "2AXAXAX11AX31BYBY1AX3Z11YC2BY312BYBY2BY12AX2AXBBYX2BYAXAB2AXA2BY2")
    #expect(o2 == "LLLLLLLLLLRLLLLLLLLRLLLLLLLLRLLLLRLRLLRLLLLLLLLLRLLLRLLLLLLLLLLRL")
    #expect(try ds.seqLength(0) == NumbersDict(["data": 84, "classes": 84]))
    #expect(try ds.tag(2) == "seq-2")
    #expect(try ds.dataSpec("data") == .dense(9) && ds.dataSpec("classes") == .sparse(2))
    #expect(ds.dataKeys == ["data", "classes"] && ds.targetList == ["classes"])
    try ds.initSeqOrder(epoch: 2)
    #expect(try ds.seqLength(0)["data"] == 77)
}

@Test func task12AXRandomOrder() throws {
    let ds = try Task12AXDataset(numSeqs: 1000, options: DatasetOptions(seqOrdering: .random(epochsFixed: 1)))
    try ds.initSeqOrder(epoch: 1)
    #expect(Array(ds.currentSeqOrder!.prefix(10)) == [507, 818, 452, 368, 242, 929, 262, 810, 318, 49])
    try ds.loadSeqs(0, 1)
    #expect(try ds.tag(0) == "seq-507" && ds.seqLength(0)["data"] == 47)
    #expect(try ds.isLessThanNumSeqs(999) && !ds.isLessThanNumSeqs(1000))
    #expect(ds.completeFrac(499) == 0.5)
}

@Test func task12AXMatchesFixtureAndDevEqualsTrainEpoch1() throws {
    let fx = try Fixtures.json("generating_fixture.json")["Task12AXDataset"] as! [String: [[String: String]]]
    let ds = try Task12AXDataset(numSeqs: 10, options: DatasetOptions())
    for (e, seqs) in fx {
        try ds.initSeqOrder(epoch: Int(e)!)
        for (i, ref) in seqs.enumerated() {
            let (inp, out) = try strings12AX(ds, i)
            #expect(inp == ref["input"] && out == ref["output"], "epoch \(e) seq \(i)")
        }
    }
    // Dev with fixed_random_seed 1 and the dev default "sorted" (reset to default): seq k == train epoch-1 seq k.
    let dev = try Task12AXDataset(numSeqs: 10, options: DatasetOptions(name: "dev", seqOrdering: .sorted, fixedRandomSeed: 1))
    #expect(dev.options.seqOrdering == .default)
    try dev.initSeqOrder(epoch: 3)
    let first = fx["1"]![4]
    let (inp, out) = try strings12AX(dev, 4)
    #expect(inp == first["input"] && out == first["output"])
}

@Test func task12AXInfiniteAndWindow() throws {
    let inf = try Task12AXDataset(numSeqs: nil, options: DatasetOptions())
    try inf.initSeqOrder(epoch: 1)
    #expect(try inf.numSeqs == nil && inf.isLessThanNumSeqs(1_000_000))
    #expect(throws: DatasetError.self) { try inf.allTags() }
    #expect(throws: DatasetError.self) {
        try Task12AXDataset(numSeqs: nil, options: DatasetOptions(seqOrdering: .random(epochsFixed: 1)))
    }
    // test_task12ax_window: window 3 → dim 27, neighbours concatenated, zero padded.
    let plain = try Task12AXDataset(numSeqs: 5, options: DatasetOptions())
    let win = try Task12AXDataset(numSeqs: 5, options: DatasetOptions(window: 3))
    try plain.initSeqOrder(epoch: 1)
    try win.initSeqOrder(epoch: 1)
    #expect(try win.dataSpec("data").dim == 27)
    let x = try plain.data(0, key: "data").doubles
    let w = try win.data(0, key: "data")
    let t = w.length
    #expect(w.shape == [t, 27])
    let wv = w.doubles
    #expect(Array(wv[0..<9]) == [Double](repeating: 0, count: 9))
    #expect(Array(wv[9..<27]) == Array(x[0..<18]))
    #expect(Array(wv[((t - 1) * 27)..<((t - 1) * 27 + 18)]) == Array(x[((t - 2) * 9)..<(t * 9)]))
    #expect(Array(wv[((t - 1) * 27 + 18)..<(t * 27)]) == [Double](repeating: 0, count: 9))
    #expect(try DatasetOptions(window: 2).window == 3)
}

@Test func seqAccessBeforeEpochOrOutOfRangeThrows() throws {
    let ds = try Task12AXDataset(numSeqs: 3, options: DatasetOptions())
    #expect(throws: DatasetError.self) { try ds.data(0, key: "data") }
    try ds.initSeqOrder(epoch: 1)
    #expect(throws: DatasetError.self) { try ds.data(3, key: "data") }
    #expect(throws: DatasetError.self) { try ds.data(0, key: "nope") }
    #expect(throws: DatasetError.self) { try ds.dataSpec("nope") }
}

@Test func generatedSequencesAreStableUnderCacheEviction() throws {
    let ds = try Task12AXDataset(numSeqs: 6000, options: DatasetOptions(seqOrdering: .random(epochsFixed: 1)))
    try ds.initSeqOrder(epoch: 1)
    let first = try ds.data(0, key: "classes")
    for i in 0..<6000 { _ = try ds.seqLength(i) }
    #expect(ds.cache.count <= GeneratingDataset.cacheLimit)
    #expect(try ds.data(0, key: "classes") == first)
    try ds.loadSeqs(5990, 6000)
    #expect(ds.cache.keys.allSatisfy { $0 >= 5990 })
}
