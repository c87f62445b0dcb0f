import Testing

@testable import ReturnnData

@Test func numbersDictArithmeticFollowsUpstreamBroadcasting() {
    let len = NumbersDict(["data": 11, "classes": 7])
    #expect(len["data"] == 11 && len["other"] == nil)
    let bs = NumbersDict(20)
    #expect(bs["anything"] == 20)
    // Sum of a dict without broadcast value and a broadcast-only dict keeps the keys and gains the value.
    let s = len + bs
    #expect(s["data"] == 31 && s["classes"] == 27 && s.value == 20)
    // Scalars are broadcast like the dict (no value stays no value).
    #expect((len + 1).value == nil && (len * 2)["classes"] == 14)
    // min/max ignore missing operands.
    let m = NumbersDict.min([NumbersDict(["data": 5]), len])
    #expect(m["data"] == 5 && m["classes"] == 7 && m.value == nil)
    #expect(NumbersDict.max([NumbersDict(0), len]) == NumbersDict(["data": 11, "classes": 7], value: 0))
    #expect(NumbersDict.constantLike(0, len) == NumbersDict(["data": 0, "classes": 0]))
    #expect(len.maxValue == 11 && len.minValue == 7 && NumbersDict(nil).maxValue == nil)
    #expect(len.keys == ["data", "classes"])
}

@Test func numbersDictAnyCompare() {
    let len = NumbersDict(["data": 11, "classes": 30])
    #expect(len.anyCompare(NumbersDict(20), >))
    #expect(!len.anyCompare(NumbersDict(["classes": 40]), >))
    #expect(len.anyCompare(NumbersDict(["classes": 25]), >))
    // Keys only in the other dict are not compared; neither are missing broadcast values.
    #expect(!NumbersDict(["a": 1]).anyCompare(NumbersDict(["b": 0]), >))
    #expect(NumbersDict(5).anyCompare(NumbersDict(3), >) && !NumbersDict(5).anyCompare(NumbersDict(nil), >))
    let c = NumbersDict(["data": 3], value: 0).copyLike(len)
    #expect(c == NumbersDict(["data": 3, "classes": 0]))
    var d = NumbersDict(["x": 1])
    d["x"] = nil
    #expect(d.keys.isEmpty && !d.isNonZero)
}
