import Foundation
import Testing

@testable import ReturnnData

private func ints(_ a: Any?) -> [Int] { (a as! [Any]).map { ($0 as! NSNumber).intValue } }

@Test func seqOrderingMatchesNumpyReference() throws {
    let fx = try Fixtures.json("seq_order_fixture.json")
    let lens = ints(fx["small_lens"])
    for c in fx["cases"] as! [[String: Any]] {
        let mode = c["mode"] as! String
        let opts = try DatasetOptions(
            seqOrdering: try SeqOrdering(parsing: mode), randomSeedOffset: (c["offset"] as! NSNumber).intValue,
            partitionEpoch: (c["partition_epoch"] as! NSNumber).intValue)
        let epoch = (c["epoch"] as! NSNumber).intValue
        let got = try opts.seqOrder(epoch: epoch, numSeqs: lens.count, seqLength: { lens[$0] }, allTags: nil)
        #expect(got == ints(c["order"]), "mode \(mode) epoch \(epoch)")
    }
}

@Test func laplaceReferenceOfTestDataset() throws {
    // test_get_seq_order_laplace_reference: lengths from RandomState(42).randint(1, 23, size=3023).
    var rnd = try NumpyRandomState(seed: 42)
    let lens = rnd.randint(1, 23, count: 3023)
    let opts = try DatasetOptions(seqOrdering: try SeqOrdering(parsing: "laplace:.100"))
    let got = try opts.seqOrder(epoch: 1, numSeqs: lens.count, seqLength: { lens[$0] }, allTags: nil)
    // The reference algorithm of the upstream test, written independently.
    var r1 = try NumpyRandomState(seed: 1)
    let perm = r1.permutation(lens.count)
    let bins = max(lens.count / 100, 2)
    var ref = [Int]()
    for i in 0..<bins {
        let part = i == bins - 1 ? Array(perm[(i * perm.count / bins)...]) : Array(perm[(i * perm.count / bins)..<((i + 1) * perm.count / bins)])
        let keyed = part.enumerated().map { ($0.offset, $0.element) }
        let sorted = keyed.sorted { a, b in
            let la = lens[a.1], lb = lens[b.1]
            if la != lb { return i % 2 == 1 ? la > lb : la < lb }
            return a.0 < b.0
        }
        ref += sorted.map { $0.1 }
    }
    #expect(got == ref)
    let fx = try Fixtures.json("seq_order_fixture.json")
    let lr = fx["laplace_reference"] as! [String: Any]
    #expect(ints(lr["lens"]) == lens)
    #expect(got == ints(lr["order"]))
}

@Test func everyModeIsAPermutationAndPartitionsCoverTheEpoch() throws {
    let lens = (0..<30).map { $0 * $0 % 17 }
    for mode in ["default", "default_every_n:5", "sorted", "sorted_reverse", "random:3", "laplace:3", "laplace:.10",
                 "sort_bin_shuffle:3", "sort_bin_shuffle_x2:.10"] {
        let full = try DatasetOptions(seqOrdering: try SeqOrdering(parsing: mode))
        let order = try full.seqOrder(epoch: 3, numSeqs: 30, seqLength: { lens[$0] }, allTags: nil)
        #expect(Set(order).count == 30 && order.count == 30, "\(mode)")
        let part = try DatasetOptions(seqOrdering: try SeqOrdering(parsing: mode), partitionEpoch: 4)
        var union = [Int]()
        var sizes = [Int]()
        for e in 1...4 {
            let p = try part.seqOrder(epoch: e, numSeqs: 30, seqLength: { lens[$0] }, allTags: nil)
            union += p
            sizes.append(p.count)
        }
        #expect(Set(union) == Set(0..<30) && union.count == 30, "\(mode)")
        #expect(sizes == [8, 8, 7, 7])
    }
}

@Test func parsingRoundTripsAndRejectsBadModes() throws {
    for s in ["default", "default_every_n:4", "reverse", "sorted", "sorted_reverse", "random", "random:3", "random_sample",
              "random_sample:2", "laplace:.100:2", "sort_bin_shuffle_x2:5:1", "sort_bin_shuffle:.10:3"] {
        let o = try SeqOrdering(parsing: s)
        #expect(try SeqOrdering(parsing: o.description) == o)
    }
    #expect(try SeqOrdering(parsing: "laplace") == .laplace(bins: .count(2), epochsFixed: 1))
    for s in ["shuffled", "random:x", "random:0", "laplace:1:2:3", "sorted:3", ""] {
        #expect(throws: DatasetError.self) { try SeqOrdering(parsing: s) }
    }
}

@Test func seedRules() throws {
    let p = try DatasetOptions(partitionEpoch: 3, repeatEpoch: 1)
    #expect((1...7).map { p.randomSeed(epoch: $0) } == [1, 1, 1, 2, 2, 2, 3])
    let fixed = try DatasetOptions(fixedRandomSeed: 5, randomSeedOffset: 100)
    #expect(fixed.randomSeed(epoch: 9) == 5)
    let off = try DatasetOptions(randomSeedOffset: 10)
    #expect(off.randomSeed(epoch: nil) == 11 && off.randomSeed(epoch: 5, epochsFixed: 2) == 13)
    #expect(throws: DatasetError.self) { try DatasetOptions(partitionEpoch: 2, repeatEpoch: 2) }
    #expect(throws: DatasetError.self) { try DatasetOptions(fixedRandomSeed: -1) }
}

@Test func repeatUniqueAndFilter() throws {
    let tags = ["a", "b", "a", "c", "d"]
    let rep = try DatasetOptions(repeatEpoch: 2)
    #expect(try rep.seqOrder(epoch: 1, numSeqs: 3, seqLength: nil, allTags: nil) == [0, 1, 2, 0, 1, 2])
    let uniq = try DatasetOptions(uniqueSeqTags: true)
    #expect(try uniq.seqOrder(epoch: 1, numSeqs: 5, seqLength: nil, allTags: { tags }) == [0, 1, 3, 4])
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seqlist-\(UUID().uuidString).txt")
    try "d\nb\n".write(to: dir, atomically: false, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: dir) }
    var filt = try DatasetOptions(seqOrdering: .reverse)
    try filt.setSeqListFilterFile(dir.path)
    #expect(try filt.seqOrder(epoch: 1, numSeqs: 5, seqLength: nil, allTags: { tags }) == [4, 1])
    var none = try DatasetOptions()
    none.seqTagsFilter = ["zzz"]
    #expect(throws: DatasetError.self) { try none.seqOrder(epoch: 1, numSeqs: 5, seqLength: nil, allTags: { tags }) }
    #expect(throws: DatasetError.self) { try DatasetOptions.loadSeqList(path: dir.path + ".missing") }
    let sorted = try DatasetOptions(seqOrdering: .sorted)
    #expect(throws: DatasetError.self) { try sorted.seqOrder(epoch: 1, numSeqs: 5, seqLength: nil, allTags: nil) }
}
