import Testing

@testable import ReturnnNetwork

/// `range_in_axis`: time (the tag and lengths carry over) and feature axes against upstream, sparse_dim, errors.
@Suite struct RangeInAxisLayerTests {
    @Test func valuesMatchUpstream() throws {
        let net = try expectShapeCase("range_in_axis_t")
        #expect(net!.node("output")!.output.dims == [net!.node("data")!.output.timeDim!])
        try expectShapeCase("range_in_axis_f")
    }

    @Test func sparseDimAndFloat() throws {
        let (net, out) = try runShapeNetwork(#"{"output": {"class": "range_in_axis", "axis": "sparse_dim", "sparse": True, "from": "data:classes"}}"#)
        #expect(out.ints?.array == [0, 1, 2, 3, 4] && net.node("output")!.output.sparseDim == 5)
        let (_, f) = try runShapeNetwork(#"{"output": {"class": "range_in_axis", "axis": "F", "dtype": "float32", "from": "data"}}"#)
        #expect(f.dense.value.array == [0, 1, 2, 3, 4, 5])
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "range_in_axis", "axis": "T", "keepdims": True, "from": "data"}}"#)?
            .message.contains("keepdims=True is deprecated") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "range_in_axis", "axis": "sparse_dim", "from": "data"}}"#)?.kind == .sparseMismatch)
        #expect(shapeNetworkError(#"{"output": {"class": "range_in_axis", "axis": "T", "from": "data:vec"}}"#)?
            .message.contains("time axis, which does not exist") == true)
    }
}
