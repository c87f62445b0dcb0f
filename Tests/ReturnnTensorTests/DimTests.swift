import Testing
@testable import ReturnnTensor

/// Dim tags: identity, `declareSame(as:)`, derived tags equal when derived alike, static sizes.
@Suite struct DimTests {
    @Test func identityAndDeclaredSameness() {
        let t = Dim.spatial("time"), u = Dim.spatial("time")
        #expect(t == t && t != u)
        #expect(Dim.batch == Dim(kind: .batch, name: "other batch"))
        u.declareSame(as: t)
        #expect(t == u && u.base === t.base)
        var set: Set<Dim> = [t]
        #expect(set.contains(u))
        set.insert(Dim.feature("f", 3))
        #expect(set.count == 2)
    }

    @Test func derivedTags() {
        let t = Dim.spatial("time")
        #expect(t.ceilDiv(2) == t.ceilDiv(2))
        #expect(t.ceilDiv(2) != t.floorDiv(2) && t.ceilDiv(2) != t.ceilDiv(3) && t.ceilDiv(2) != t)
        #expect(t.plus(1) == t.plus(1) && t.plus(1) != t.plus(-1))
        #expect(t.ceilDiv(1) === t && t.plus(0) === t)
        #expect(t.plus(-2).ceilDiv(2) == t.plus(-2).ceilDiv(2))
        // Derived from tags declared the same: the same axis.
        let u = Dim.spatial("time2")
        u.declareSame(as: t)
        #expect(u.ceilDiv(2) == t.ceilDiv(2))
        #expect(Set([t.ceilDiv(2), u.ceilDiv(2)]).count == 1)
        let f = Dim.feature("f", 10)
        #expect(f.ceilDiv(3).size == 4 && f.floorDiv(3).size == 3 && f.plus(-4).size == 6 && f.times(2).size == 20)
        #expect(t.ceilDiv(2).size == nil && t.ceilDiv(2).isDynamic && f.times(2).kind == .feature)
        #expect(t.ceilDiv(2).description == "T|'⌈time/2⌉'")
    }
}
