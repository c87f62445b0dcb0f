import Testing

@testable import ReturnnNetwork

/// `expand_dims`: spatial and feature positions, repeated values, gradients, errors.
@Suite struct ExpandDimsLayerTests {
    @Test func valuesMatchNumpy() throws {
        let s = #"{"output": {"class": "expand_dims", "axis": "spatial", "from": "data"}}"#
        #expect(try buildLayersANetwork(s).node("output")!.output == DataTemplate(hasTime: true, timeDim: layersATime, spatial: [1], featureDim: 6))
        expectFixture(try runLayersA(s), "expand_dims_spatial")
        let f = #"{"output": {"class": "expand_dims", "axis": "F", "dim": 2, "from": "data"}}"#
        #expect(try buildLayersANetwork(f).node("output")!.output == DataTemplate(hasTime: true, timeDim: layersATime, spatial: [6], featureDim: 2))
        expectFixture(try runLayersA(f), "expand_dims_f")
        expectFixture(try runLayersA(#"{"output": {"class": "expand_dims", "axis": 2, "from": "data"}}"#), "expand_dims_spatial")
    }

    @Test func gradients() throws {
        try expectLayersAGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "e": {"class": "expand_dims", "axis": "spatial", "dim": 3, "from": "l"},
             "r": {"class": "reduce", "mode": "sum", "axes": "s:1", "from": "e"},
             "output": {"class": "softmax", "loss": "ce", "from": "r"}}
            """)
    }

    @Test func errors() {
        let pos = layersAError(#"{"output": {"class": "expand_dims", "axis": 1, "from": "data"}}"#)
        #expect(pos?.message.contains("after the batch and time") == true, "\(String(describing: pos))")
        let name = layersAError(#"{"output": {"class": "expand_dims", "axis": "X", "from": "data"}}"#)
        #expect(name?.kind == .invalidOption)
        let dim = layersAError(#"{"output": {"class": "expand_dims", "axis": "F", "dim": 0, "from": "data"}}"#)
        #expect(dim?.kind == .invalidOption)
    }
}
