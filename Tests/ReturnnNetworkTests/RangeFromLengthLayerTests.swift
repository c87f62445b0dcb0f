import Testing

@testable import ReturnnNetwork

/// `range_from_length`: the measured axis' tag against upstream, a new tag otherwise, errors.
@Suite struct RangeFromLengthLayerTests {
    @Test func valuesMatchUpstream() throws {
        let net = try expectShapeCase("range_from_length")
        #expect(net!.node("output")!.output.dims == [net!.node("data")!.output.timeDim!])
    }

    @Test func newAxisFromOtherLengths() throws {
        // Lengths that no length layer measured give a new axis with those sizes.
        let (net, out) = try runShapeNetwork("""
            {"output": {"class": "range_from_length", "from": "data:start"}}
            """)
        #expect(out.ints?.array == [0, 1] && out.seqLens?.array == [2, 1, 0])
        #expect(net.node("output")!.output.timeDim != net.externData["data"]!.timeDim)
    }

    @Test func errors() {
        let e = shapeNetworkError(#"{"output": {"class": "range_from_length", "from": "data"}}"#)
        #expect(e?.kind == .dimensionMismatch && e!.message.contains("must be int32 lengths [B]"), "\(String(describing: e))")
    }
}
