import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// `PretrainNetDict`: deep copies and layer accessors.
@Suite struct PretrainNetDictTests {
    @Test func deepCopyIsIndependent() throws {
        let v = try pretrainValue("x = {'a': {'from': ['data'], 'opts': ({'k': [1]},), 's': {1, 2}}, '#config': {'batch_size': 3}}")
        let c = PretrainNetDict.deepCopy(v)
        #expect(PretrainNetDiff.lines(v, c) == [])
        let a = try #require(c.dictValue?.get("a")?.dictValue)
        PretrainNetDict.setSources(a, ["x"])
        try #require(a.get("opts")?.sequenceItems?.first?.dictValue).set("k", .int(2))
        let orig = try #require(v.dictValue?.get("a")?.dictValue)
        #expect(orig.get("from")?.sequenceItems?.first?.stringValue == "data")
        #expect(orig.get("opts")?.sequenceItems?.first?.dictValue?.get("k")?.sequenceItems?.first?.intValue == 1)
    }

    @Test func accessors() throws {
        let net = try #require(try pretrainValue("x = {'#config': {}, 'a': {'trainable': False}, 'b': {'from': 'a'}, 'c': {'from': ('a', 'b')}}").dictValue)
        #expect(PretrainNetDict.layerNames(net) == ["a", "b", "c"])
        #expect(try PretrainNetDict.sources(try #require(PretrainNetDict.layer(net, "a")), name: "a") == ["data"])
        #expect(try PretrainNetDict.sources(try #require(PretrainNetDict.layer(net, "b")), name: "b") == ["a"])
        #expect(try PretrainNetDict.sources(try #require(PretrainNetDict.layer(net, "c")), name: "c") == ["a", "b"])
        #expect(!PretrainNetDict.isTrainable(try #require(PretrainNetDict.layer(net, "a"))))
        #expect(PretrainNetDict.isTrainable(try #require(PretrainNetDict.layer(net, "b"))))
    }
}
