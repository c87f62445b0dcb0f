import Testing

@testable import ReturnnNetwork

/// `window`: same/valid padding against numpy with padded frames masked, gradients, errors.
@Suite struct WindowLayerTests {
    @Test func valuesMatchNumpy() throws {
        let same = #"{"output": {"class": "window", "window_size": 3, "from": "data"}}"#
        #expect(try buildLayersANetwork(same).node("output")!.output == DataTemplate(hasTime: true, timeDim: layersATime, spatial: [3], featureDim: 6))
        expectFixture(try runLayersA(same), "window_same")
        expectFixture(try runLayersA(#"{"output": {"class": "window", "window_size": 3, "window_left": 0, "from": "data"}}"#), "window_left")
        expectFixture(try runLayersA(#"{"output": {"class": "window", "window_size": 3, "window_right": 2, "from": "data"}}"#), "window_left")
        let valid = #"{"output": {"class": "window", "window_size": 2, "padding": "valid", "from": "data"}}"#
        #expect(try buildLayersANetwork(valid).node("output")!.output.timeDim != layersATime)
        expectFixture(try runLayersA(valid), "window_valid")
        expectFixture(try runLayersA(#"{"output": {"class": "window", "window_size": 3, "stride": 2, "from": "data"}}"#), "window_stride")
        expectFixture(try runLayersA(#"{"output": {"class": "window", "window_size": 2, "padding": "valid", "stride": 2, "from": "data"}}"#),
                      "window_valid_stride")
    }

    @Test func gradients() throws {
        try expectLayersAGradients("""
            {"l": {"class": "linear", "n_out": 3, "activation": "tanh", "from": "data"},
             "w": {"class": "window", "window_size": 3, "from": "l"},
             "m": {"class": "merge_dims", "axes": "static", "from": "w"},
             "output": {"class": "softmax", "loss": "ce", "from": "m"}}
            """)
        try expectLayersAGradients("""
            {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
             "w": {"class": "window", "window_size": 2, "stride": 2, "padding": "valid", "from": "l"},
             "r": {"class": "reduce", "mode": "max", "axes": ["T", "s:1"], "from": "w"},
             "c": {"class": "combine", "kind": "add", "from": ["l", "r"]},
             "output": {"class": "softmax", "loss": "ce", "from": "c"}}
            """)
    }

    @Test func errors() {
        let sum = layersAError(#"{"output": {"class": "window", "window_size": 3, "window_left": 2, "window_right": 2, "from": "data"}}"#)
        #expect(sum?.message.contains("must equal window_size") == true, "\(String(describing: sum))")
        let valid = layersAError(#"{"output": {"class": "window", "window_size": 3, "window_left": 0, "padding": "valid", "from": "data"}}"#)
        #expect(valid?.kind == .invalidOption)
        let axis = layersAError(#"{"output": {"class": "window", "window_size": 3, "axis": "F", "from": "data"}}"#)
        #expect(axis?.message.contains("only the time axis") == true)
        let stride = layersAError(#"{"output": {"class": "window", "window_size": 3, "stride": 0, "from": "data"}}"#)
        #expect(stride?.kind == .invalidOption)
        let pad = layersAError(#"{"output": {"class": "window", "window_size": 3, "padding": "full", "from": "data"}}"#)
        #expect(pad?.kind == .invalidOption)
    }
}
