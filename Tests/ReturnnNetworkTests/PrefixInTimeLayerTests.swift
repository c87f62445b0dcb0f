import Testing

@testable import ReturnnNetwork

/// `prefix_in_time`: a constant prefix against upstream, a repeat layer (numpy: upstream fails),
/// size_base, gradients, errors.
@Suite struct PrefixInTimeLayerTests {
    @Test func valuesMatchReferences() throws {
        let net = try expectShapeCase("prefix_const")
        #expect(net!.node("output")!.output.timeDim == net!.node("data")!.output.timeDim!.plusLeft(2))
        try expectShapeCase("prefix_repeat_layer")
    }

    @Test func sizeBase() throws {
        let (net, out) = try runShapeNetwork("""
            {"sb": {"class": "postfix_in_time", "repeat": 1, "from": "data"},
             "output": {"class": "prefix_in_time", "prefix": 2.0, "repeat": 1, "size_base": "sb", "from": "data"}}
            """)
        #expect(net.node("output")!.output.timeDim == net.node("sb")!.output.timeDim && out.seqLens?.array == [6, 4, 5])
        #expect(out.dense.value.array[0..<6].allSatisfy { $0 == 2 })
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "output": {"class": "prefix_in_time", "prefix": 1.0, "repeat": "data:start", "from": "l"}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "prefix_in_time", "prefix": "data:vec", "from": "data"}}"#)?
            .message.contains("a layer as prefix is not supported") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "prefix_in_time", "repeat": "data:pos", "from": "data"}}"#)?
            .message.contains("an int per sequence [B]") == true)
    }
}
