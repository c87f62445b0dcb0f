import Testing

@testable import ReturnnNetwork

/// `concat`: feature and static spatial axes against upstream, dynamic axes packed per sequence
/// (numpy), the summed tag, out_dim, broadcasting, gradients, errors.
@Suite struct ConcatLayerTests {
    @Test func valuesMatchReferences() throws {
        for name in ["concat_f", "concat_f_static_spatial", "concat_t", "concat_t_t2"] { try expectShapeCase(name) }
        let net = try buildShapeNetwork("""
            {"a": {"class": "concat", "from": [("data", "T"), ("data:data2", "T")]},
             "b": {"class": "concat", "from": [("data", "T"), ("data:data2", "T")]},
             "output": {"class": "combine", "kind": "add", "from": ["a", "b"]}}
            """)
        #expect(net.node("a")!.output.timeDim == net.node("b")!.output.timeDim && net.node("a")!.output.timeDim!.isDynamic)
    }

    @Test func outDimAndBroadcast() throws {
        let net = try buildShapeNetwork("""
            {"output": {"class": "concat", "from": [("data", "F"), ("data", "F")], "out_dim": FeatureDim("cat", 12)}}
            """)
        #expect(net.node("output")!.output.featureTag?.name == "cat")
        let (_, out) = try runShapeNetwork("""
            {"output": {"class": "concat", "from": [("data", "F"), ("data:vec", "F")], "allow_broadcast": True}}
            """)
        let v = ShapeLayersFixture.shared.inputs["vec"]!.values
        let at: Int = (1 * 5 + 3) * 12 + 8
        #expect(out.shape == [3, 5, 12] && out.dense.value.array[at] == Float(v[8]))
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 3, "activation": "tanh", "from": "data"},
             "m": {"class": "linear", "n_out": 3, "from": "data:data2"},
             "output": {"class": "concat", "from": [("l", "T"), ("m", "T")]}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "concat", "from": ["data", "data"]}}"#)?.message.contains("(layer, axis) pairs") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "concat", "from": [("data", "F"), ("data:vec", "F")]}}"#)?
            .message.contains("allow_broadcast=True") == true)
        let e = shapeNetworkError(#"{"output": {"class": "concat", "from": [("data", "F"), ("data:data2", "F")]}}"#)
        #expect(e?.kind == .dimensionMismatch && e!.message.contains("'data'") && e!.message.contains("'data:data2'"), "\(String(describing: e))")
        #expect(shapeNetworkError(#"{"output": {"class": "concat", "from": [("data", "F")], "out_dim": FeatureDim("x", 5)}}"#)?
            .kind == .dimensionMismatch)
    }
}
