import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `compare`: all kinds and spellings, chains with `value`, broadcast sources, sparse input, bool template, errors.
@Suite struct CompareLayerTests {
    let fixture = LayersMathFixture.shared

    @Test func matchesUpstream() throws {
        for name in ["compare_greater_value", "compare_equal_value", "compare_not_equal_value", "compare_less_sources",
                     "compare_less_equal_chain", "compare_greater_equal_value", "compare_sparse_equal"] {
            try fixture.check(name)
        }
    }

    @Test func boolTemplate() throws {
        let net = try fixture.build(#"{"output": {"class": "compare", "from": "data:classes", "kind": "equal", "value": 2}}"#)
        let t = net.node("output")!.output
        #expect(t.isBool && t.isInt && !t.isSparse && !t.isFloat)
        #expect(t.dims == [Dim.batch, net.externData["data"]!.timeDim!])
        #expect(t.description.hasSuffix(" bool"))
        let two = try fixture.build(#"{"output": {"class": "compare", "from": ["data", "data:vec"], "kind": "less"}}"#)
        #expect(two.node("output")!.output.dims == two.externData["data"]!.dims)
    }

    @Test func errors() {
        let kind = mathLayerError(#"{"output": {"class": "compare", "from": "data", "kind": "greatr", "value": 0}}"#)
        #expect(kind?.message.contains("did you mean 'greater'") == true, "\(String(describing: kind))")
        let one = mathLayerError(#"{"output": {"class": "compare", "from": "data"}}"#)
        #expect(one?.message.contains("at least two sources") == true, "\(String(describing: one))")
        let axes = mathLayerError(#"{"output": {"class": "compare", "from": ["data", "data:enc"], "kind": "less"}}"#)
        #expect(axes?.kind == .dimensionMismatch && axes?.message.contains("'data:enc'") == true, "\(String(describing: axes))")
        #expect(axes?.message.contains("allow_broadcast_all_sources") == true)
        let value = mathLayerError(#"{"output": {"class": "compare", "from": "data", "value": "x"}}"#)
        #expect(value?.message.contains("value must be a number") == true)
    }
}
