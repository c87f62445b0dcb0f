import Testing

@testable import ReturnnNetwork

/// `transpose`: dict and list perms against upstream, tags move with the axes, int values, gradients, errors.
@Suite struct TransposeLayerTests {
    @Test func valuesMatchUpstream() throws {
        let net = try expectShapeCase("transpose_dict")
        let t = net!.node("output")!.output, data = net!.node("data")!.output
        #expect(t.dims == [data.dims[0], data.dims[2], data.dims[1]] && t.timeDim == data.timeDim && t.featureTag === data.featureTag)
        try expectShapeCase("transpose_list")
    }

    @Test func partialPermAndIntValues() throws {
        // A partial perm fills the remaining places in order: [B,T,2,3] with {F: T} -> [B,2,3,T].
        let (net, out) = try runShapeNetwork("""
            {"sd": {"class": "split_dims", "axis": "F", "dims": (2, 3), "from": "data"},
             "output": {"class": "transpose", "perm": {"F": "T"}, "from": "sd"}}
            """)
        #expect(out.shape == [3, 2, 3, 5] && net.node("output")!.output.timeAxis == 3)
        let x = ShapeLayersFixture.shared.inputs["data"]!.values, y = out.dense.value.array
        let outIndex: Int = ((1 * 2 + 1) * 3 + 2) * 5 + 4, inIndex: Int = (1 * 5 + 4) * 6 + 1 * 3 + 2
        #expect(y[outIndex] == Float(x[inIndex]))
        // Int values, batch axis moved: [B,T] -> [T,B].
        let (net2, ints) = try runShapeNetwork(#"{"output": {"class": "transpose", "perm": {"B": "T"}, "from": "data:pos"}}"#)
        let pos = ShapeLayersFixture.shared.inputs["pos"]!.values.map { Int32($0) }
        #expect(ints.shape == [5, 3] && ints.ints!.array == (0..<15).map { pos[($0 % 3) * 5 + $0 / 3] })
        #expect(net2.node("output")!.output.batchAxis == 1 && ints.seqLens?.array == [5, 3, 4])
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "output": {"class": "transpose", "perm": {"T": "F", "F": "T"}, "from": "l"}}
            """)
    }

    @Test func errors() {
        let twice = shapeNetworkError(#"{"output": {"class": "transpose", "perm": {"T": "F", "F": "F"}, "from": "data"}}"#)
        #expect(twice?.message.contains("twice") == true, "\(String(describing: twice))")
        let count = shapeNetworkError(#"{"output": {"class": "transpose", "perm": [batch_dim, feat_dim], "from": "data"}}"#)
        #expect(count?.message.contains("lists 2 axes") == true, "\(String(describing: count))")
        let bad = shapeNetworkError(#"{"output": {"class": "transpose", "perm": "T", "from": "data"}}"#)
        #expect(bad?.kind == .invalidOption && bad?.layer == "output")
    }
}
