import Testing

@testable import ReturnnNetwork

/// `reinterpret_data`: new tags with sizes, size_base, set_axes, sparse options against upstream; errors.
@Suite struct ReinterpretDataLayerTests {
    @Test func valuesMatchUpstream() throws {
        for name in ["reinterpret_set_dim_tags", "reinterpret_sparse_dim", "reinterpret_increase_sparse", "reinterpret_set_sparse_false",
                     "reinterpret_size_base", "reinterpret_set_axes_f", "reinterpret_batch_major", "reinterpret_time_major"] {
            try expectShapeCase(name)
        }
    }

    @Test func newTagsGetTheSizes() throws {
        // The new time tag is a different axis with the old lengths; a layer on it sees them.
        let net = try buildShapeNetwork("""
            {"kv": {"class": "reinterpret_data", "set_dim_tags": {"T": SpatialDim("kv-time")}, "from": "data"},
             "output": {"class": "range_in_axis", "axis": "T", "from": "kv"}}
            """)
        #expect(net.node("kv")!.output.timeDim != net.node("data")!.output.timeDim)
        let run = try net.run(data: ShapeLayersFixture.shared.batch, parameters: [:], tape: .init(recording: false), isTraining: false)
        #expect(run.values["output"]!.seqLens?.array == [5, 3, 4])
        let sb = try buildShapeNetwork("""
            {"sb": {"class": "slice", "axis": "T", "slice_end": -1, "from": "data"},
             "output": {"class": "reinterpret_data", "size_base": "sb", "from": "data"}}
            """)
        #expect(sb.node("output")!.output.timeDim == sb.node("sb")!.output.timeDim)
        let axes = try buildShapeNetwork("""
            {"sd": {"class": "split_dims", "axis": "F", "dims": (2, 3), "from": "data"},
             "output": {"class": "reinterpret_data", "set_axes": {"F": "dim:2"}, "from": "sd"}}
            """).node("output")!.output
        #expect(axes.featureAxis == 2 && axes.dims[3].kind == .spatial)
        let sparse = try buildShapeNetwork(#"{"output": {"class": "reinterpret_data", "increase_sparse_dim": 2, "from": "data:classes"}}"#)
        #expect(sparse.node("output")!.output.sparseDim == 7)
    }

    @Test func gradients() throws {
        try expectShapeGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "output": {"class": "reinterpret_data", "set_dim_tags": {"T": SpatialDim("t2")}, "from": "l"}}
            """)
    }

    @Test func errors() {
        let size = shapeNetworkError(#"{"output": {"class": "reinterpret_data", "set_dim_tags": {"F": FeatureDim("f", 5)}, "from": "data"}}"#)
        #expect(size?.kind == .dimensionMismatch && size!.message.contains("size 5 instead of 6"), "\(String(describing: size))")
        let time = shapeNetworkError(#"{"output": {"class": "reinterpret_data", "set_axes": {"T": "F"}, "from": "data"}}"#)
        #expect(time?.message.contains("first dynamic axis") == true, "\(String(describing: time))")
        let float = shapeNetworkError(#"{"output": {"class": "reinterpret_data", "set_sparse": True, "set_sparse_dim": 3, "from": "data"}}"#)
        #expect(float?.kind == .sparseMismatch && float!.message.contains("cast"), "\(String(describing: float))")
        let inc = shapeNetworkError(#"{"output": {"class": "reinterpret_data", "increase_sparse_dim": 1, "from": "data"}}"#)
        #expect(inc?.message.contains("needs sparse input") == true)
        let sw = shapeNetworkError(#"{"output": {"class": "reinterpret_data", "switch_axes": "bt", "from": "data"}}"#)
        #expect(sw?.message.contains("switch_axes is not supported") == true)
        let base = shapeNetworkError(#"{"output": {"class": "reinterpret_data", "size_base": "data:vec", "from": "data"}}"#)
        #expect(base?.message.contains("has 0 dynamic axes") == true, "\(String(describing: base))")
        let missing = shapeNetworkError(#"{"output": {"class": "reinterpret_data", "size_base": "nope", "from": "data"}}"#)
        #expect(missing?.kind == .layerNotFound && missing?.layer == "output", "\(String(describing: missing))")
    }
}
