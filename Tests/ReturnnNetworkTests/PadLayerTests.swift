import Testing

@testable import ReturnnNetwork

/// `pad`: constant/reflect/symmetric/replication, dynamic axes (both handle_dynamic_dims), two axes,
/// a value layer and sparse input against upstream; derived tags; gradients; errors.
@Suite struct PadLayerTests {
    @Test func valuesMatchUpstream() throws {
        for name in ["pad_t", "pad_t_handle_dynamic", "pad_f_reflect", "pad_f_symmetric", "pad_f_replication", "pad_two_axes",
                     "pad_value_layer", "pad_sparse"] {
            try expectShapeCase(name)
        }
    }

    @Test func tags() throws {
        let net = try buildShapeNetwork("""
            {"a": {"class": "pad", "axes": "T", "padding": (2, 1), "from": "data"},
             "b": {"class": "pad", "axes": "T", "padding": (2, 1), "value": 3.0, "from": "data"},
             "c": {"class": "pad", "axes": "T", "padding": (1, 2), "from": "data", "is_output_layer": True},
             "output": {"class": "combine", "kind": "add", "from": ["a", "b"]}}
            """)
        let t = net.node("data")!.output.timeDim!
        #expect(net.node("a")!.output.timeDim == t.plusLeft(2).plus(1) && net.node("a")!.output.timeDim == net.node("b")!.output.timeDim)
        #expect(net.node("c")!.output.timeDim != net.node("a")!.output.timeDim)
    }

    @Test func gradients() throws {
        for mode in ["constant", "reflect", "symmetric", "replication"] {
            try expectShapeGradients("""
                {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
                 "output": {"class": "pad", "axes": "F", "padding": (2, 1), "mode": "\(mode)", "from": "l"}}
                """)
        }
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 3, "from": "data"},
             "output": {"class": "pad", "axes": "T", "padding": (1, 2), "handle_dynamic_dims": True, "from": "l"}}
            """)
    }

    @Test func errors() throws {
        #expect(shapeNetworkError(#"{"output": {"class": "pad", "axes": "B", "padding": 1, "from": "data"}}"#)?
            .message.contains("cannot pad the batch axis") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "pad", "axes": "F", "padding": (1, 2, 3), "from": "data"}}"#)?
            .message.contains("(left, right) pairs") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "pad", "axes": ["T", "F"], "padding": [(1, 2)], "from": "data"}}"#)?
            .message.contains("1 pairs for 2 axes") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "pad", "axes": "F", "padding": 1, "mode": "circular", "from": "data"}}"#)?
            .message.contains("mode must be") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "pad", "axes": "F", "padding": -1, "from": "data"}}"#)?
            .message.contains("non-negative") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "pad", "axes": "F", "padding": 1, "value": "data:vec", "from": "data"}}"#)?
            .message.contains("must be a scalar") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "pad", "axes": "T", "padding": 1, "mode": "reflect", "handle_dynamic_dims": True, "from": "data"}}"#)?
            .message.contains("needs mode \"constant\"") == true)
        // Reflecting more than the axis holds fails at run time with a located error.
        let net = try buildShapeNetwork(#"{"output": {"class": "pad", "axes": "F", "padding": 6, "mode": "reflect", "from": "data"}}"#)
        let e = networkError { _ = try net.run(data: ShapeLayersFixture.shared.batch, parameters: [:], tape: .init(recording: false), isTraining: false) }
        #expect(e?.layer == "output" && e!.message.contains("at most 5"), "\(String(describing: e))")
    }
}
