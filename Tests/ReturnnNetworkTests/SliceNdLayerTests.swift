import Testing

@testable import ReturnnNetwork

/// `slice_nd`: start layers `[B]` and `[B,T]`, int start, size None against upstream; size layer;
/// gradients; errors.
@Suite struct SliceNdLayerTests {
    @Test func valuesMatchUpstream() throws {
        for name in ["slice_nd_start_layer", "slice_nd_size_none", "slice_nd_int", "slice_nd_per_frame"] { try expectShapeCase(name) }
    }

    @Test func sizeLayer() throws {
        // size from a layer: a dynamic axis with those lengths; frames beyond are 0.
        let (net, out) = try runShapeNetwork(#"{"output": {"class": "slice_nd", "from": "data", "start": 1, "size": "data:start"}}"#)
        #expect(out.shape == [3, 2, 6] && out.seqLens?.array == [2, 1, 0] && net.node("output")!.output.timeDim != nil)
        let x = ShapeLayersFixture.shared.inputs["data"]!.values, y = out.dense.value.array
        #expect(Array(y[0..<6]) == x[6..<12].map { Float($0) } && Array(y[12..<18]) == x[36..<42].map { Float($0) })
        #expect(y[18..<24].allSatisfy { $0 == 0 })
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "output": {"class": "slice_nd", "from": "l", "start": "data:pos", "size": 2}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "slice_nd", "from": "data", "start": -1, "size": 2}}"#)?
            .message.contains("int >= 0") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "slice_nd", "from": "data", "start": "data:pos", "size": None}}"#)?
            .message.contains("its own length") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "slice_nd", "from": "data", "size": "data:pos"}}"#)?
            .message.contains("must hold int sizes [B]") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "slice_nd", "from": "data", "size": 2.5}}"#)?.kind == .invalidOption)
    }
}
