import Testing

@testable import ReturnnNetwork

/// `tile`: feature and static spatial axes against upstream; the `k * tag` tag; gradients; errors.
@Suite struct TileLayerTests {
    @Test func valuesMatchUpstream() throws {
        let net = try expectShapeCase("tile_f")
        let f = net!.node("data")!.output.featureTag!
        #expect(net!.node("output")!.output.featureTag == f.timesLeft(2) && f.timesLeft(2) != f.times(2))
        try expectShapeCase("tile_static_spatial")
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 3, "activation": "tanh", "from": "data"},
             "output": {"class": "tile", "multiples": {"F": 3}, "from": "l"}}
            """)
    }

    @Test func errors() {
        #expect(shapeNetworkError(#"{"output": {"class": "tile", "multiples": {"T": 2}, "from": "data"}}"#)?
            .message.contains("only static axes can be tiled") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "tile", "multiples": {"F": 0}, "from": "data"}}"#)?
            .message.contains("positive int") == true)
        #expect(shapeNetworkError(#"{"output": {"class": "tile", "from": "data"}}"#)?.message.contains("needs 'multiples'") == true)
    }
}
