import Testing

@testable import ReturnnNetwork

/// `seq_len_mask`: plain, with start, with a window against upstream; seq_len_source; -inf;
/// gradients only to kept frames; errors.
@Suite struct SeqLenMaskLayerTests {
    @Test func valuesMatchUpstream() throws {
        for name in ["seq_len_mask", "seq_len_mask_start", "seq_len_mask_window"] { try expectShapeCase(name) }
    }

    @Test func seqLenSourceAndInfinity() throws {
        let (_, out) = try runShapeNetwork("""
            {"s": {"class": "slice", "axis": "T", "slice_end": -1, "from": "data"},
             "output": {"class": "seq_len_mask", "mask_value": float("-inf"), "seq_len_source": "s", "from": "data"}}
            """)
        let y = out.dense.value.array
        // Sequence 0 keeps 4 frames, sequence 1 keeps 2.
        let end0: Int = 4 * 6, last0: Int = 3 * 6, end1: Int = 7 * 6, last1: Int = 6 * 6
        #expect(y[end0] == -.infinity && y[last0].isFinite && y[end1] == -.infinity && y[last1].isFinite)
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "output": {"class": "seq_len_mask", "mask_value": 2.0, "start": "data:start", "from": "l"}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "seq_len_mask", "mask_value": 0.0, "axis": "F", "from": "data"}}"#)?
            .message.contains("needs a dynamic axis") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "seq_len_mask", "axis": "T", "from": "data"}}"#)?.message.contains("mask_value") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "seq_len_mask", "mask_value": 0.0, "window_size": 2, "from": "data"}}"#)?
            .message.contains("go together") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "seq_len_mask", "mask_value": 0.0, "start": "data:pos", "from": "data"}}"#)?
            .message.contains("an int per sequence [B]") == true)
    }
}
