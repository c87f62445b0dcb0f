import Testing

@testable import ReturnnNetwork

/// `slice`: feature and time slices (with new lengths) against numpy, gradients, errors.
@Suite struct SliceLayerTests {
    @Test func valuesMatchNumpy() throws {
        let f = #"{"output": {"class": "slice", "axis": "F", "slice_start": 1, "slice_end": 5, "slice_step": 2, "from": "data"}}"#
        #expect(try buildLayersANetwork(f).node("output")!.output.featureDim == 2)
        expectFixture(try runLayersA(f), "slice_f")
        let t = #"{"output": {"class": "slice", "axis": "T", "slice_start": 1, "slice_step": 2, "from": "data"}}"#
        #expect(try buildLayersANetwork(t).node("output")!.output.timeDim != layersATime)
        expectFixture(try runLayersA(t), "slice_t_step")
        expectFixture(try runLayersA(#"{"output": {"class": "slice", "axis": "T", "slice_end": -1, "from": "data"}}"#), "slice_t_neg_end")
        expectFixture(try runLayersA(#"{"output": {"class": "slice", "axis": "T", "slice_start": 1, "slice_end": 4, "from": "data"}}"#),
                      "slice_t_end")
    }

    @Test func sparseValues() throws {
        let body = #"{"output": {"class": "slice", "axis": "T", "slice_start": 1, "slice_step": 2, "from": "data:classes"}}"#
        let t = try buildLayersANetwork(body).node("output")!.output
        #expect(t.sparseDim == 4 && t.timeDim != LayersAFixture.externData["classes"]!.timeDim)
        expectFixture(try runLayersA(body), "slice_sparse_t")
    }

    @Test func pythonSliceBounds() {
        #expect(SliceLayer.bounds(6, -2, nil, 1) == (4, 2))
        #expect(SliceLayer.bounds(6, nil, -1, 2) == (0, 3))
        #expect(SliceLayer.bounds(6, 10, 20, 1) == (6, 0))
        #expect(SliceLayer.bounds(6, 1, 100, 4) == (1, 2))
    }

    @Test func gradients() throws {
        try expectLayersAGradients("""
            {"l": {"class": "linear", "n_out": 9, "activation": "tanh", "from": "data"},
             "s": {"class": "slice", "axis": "F", "slice_start": 1, "slice_step": 2, "from": "l"},
             "output": {"class": "softmax", "loss": "ce", "from": "s"}}
            """)
        try expectLayersAGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "s": {"class": "slice", "axis": "T", "slice_start": 1, "slice_step": 2, "from": "l"},
             "r": {"class": "reduce", "mode": "sum", "axes": "T", "from": "s"},
             "c": {"class": "combine", "kind": "mul", "from": ["l", "r"]},
             "output": {"class": "softmax", "loss": "ce", "from": "c"}}
            """)
    }

    @Test func errors() {
        let empty = layersAError(#"{"output": {"class": "slice", "axis": "F", "slice_start": 4, "slice_end": 2, "from": "data"}}"#)
        #expect(empty?.kind == .dimensionMismatch && empty!.message.contains("empty"), "\(String(describing: empty))")
        let step = layersAError(#"{"output": {"class": "slice", "axis": "F", "slice_step": -1, "from": "data"}}"#)
        #expect(step?.kind == .invalidOption)
        let negTime = layersAError(#"{"output": {"class": "slice", "axis": "T", "slice_start": -2, "from": "data"}}"#)
        #expect(negTime?.message.contains(">= 0") == true)
        let batch = layersAError(#"{"output": {"class": "slice", "axis": "B", "slice_end": 1, "from": "data"}}"#)
        #expect(batch?.message.contains("batch") == true)
    }
}
