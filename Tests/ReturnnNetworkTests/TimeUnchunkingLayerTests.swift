import Testing

@testable import ReturnnNetwork

/// `time_unchunking`: overlapping chunks averaged back against upstream (native UnChunking op),
/// the original axes, gradients (divided by the overlap counts), errors.
@Suite struct TimeUnchunkingLayerTests {
    @Test func valuesMatchUpstream() throws {
        let net = try expectShapeCase("time_unchunking")
        #expect(net!.node("output")!.output.dims == net!.node("data")!.output.dims)
    }

    @Test func roundTripIsIdentity() throws {
        let (_, out) = try runShapeNetwork("""
            {"c": {"class": "time_chunking", "chunk_size": 4, "chunk_step": 1, "from": "data"},
             "output": {"class": "time_unchunking", "chunking_layer": "c", "from": "c"}}
            """)
        let x = ShapeLayersFixture.shared.inputs["data"]!.values, y = out.dense.value.array
        let lens = [5, 3, 4]
        for b in 0..<3 { for t in 0..<lens[b] { for f in 0..<6 { #expect(Swift.abs(Double(y[(b * 5 + t) * 6 + f]) - x[(b * 5 + t) * 6 + f]) < 1e-6) } } }
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 3, "activation": "tanh", "from": "data"},
             "c": {"class": "time_chunking", "chunk_size": 3, "chunk_step": 2, "from": "l"},
             "s": {"class": "shift_axis", "axis": "T", "amount": 1, "adjust_size_info": False, "from": "c"},
             "output": {"class": "time_unchunking", "chunking_layer": "c", "from": "s"}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "time_unchunking", "from": "data"}}"#)?.message.contains("needs 'chunking_layer'") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "time_unchunking", "chunking_layer": "data:vec", "from": "data"}}"#)?
            .message.contains("not 'time_chunking'") == true)
        #expect(shapeNetworkError("""
            {"c": {"class": "time_chunking", "chunk_size": 3, "chunk_step": 2, "from": "data"},
             "output": {"class": "time_unchunking", "chunking_layer": "c", "from": "data"}}
            """)?.message.contains("does not have the chunk axis") == true)
    }
}
