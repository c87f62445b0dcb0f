import Foundation
import Testing

@testable import ReturnnData

/// Replays the call sequence of make_numpy_random_fixture.py and compares every value exactly.
private func checkDraws(_ rs: inout NumpyRandomState, _ d: [String: Any]) {
    let ints = { (k: String) -> [Int] in (d[k] as! [Any]).map { ($0 as! NSNumber).intValue } }
    let doubles = { (k: String) -> [Double] in (d[k] as! [String]).map(Fixtures.double(bits:)) }
    #expect((0..<8).map { _ in Int(rs.nextUInt32()) } == ints("raw32"))
    #expect((0..<5).map { _ in rs.randomSample() } == doubles("random_sample"))
    #expect((0..<10).map { _ in rs.randint(10, 100) } == ints("randint_10_100"))
    #expect((0..<6).map { _ in rs.randint(-5, 5) } == ints("randint_neg"))
    #expect((0..<5).map { _ in rs.randint(0, 1 << 40) } == ints("randint_big"))
    #expect(rs.randint(0, 1000, count: 7) == ints("randint_size"))
    #expect((0..<3).map { _ in rs.uniform(-2.0, 3.0) } == doubles("uniform"))
    #expect((0..<6).map { _ in rs.choice(["", "1", "2"]) } == (d["choice3"] as! [String]))
    #expect((0..<4).map { _ in rs.choice(17) } == ints("choice_n"))
    #expect(rs.permutation(20) == ints("permutation20"))
    var lst = Array(0..<10)
    rs.shuffle(&lst)
    #expect(lst == ints("shuffle_list10"))
    #expect((0..<7).map { _ in rs.standardNormal() } == doubles("standard_normal"))
    #expect(rs.randomSample() == Fixtures.double(bits: d["after_normal_sample"] as! String))
}

@Test func numpyIntSeedsAreBitExact() throws {
    let fx = try Fixtures.json("numpy_random_fixture.json")
    for entry in fx["int_seeds"] as! [[String: Any]] {
        var rs = try NumpyRandomState(seed: (entry["seed"] as! NSNumber).intValue)
        checkDraws(&rs, entry["draws"] as! [String: Any])
    }
}

@Test func numpyTupleSeedsAreBitExact() throws {
    let fx = try Fixtures.json("numpy_random_fixture.json")
    for entry in fx["tuple_seeds"] as! [[String: Any]] {
        let seed = (entry["seed"] as! [Any]).map { ($0 as! NSNumber).intValue }
        var rs = try NumpyRandomState(seedArray: seed)
        checkDraws(&rs, entry["draws"] as! [String: Any])
    }
}

@Test func permutationReferenceOfSpec() throws {
    var rs = try NumpyRandomState(seed: 1)
    #expect(Array(rs.permutation(1000).prefix(10)) == [507, 818, 452, 368, 242, 929, 262, 810, 318, 49])
    let fx = try Fixtures.json("numpy_random_fixture.json")
    let big = fx["permutation_large"] as! [String: Any]
    var rs2 = try NumpyRandomState(seed: (big["seed"] as! NSNumber).intValue)
    let p = rs2.permutation((big["n"] as! NSNumber).intValue)
    #expect(Array(p.prefix(20)) == (big["first20"] as! [Any]).map { ($0 as! NSNumber).intValue })
    #expect(Set(p).count == p.count)
}

@Test func reseedingRestartsTheStream() throws {
    var rs = try NumpyRandomState(seed: 3)
    let a = rs.randint(0, 100, count: 5)
    _ = rs.standardNormal()
    try rs.seed(3)
    #expect(rs.randint(0, 100, count: 5) == a)
    try rs.seed(array: [3, 4])
    var other = try NumpyRandomState(seedArray: [3, 4])
    #expect(rs.nextUInt32() == other.nextUInt32())
}

@Test func invalidSeedsThrow() {
    #expect(throws: NumpyRandomState.SeedError.outOfRange(-1)) { try NumpyRandomState(seed: -1) }
    #expect(throws: NumpyRandomState.SeedError.outOfRange(1 << 32)) { try NumpyRandomState(seed: 1 << 32) }
    #expect(throws: NumpyRandomState.SeedError.empty) { try NumpyRandomState(seedArray: []) }
}
