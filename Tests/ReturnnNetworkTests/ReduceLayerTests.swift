import Testing

@testable import ReturnnNetwork

/// `reduce`: modes over time (masked padding), feature and static axes against numpy, gradients, errors.
@Suite struct ReduceLayerTests {
    static func net(_ mode: String, _ axes: String, from: String = "data", extra: String = "") -> String {
        #"{"w": {"class": "window", "window_size": 3, "from": "data"}, "output": {"class": "reduce", "mode": "\#(mode)", "axes": \#(axes), "from": "\#(from)"\#(extra)}}"#
    }

    @Test func overTimeIgnoresPaddedFrames() throws {
        let t = try buildLayersANetwork(Self.net("sum", #""T""#)).node("output")!.output
        #expect(t == DataTemplate(hasTime: false, featureDim: 6))
        expectFixture(try runLayersA(Self.net("sum", #""T""#)), "reduce_sum_t")
        expectFixture(try runLayersA(Self.net("mean", #""T""#)), "reduce_mean_t")
        expectFixture(try runLayersA(Self.net("max", #""T""#)), "reduce_max_t")
        expectFixture(try runLayersA(Self.net("min", #""T""#)), "reduce_min_t")
        expectFixture(try runLayersA(Self.net("mean", #"["T", "F"]"#)), "reduce_mean_tf")
        expectFixture(try runLayersA(Self.net("logsumexp", #""T""#)), "reduce_logsumexp_t")
        let argmin = try runLayersA(Self.net("argmin", #""T""#))
        #expect(argmin.ints != nil)
        expectFixture(argmin, "reduce_argmin_t")
    }

    @Test func argmaxAndLogsumexpOverFeatures() throws {
        let body = Self.net("argmax", #""F""#)
        #expect(try buildLayersANetwork(body).node("output")!.output == .sparse(dim: 6, hasTime: true, timeDim: layersATime))
        expectFixture(try runLayersA(body), "reduce_argmax_f")
        expectFixture(try runLayersA(Self.net("logsumexp", #""F""#)), "reduce_logsumexp_f")
        let w = try buildLayersANetwork(Self.net("argmax", #""F""#, from: "w")).node("output")!.output
        #expect(w.sparseDim == 6 && w.spatial == [3] && w.featureDim == nil)
        let two = layersAError(Self.net("argmax", #"["T", "F"]"#))
        #expect(two?.message.contains("exactly one axis") == true, "\(String(describing: two))")
    }

    @Test func staticAxes() throws {
        expectFixture(try runLayersA(Self.net("sum", #""F""#)), "reduce_sum_f")
        expectFixture(try runLayersA(Self.net("max", #""F""#)), "reduce_max_f")
        let w = try buildLayersANetwork(Self.net("mean", #""static""#, from: "w")).node("output")!.output
        #expect(w == DataTemplate(hasTime: true, timeDim: layersATime, featureDim: nil))
        expectFixture(try runLayersA(Self.net("mean", #""static""#, from: "w")), "reduce_mean_static_window")
        let k = #"{"output": {"class": "reduce", "mode": "sum", "axis": "F", "keep_dims": True, "from": "data"}}"#
        #expect(try buildLayersANetwork(k).node("output")!.output.featureDim == 1)
        expectFixture(try runLayersA(k), "reduce_keep_dims_f")
        // Reducing the feature axis of [B,T,W,F] makes W the feature axis.
        let wf = try buildLayersANetwork(Self.net("sum", #""F""#, from: "w")).node("output")!.output
        #expect(wf.featureDim == 3 && wf.spatial.isEmpty)
    }

    @Test func gradients() throws {
        for mode in ["sum", "mean", "max", "min", "logsumexp"] {
            try expectLayersAGradients("""
                {"l": {"class": "linear", "n_out": 4, "activation": "tanh", "from": "data"},
                 "r": {"class": "reduce", "mode": "\(mode)", "axes": "T", "from": "l"},
                 "c": {"class": "combine", "kind": "add", "from": ["l", "r"]},
                 "output": {"class": "softmax", "loss": "ce", "from": "c"}}
                """)
        }
    }

    @Test func errors() {
        let mode = layersAError(Self.net("summ", #""T""#))
        #expect(mode?.message.contains("did you mean 'sum'") == true, "\(String(describing: mode))")
        let both = layersAError(#"{"output": {"class": "reduce", "mode": "sum", "axes": "T", "axis": "F", "from": "data"}}"#)
        #expect(both?.message.contains("not both") == true)
        let none = layersAError(#"{"output": {"class": "reduce", "mode": "sum", "from": "data"}}"#)
        #expect(none?.message.contains("needs 'axes'") == true)
        let batch = layersAError(Self.net("sum", #""B""#))
        #expect(batch?.message.contains("batch") == true)
        let keep = layersAError(Self.net("sum", #""T""#, extra: #", "keep_dims": True"#))
        #expect(keep?.message.contains("keep_dims") == true)
        let missing = layersAError(#"{"output": {"class": "reduce", "mode": "sum", "axes": "F", "from": "data:classes"}}"#)
        #expect(missing?.kind == .sparseMismatch)
    }
}
