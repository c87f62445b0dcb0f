import Testing

@testable import ReturnnNetwork

/// `stack`: the default new axis and an explicit one against upstream, broadcasting, int values,
/// gradients, errors.
@Suite struct StackLayerTests {
    @Test func valuesMatchUpstream() throws {
        try expectShapeCase("stack_default")
        try expectShapeCase("stack_axis")
    }

    @Test func broadcastAndInts() throws {
        let (_, out) = try runShapeNetwork(#"{"output": {"class": "stack", "from": ["data", "data:vec"]}}"#)
        let v = ShapeLayersFixture.shared.inputs["vec"]!.values, y = out.dense.value.array
        let at: Int = ((2 * 5 + 3) * 2 + 1) * 6 + 4
        #expect(out.shape == [3, 5, 2, 6] && y[at] == Float(v[16]))
        let (_, ints) = try runShapeNetwork(#"{"output": {"class": "stack", "from": ["data:pos", "data:reps"]}}"#)
        let pos = ShapeLayersFixture.shared.inputs["pos"]!.values, reps = ShapeLayersFixture.shared.inputs["reps"]!.values
        let a = ints.ints!.array
        #expect(ints.shape == [3, 5, 2] && a[14] == Int32(pos[7]) && a[15] == Int32(reps[7]))
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "m": {"class": "linear", "n_out": 4, "from": "data"},
             "output": {"class": "stack", "from": ["l", "m"]}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "stack", "from": ["data", "data:data2"]}}"#)?.message.contains("their axes") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "stack", "axis": 9, "from": ["data", "data"]}}"#)?.message.contains("int position") == true)
    }
}
