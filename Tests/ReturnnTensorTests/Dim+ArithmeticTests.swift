import Testing
@testable import ReturnnTensor

/// `plusLeft`, `timesLeft` (told apart from `plus`, `times`) and `Dim.sum`.
@Suite struct DimArithmeticTests {
    @Test func leftOperandsAreOtherAxes() {
        let t = Dim.spatial("time"), f = Dim.feature("f", 4)
        #expect(t.plusLeft(2) == t.plusLeft(2) && t.plusLeft(2) != t.plus(2))
        #expect(t.plusLeft(1).plus(2) == t.plusLeft(1).plus(2) && t.plusLeft(1).plus(2) != t.plusLeft(2).plus(1))
        #expect(f.timesLeft(3) != f.times(3) && f.timesLeft(3).size == 12 && f.timesLeft(3).kind == .feature)
        #expect(t.plusLeft(0) === t && f.timesLeft(1) === f)
        #expect(t.plusLeft(2).isDynamic && t.plusLeft(2).name == "2+time")
    }

    @Test func sums() {
        let t = Dim.spatial("time"), u = Dim.spatial("time2"), f = Dim.feature("f", 4), g = Dim.feature("g", 3)
        #expect(Dim.sum([f, g]).size == 7 && Dim.sum([f, g]).kind == .feature)
        #expect(Dim.sum([t, u]) == Dim.sum([t, u]) && Dim.sum([t, u]) != Dim.sum([u, t]) && Dim.sum([t, u]).isDynamic)
        #expect(Dim.sum([t, f]).size == nil && Dim.sum([f]) === f)
        let v = Dim.spatial("v")
        v.declareSame(as: u)
        #expect(Dim.sum([t, v]) == Dim.sum([t, u]))
    }
}
