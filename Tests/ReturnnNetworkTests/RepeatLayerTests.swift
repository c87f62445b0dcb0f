import Testing

@testable import ReturnnNetwork

/// `repeat`: int and layer repetitions on time, a static axis, sparse input, against upstream;
/// tags; gradients; errors.
@Suite struct RepeatLayerTests {
    @Test func valuesMatchUpstream() throws {
        for name in ["repeat_int", "repeat_layer", "repeat_f", "repeat_sparse"] { try expectShapeCase(name) }
        let net = try buildShapeNetwork(#"{"output": {"class": "repeat", "repetitions": 2, "from": "data"}}"#)
        #expect(net.node("output")!.output.timeDim == net.node("data")!.output.timeDim!.times(2))
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "output": {"class": "repeat", "repetitions": "data:reps", "from": "l"}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "repeat", "repetitions": -1, "from": "data"}}"#)?.message.contains("int >= 0") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "repeat", "repetitions": "data:vec", "from": "data"}}"#)?.kind == .sparseMismatch)
        #expect(shapeNetworkError(#"{"output": {"class": "repeat", "repetitions": "data:reps", "axis": "F", "from": "data"}}"#)?
            .message.contains("may only have the batch axis") == true)
    }
}
