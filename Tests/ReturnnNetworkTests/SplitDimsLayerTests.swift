import Testing

@testable import ReturnnNetwork

/// `split_dims`: feature, spatial and time axes against numpy, templates, gradients, errors.
@Suite struct SplitDimsLayerTests {
    @Test func featureAndTimeMatchNumpy() throws {
        let f = try buildLayersANetwork(#"{"output": {"class": "split_dims", "axis": "F", "dims": (2, -1), "from": "data"}}"#)
        #expect(f.node("output")!.output == DataTemplate(hasTime: true, timeDim: layersATime, spatial: [2], featureDim: 3))
        expectFixture(try runLayersA(#"{"output": {"class": "split_dims", "axis": "F", "dims": (2, -1), "from": "data"}}"#), "split_dims_f")
        let t = #"{"output": {"class": "split_dims", "axis": "T", "dims": [-1, 2], "from": "data"}}"#
        #expect(try buildLayersANetwork(t).node("output")!.output.spatial == [2])
        expectFixture(try runLayersA(t), "split_dims_t")
    }

    @Test func spatialAxisAndMergeBack() throws {
        let v = try runLayersA("""
            {"s": {"class": "split_dims", "axis": "F", "dims": [3, 2], "from": "data"},
             "s2": {"class": "split_dims", "axis": "s:1", "dims": [-1, 1], "from": "s"},
             "output": {"class": "merge_dims", "axes": "static", "from": "s2"}}
            """)
        #expect(v.dense.value == LayersAFixture.shared.batch["data"]!.dense.value)
    }

    @Test func gradients() throws {
        try expectLayersAGradients("""
            {"l": {"class": "linear", "n_out": 8, "activation": "tanh", "from": "data"},
             "s": {"class": "split_dims", "axis": "F", "dims": (2, -1), "from": "l"},
             "r": {"class": "reduce", "mode": "max", "axes": "s:1", "from": "s"},
             "output": {"class": "softmax", "loss": "ce", "from": "r"}}
            """)
        try expectLayersAGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "s": {"class": "split_dims", "axis": "T", "dims": (-1, 2), "from": "l"},
             "r": {"class": "reduce", "mode": "mean", "axes": ["T", "s:1"], "from": "s"},
             "c": {"class": "combine", "kind": "add", "from": ["l", "r"]},
             "output": {"class": "softmax", "loss": "ce", "from": "c"}}
            """)
    }

    @Test func errors() {
        let notMultiple = layersAError(#"{"output": {"class": "split_dims", "axis": "F", "dims": (4, -1), "from": "data"}}"#)
        #expect(notMultiple?.kind == .dimensionMismatch && notMultiple!.message.contains("pad_to_multiples"), "\(String(describing: notMultiple))")
        let wrongCount = layersAError(#"{"output": {"class": "split_dims", "axis": "F", "dims": (4, 2), "from": "data"}}"#)
        #expect(wrongCount?.kind == .dimensionMismatch)
        let twoUnknown = layersAError(#"{"output": {"class": "split_dims", "axis": "F", "dims": (-1, -1), "from": "data"}}"#)
        #expect(twoUnknown?.kind == .invalidOption)
        let time = layersAError(#"{"output": {"class": "split_dims", "axis": "T", "dims": (2, -1), "from": "data"}}"#)
        #expect(time?.message.contains("(-1, window)") == true, "\(String(describing: time))")
        let badAxis = layersAError(#"{"output": {"class": "split_dims", "axis": "X", "dims": (2, -1), "from": "data"}}"#)
        #expect(badAxis?.kind == .invalidOption && badAxis!.message.contains("not a known axis"), "\(String(describing: badAxis))")
        let padded = try? buildLayersANetwork(#"{"output": {"class": "split_dims", "axis": "F", "dims": (4, -1), "pad_to_multiples": True, "from": "data"}}"#)
        #expect(padded?.node("output")!.output.spatial == [4] && padded?.node("output")!.output.featureDim == 2)
    }
}
