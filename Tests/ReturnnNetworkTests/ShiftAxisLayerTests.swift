import Testing

@testable import ReturnnNetwork

/// `shift_axis`: right/left shifts with and without padding, static axes, against upstream; gradients; errors.
@Suite struct ShiftAxisLayerTests {
    @Test func valuesMatchUpstream() throws {
        for name in ["shift_right", "shift_left", "shift_right_no_pad", "shift_f_no_pad"] { try expectShapeCase(name) }
        let same = try buildShapeNetwork(#"{"output": {"class": "shift_axis", "axis": "T", "amount": 1, "adjust_size_info": False, "from": "data"}}"#)
        #expect(same.node("output")!.output.timeDim == same.node("data")!.output.timeDim)
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "output": {"class": "shift_axis", "axis": "T", "amount": -1, "from": "l"}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "shift_axis", "axis": "T", "amount": 0, "from": "data"}}"#)?
            .message.contains("must not be 0") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "shift_axis", "axis": "B", "amount": 1, "from": "data"}}"#)?
            .message.contains("batch axis") == true)
    }
}
