import ReturnnConfig
import Testing
@testable import ReturnnTraining

/// `PretrainNetDiff`: RETURNN's `obj_diff_list` lines for net dicts.
@Suite struct PretrainNetDiffTests {
    static func diff(_ a: String, _ b: String) throws -> [String] {
        let c = try pretrainConfig("a = \(a)\nb = \(b)\n")
        return PretrainNetDiff.lines(try #require(c.typedValue("a")), try #require(c.typedValue("b")))
    }

    @Test func equalDicts() throws {
        #expect(try Self.diff("{'x': {'class': 'linear', 'from': ['a', 'b'], 'f': 0.5}}",
                              "{'x': {'from': ['a', 'b'], 'f': 0.5, 'class': 'linear'}}") == [])
    }

    @Test func keysAndValues() throws {
        #expect(try Self.diff("{'h0': {'n_out': 7}, 'h1': {}, 'output': {'from': ['h1']}}",
                              "{'h0': {'n_out': 8}, 'output': {'from': ['h0']}}") == [
            "dict diff:",
            "  key 'h1' not in other",
            "['h0'] dict diff:",
            "['h0'] ['n_out'] self: 7 != other: 8",
            "['output'] dict diff:",
            "['output'] ['from'] list diff:",
            "['output'] ['from'] [0] self: 'h1' != other: 'h0'",
        ])
        #expect(try Self.diff("{'a': 1}", "{'a': 1, 'b': 2}") == ["dict diff:", "  key 'b' not in self"])
    }

    @Test func typesMatter() throws {
        #expect(try Self.diff("{'a': 1}", "{'a': 1.0}") == ["dict diff:", "['a'] type diff: self is int but other is float"])
        #expect(try Self.diff("[1]", "(1,)") == ["type diff: self is list but other is tuple"])
        #expect(try Self.diff("True", "1") == ["type diff: self is bool but other is int"])
        #expect(try Self.diff("None", "3") == ["self is None and other is 3"])
        #expect(try Self.diff("3", "None") == ["other is None and self is 3"])
        #expect(try Self.diff("[1, 2]", "[1]") == ["list diff len: len self: 2, len other: 1"])
    }

    @Test func setsAndFunctions() throws {
        #expect(try Self.diff("{1, 2}", "{2, 1}") == [])
        #expect(try Self.diff("{1, 2}", "{1, 3}") == ["set diff value: self: 2 != other: 3"])
        let c = try pretrainConfig("def f(x):\n    return x\ndef g(x):\n    return x\na = {'f': f}\nb = {'f': f}\nc = {'f': g}\n")
        let a = try #require(c.typedValue("a")), b = try #require(c.typedValue("b")), g = try #require(c.typedValue("c"))
        #expect(PretrainNetDiff.lines(a, b) == [])
        #expect(PretrainNetDiff.lines(a, g).count == 2)
        #expect(PretrainNetDiff.lines(a, PretrainNetDict.deepCopy(a)) == [])
    }
}
