import Testing

@testable import ReturnnNetwork

/// `merge_dims`: static, time and reordered merges against numpy, gradients, errors.
@Suite struct MergeDimsLayerTests {
    @Test func valuesMatchNumpy() throws {
        let w = """
            {"w": {"class": "window", "window_size": 3, "from": "data"},
             "output": {"class": "merge_dims", "axes": "static", "from": "w"}}
            """
        #expect(try buildLayersANetwork(w).node("output")!.output == DataTemplate(hasTime: true, timeDim: layersATime, featureDim: 18))
        expectFixture(try runLayersA(w), "merge_dims_window_static")
        let t = #"{"output": {"class": "merge_dims", "axes": "except_batch", "from": "data"}}"#
        let tt = try buildLayersANetwork(t).node("output")!.output
        #expect(tt.hasTime && tt.featureDim == nil && tt.spatial.isEmpty && tt.timeDim != layersATime)
        expectFixture(try runLayersA(t), "merge_dims_time")
        expectFixture(try runLayersA("""
            {"s": {"class": "split_dims", "axis": "F", "dims": (2, 3), "from": "data"},
             "output": {"class": "merge_dims", "axes": ["F", "s:1"], "from": "s"}}
            """), "merge_dims_order")
    }

    @Test func spatialAxesOnly() throws {
        let body = """
            {"s": {"class": "split_dims", "axis": "F", "dims": (2, 3, 1), "from": "data"},
             "m": {"class": "merge_dims", "axes": ["s:2", "s:1"], "from": "s"},
             "output": {"class": "squeeze", "axis": "F", "from": "m"}}
            """
        let net = try buildLayersANetwork(body)
        #expect(net.node("m")!.output == DataTemplate(hasTime: true, timeDim: layersATime, spatial: [6], featureDim: 1))
        expectFixture(try runLayersA(body), "merge_dims_order")
    }

    @Test func gradients() throws {
        try expectLayersAGradients("""
            {"l": {"class": "linear", "n_out": 6, "activation": "tanh", "from": "data"},
             "s": {"class": "split_dims", "axis": "F", "dims": (2, 3), "from": "l"},
             "m": {"class": "merge_dims", "axes": ["F", "s:1"], "from": "s"},
             "output": {"class": "softmax", "loss": "ce", "from": "m", "n_out": 4}}
            """)
    }

    @Test func errors() {
        let batch = layersAError(#"{"output": {"class": "merge_dims", "axes": ["B", "T"], "from": "data"}}"#)
        #expect(batch?.kind == .invalidOption && batch!.message.contains("batch"), "\(String(describing: batch))")
        let order = layersAError(#"{"output": {"class": "merge_dims", "axes": ["F", "T"], "from": "data"}}"#)
        #expect(order?.message.contains("must come first") == true, "\(String(describing: order))")
        let nOut = layersAError(#"{"output": {"class": "merge_dims", "axes": "static", "n_out": 5, "from": "data"}}"#)
        #expect(nOut?.kind == .dimensionMismatch)
    }
}
