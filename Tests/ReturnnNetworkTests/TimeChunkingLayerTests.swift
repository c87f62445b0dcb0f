import Testing

@testable import ReturnnNetwork

/// `time_chunking`: chunks and their lengths against upstream (native Chunking op), the chunked batch
/// and chunk axes, a rec layer on the chunks, gradients, errors.
@Suite struct TimeChunkingLayerTests {
    @Test func valuesMatchUpstream() throws {
        let net = try expectShapeCase("time_chunking")
        let t = net!.node("output")!.output
        #expect(t.batchAxis == 0 && t.dims[0].name == "output:chunked_batch" && t.timeDim != net!.node("data")!.output.timeDim)
        #expect(TimeChunkingLayer.chunkCount(1, size: 50, step: 10) == 1 && TimeChunkingLayer.chunkCount(51, size: 50, step: 10) == 2)
        #expect(TimeChunkingLayer.chunkCount(61, size: 50, step: 10) == 3 && TimeChunkingLayer.chunkCount(101, size: 50, step: 10) == 7)
    }

    @Test func recOnChunks() throws {
        // A recurrent layer runs over the chunks as sequences of their own.
        let (_, out) = try runShapeNetwork("""
            {"c": {"class": "time_chunking", "chunk_size": 3, "chunk_step": 2, "from": "data"},
             "r": {"class": "rec", "unit": "nativelstm2", "n_out": 4, "from": "c"},
             "output": {"class": "time_unchunking", "chunking_layer": "c", "from": "r"}}
            """)
        #expect(out.shape == [3, 5, 4] && out.seqLens?.array == [5, 3, 4])
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "output": {"class": "time_chunking", "chunk_size": 3, "chunk_step": 2, "from": "l"}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "time_chunking", "chunk_size": 0, "chunk_step": 2, "from": "data"}}"#)?
            .message.contains("must be positive") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "time_chunking", "chunk_size": 2, "from": "data"}}"#)?.message.contains("chunk_step") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "time_chunking", "chunk_size": 2, "chunk_step": 1, "axis": "B", "from": "data"}}"#)?
            .kind == .invalidOption)
    }
}
