import Testing

@testable import ReturnnNetwork

/// `range`: ints against upstream, floats (upstream fails on them), dtype and sparse, errors.
@Suite struct RangeLayerTests {
    @Test func valuesMatchUpstream() throws {
        let net = try expectShapeCase("range_int")
        #expect(net?.node("output")!.output.dims.count == 1 && net?.node("output")!.output.hasBatch == false)
    }

    @Test func floatsAndOptions() throws {
        let (_, f) = try runShapeNetwork(#"{"output": {"class": "range", "limit": 2.0, "start": 0.5, "delta": 0.25}}"#)
        #expect(f.dense.value.array == [0.5, 0.75, 1.0, 1.25, 1.5, 1.75])
        let (_, d) = try runShapeNetwork(#"{"output": {"class": "range", "limit": 3, "dtype": "float32"}}"#)
        #expect(d.dense.value.array == [0, 1, 2])
        let (_, down) = try runShapeNetwork(#"{"output": {"class": "range", "limit": -3, "start": 2, "delta": -2}}"#)
        #expect(down.ints?.array == [2, 0, -2])
        let net = try buildShapeNetwork(#"{"output": {"class": "range", "limit": 4, "sparse": True, "out_spatial_dim": SpatialDim("r", 4)}}"#)
        #expect(net.node("output")!.output.isSparse && net.node("output")!.output.dims[0].name == "r")
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "range", "limit": 3, "delta": 0}}"#)?.message.contains("delta must not be 0") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "range", "limit": 3, "dtype": "bool"}}"#)?.message.contains("dtype must be") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "range", "limit": 3, "dtype": "float32", "sparse": True}}"#)?
            .message.contains("sparse=True needs an int dtype") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "range", "limit": 3, "out_spatial_dim": SpatialDim("r", 4)}}"#)?
            .kind == .dimensionMismatch)
        #expect(shapeNetworkError(#"{"output": {"class": "range"}}"#)?.message.contains("limit") == true)
    }
}
