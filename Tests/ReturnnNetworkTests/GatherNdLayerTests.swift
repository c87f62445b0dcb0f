import Testing

@testable import ReturnnNetwork

/// `gather_nd`: positions `[B]` and `[B,T]` against upstream, gradients, errors.
@Suite struct GatherNdLayerTests {
    @Test func valuesMatchUpstream() throws {
        try expectShapeCase("gather_nd_start")
        let net = try expectShapeCase("gather_nd_pos")
        #expect(net!.node("output")!.output.timeDim == net!.node("data")!.output.timeDim)
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "output": {"class": "gather_nd", "from": "l", "position": "data:pos"}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "gather_nd", "from": "data"}}"#)?.message.contains("needs 'position'") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "gather_nd", "from": "data", "position": "data:vec"}}"#)?
            .message.contains("must have int values") == true)
    }
}
