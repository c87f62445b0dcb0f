import ReturnnConfig
import ReturnnTensor
import Testing
@testable import ReturnnNetwork

/// `extern_data` with dim tags: `dims`/`dim_tags`, `sparse_dim`, `same_dim_tags_as`,
/// `available_for_inference`, and the old `dim`/`shape`/`sparse` form.
@Suite struct ExternDataTests {
    @Test func dimTagsAndSharedTimeAxes() throws {
        let config = try loadNetConfig("""
            from returnn.tensor import Dim, batch_dim, SpatialDim, FeatureDim
            time_dim = SpatialDim("time")
            feat = FeatureDim("feature", 40)
            classes = FeatureDim("classes", 10)
            extern_data = {
                "data": {"dims": [batch_dim, time_dim, feat]},
                "classes": {"dim_tags": [batch_dim, time_dim], "sparse_dim": classes},
                "alignment": {"dim": 10, "sparse": True, "same_dim_tags_as": {"t": time_dim}},
                "speaker": {"shape": (), "dim": 5, "sparse": True},
                "out": {"dim": 7},
            }
            network = {}
            """)
        let ed = try #require(try ExternData.fromConfig(config))
        let data = try #require(ed["data"]), classes = try #require(ed["classes"]), ali = try #require(ed["alignment"])
        #expect(data.rank == 3 && data.featureDim == 40 && data.timeDim != nil && !data.isSparse)
        #expect(classes.isSparse && classes.sparseDim == 10 && classes.rank == 2)
        // One config tag, one axis: data, classes and alignment share the time axis.
        #expect(data.timeDim == classes.timeDim && ali.timeDim == data.timeDim)
        #expect(ed["out"]!.timeDim != data.timeDim)
        #expect(ed["speaker"]!.rank == 1 && ed["speaker"]!.isSparse)
        #expect(ed.notForInference == ["classes", "alignment", "speaker", "out"])
        #expect(data.description == "[B,T|'time',F|'feature'(40)]")
    }

    @Test func badEntriesAreLocated() throws {
        for (src, fragment) in [
            ("extern_data = {'data': {'dims': [1, 2]}}", "dims must be dim tags"),
            ("from returnn.tensor import FeatureDim\nextern_data = {'data': {'dim': 3, 'sparse_dim': 3}}", "sparse_dim must be a dim tag"),
            ("from returnn.tensor import SpatialDim\nextern_data = {'data': {'dim': 3, 'same_dim_tags_as': {'x': SpatialDim('t')}}}", "is not an axis"),
            ("extern_data = {'data': {'dim': 3, 'dimz': 1}}", "did you mean"),
        ] {
            let config = try loadNetConfig(src + "\nnetwork = {}")
            var err: ConfigError?
            do { _ = try ExternData.fromConfig(config) } catch let e as ConfigError { err = e }
            #expect(err?.message.contains(fragment) == true, "\(src): \(String(describing: err))")
            #expect(err?.location != nil)
        }
    }
}

/// Layer options given as dim tags: `out_dim`, `in_dim`, `axis`, and the `stag:`/`dim:` strings.
@Suite struct DimTagOptionTests {
    static let prolog = """
        from returnn.tensor import Dim, batch_dim, SpatialDim, FeatureDim
        time_dim = SpatialDim("time")
        in_dim = FeatureDim("in", 3)
        hidden = FeatureDim("hidden", 7)
        classes = FeatureDim("classes", 4)
        extern_data = {"data": {"dims": [batch_dim, time_dim, in_dim]}, "classes": {"dims": [batch_dim, time_dim], "sparse_dim": classes}}

        """

    @Test func outDimTagsAreTheOutputAxes() throws {
        let net = try buildNetwork(Self.prolog + """
            network = {
                "h": {"class": "linear", "out_dim": hidden, "in_dim": in_dim, "activation": "tanh"},
                "m": {"class": "reduce", "mode": "max", "axis": time_dim, "from": "h", "is_output_layer": True},
                "s": {"class": "reduce", "mode": "sum", "axis": "stag:time", "from": "h", "is_output_layer": True},
                "d": {"class": "reduce", "mode": "sum", "axis": "dim:7", "from": "h", "is_output_layer": True},
                "output": {"class": "softmax", "loss": "ce", "out_dim": classes, "from": "h"},
            }
            """)
        let h = try #require(net.node("h")).output
        #expect(h.featureDim == 7 && h.timeDim == net.externData["data"]!.timeDim)
        #expect(h.featureTag!.name == "hidden")
        #expect(net.node("m")!.output.hasTime == false && net.node("s")!.output.hasTime == false)
        #expect(net.node("d")!.output.featureDim == nil && net.node("d")!.output.hasTime)
    }

    @Test func mismatchesNameTheTags() throws {
        for (layer, fragment) in [
            (#""h": {"class": "linear", "out_dim": hidden, "n_out": 5}"#, "n_out 5 and out_dim F|'hidden'(7) disagree"),
            (#""h": {"class": "linear", "out_dim": time_dim}"#, "out_dim T|'time' is dynamic"),
            (#""h": {"class": "linear", "n_out": 5, "in_dim": hidden}"#, "in_dim F|'hidden'(7) does not match the feature dim F|'in'(3) of the input from 'data'"),
            (#""h": {"class": "reduce", "mode": "max", "axis": SpatialDim("other")}"#, "is the dim tag T|'other', which the input from 'data' [B,T|'time',"),
            (#""h": {"class": "reduce", "mode": "max", "axis": "stag:nope"}"#, "names no axis"),
        ] {
            let e = networkError { _ = try buildNetwork(Self.prolog + "network = {\(layer), \"output\": {\"class\": \"copy\", \"from\": \"h\"}}") }
            #expect(e?.message.contains(fragment) == true, "\(layer): \(String(describing: e))")
            #expect(e?.layer == "h")
        }
    }
}
