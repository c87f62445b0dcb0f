import Testing

@testable import ReturnnNetwork

/// `postfix_in_time`: constant and layer postfixes against upstream, the `T + n` tag shared by
/// layers that postfix alike, gradients, errors.
@Suite struct PostfixInTimeLayerTests {
    @Test func valuesMatchUpstream() throws {
        try expectShapeCase("postfix_const")
        try expectShapeCase("postfix_layer")
    }

    @Test func sharedTag() throws {
        let net = try buildShapeNetwork("""
            {"a": {"class": "postfix_in_time", "postfix": 0.5, "repeat": 2, "from": "data"},
             "b": {"class": "postfix_in_time", "postfix": 1.0, "repeat": 2, "from": "data"},
             "p": {"class": "prefix_in_time", "repeat": 2, "from": "data", "is_output_layer": True},
             "output": {"class": "combine", "kind": "add", "from": ["a", "b"]}}
            """)
        let t = net.node("data")!.output.timeDim!
        #expect(net.node("a")!.output.timeDim == t.plus(2) && net.node("output")!.output.timeDim == t.plus(2))
        #expect(net.node("p")!.output.timeDim != t.plus(2))
        // Postfixed and prefixed frames sit elsewhere: combining them is a located dimension error.
        let e = shapeNetworkError("""
            {"a": {"class": "postfix_in_time", "repeat": 2, "from": "data"},
             "p": {"class": "prefix_in_time", "repeat": 2, "from": "data"},
             "output": {"class": "combine", "kind": "add", "from": ["a", "p"]}}
            """)
        #expect(e?.kind == .dimensionMismatch && e?.layer == "output", "\(String(describing: e))")
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "v": {"class": "linear", "n_out": 4, "from": "data:vec"},
             "output": {"class": "postfix_in_time", "postfix": "v", "repeat": 2, "from": "l"}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "postfix_in_time", "postfix": "data", "from": "data"}}"#)?
            .message.contains("has the axis") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "postfix_in_time", "repeat": -1, "from": "data"}}"#)?.message.contains(">= 0") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "postfix_in_time", "postfix": "data:start", "from": "data"}}"#)?.kind == .sparseMismatch)
    }
}
