import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

@Suite struct ConvLayerTests {
    @Test func matchesNumpyReference() throws {
        let names = try LayersBFixture.check(prefix: "conv")
        #expect(names.count == 6)
    }

    @Test func parametersTemplatesAndTimeTags() throws {
        let net = try buildNetwork("""
            network = {
                "c1": {"class": "conv", "filter_size": (3,), "padding": "same", "n_out": 5, "with_bias": True},
                "c2": {"class": "conv", "filter_size": (3, 2), "padding": "valid", "strides": (2, 1), "n_out": 4,
                       "input_add_feature_dim": True, "from": "c1", "is_output_layer": True},
                "output": {"class": "softmax", "loss": "ce", "from": "c1"},
            }
            """, inDim: 3)
        #expect(net.parameters.map(\.name) == ["c1/W", "c1/bias", "c2/W", "output/W", "output/b"])
        #expect(net.parameters.first { $0.name == "c1/W" }!.shape == [3, 3, 5])
        #expect(net.parameters.first { $0.name == "c2/W" }!.shape == [3, 2, 1, 4])
        #expect(net.node("c1")!.output == DataTemplate(hasTime: true, timeDim: net.externData["data"]!.timeDim, featureDim: 5))
        #expect(net.node("c2")!.output == DataTemplate(hasTime: true, timeDim: net.externData["data"]!.timeDim!.plus(-2).ceilDiv(2), spatial: [4], featureDim: 4))
    }

    @Test func withBiasDefaultsToFalse() throws {
        let net = try buildNetwork("""
            network = {"output": {"class": "conv", "filter_size": (2,), "padding": "same", "n_out": 4, "loss": "ce"}}
            """)
        #expect(net.parameters.map(\.name) == ["output/W"])
    }

    @Test func gradientsThroughConv1dIntoSoftmax() throws {
        let net = try buildNetwork("""
            network = {
                "c": {"class": "conv", "filter_size": (3,), "padding": "same", "dilation_rate": 2, "n_out": 4,
                      "with_bias": True, "activation": "tanh"},
                "output": {"class": "softmax", "loss": "ce", "from": "c"},
            }
            """)
        let failures = try checkNetworkGradients(net, data: makeBatch(lengths: [6, 4], inDim: 3, classes: 4))
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func gradientsThroughStrided2dConv() throws {
        let net = try buildNetwork("""
            network = {
                "h": {"class": "linear", "activation": "tanh", "n_out": 6},
                "c": {"class": "conv", "filter_size": (2, 3), "padding": "same", "strides": (2, 2), "n_out": 3,
                      "with_bias": True, "input_split_feature_dim": 2, "use_time_mask": True, "from": "h", "is_output_layer": True},
            }
            """)
        let data = makeBatch(lengths: [5, 3], inDim: 3, classes: 4)
        let failures = try checkLayerGradients(net, data: data, layer: "c")
        #expect(failures.isEmpty, "\(failures)")
        let out = try net.run(data: data, parameters: net.initialParameters(seed: 1), tape: Tape(recording: false), isTraining: false)
        #expect(out.values["c"]!.shape == [2, 3, 2, 3])
        #expect(out.values["c"]!.seqLens!.array == [3, 2])
    }

    @Test func useTimeMaskZeroesPaddedInputFrames() throws {
        let config = """
            network = {"c": {"class": "conv", "filter_size": (3,), "padding": "same", "n_out": 2, "use_time_mask": True,
                             "is_output_layer": True}}
            """
        let net = try buildNetwork(config)
        var data = makeBatch(lengths: [4, 2], inDim: 3, classes: 4)
        let params = net.initialParameters(seed: 2)
        let a = try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false).values["c"]!
        var x = data["data"]!.dense.value
        x.withUnsafeMutableBufferPointer { p in for i in (4 * 3 + 2 * 3)..<(8 * 3) { p[i] = 100 } }  // padding of seq 1
        data["data"] = LayerValue(values: Variable(x), seqLens: data["data"]!.seqLens)
        let b = try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false).values["c"]!
        #expect(a.dense.value == b.dense.value)
    }

    @Test func constructionErrors() throws {
        let sparse = ExternData([("data", ExternData.template(key: "data", dim: 5, sparse: true)),
                                 ("classes", ExternData.template(key: "classes", dim: 4, sparse: true))])
        let e1 = networkError {
            _ = try buildNetwork(#"network = {"output": {"class": "conv", "filter_size": (3,), "padding": "same", "n_out": 4}}"#,
                                 externData: sparse)
        }
        #expect(e1?.kind == .sparseMismatch && e1?.layer == "output")
        let e2 = networkError {
            _ = try buildNetwork(#"network = {"output": {"class": "conv", "filter_size": (3,), "padding": "full", "n_out": 4}}"#)
        }
        #expect(e2?.kind == .invalidOption && e2!.message.contains("\"same\" or \"valid\""))
        let e3 = networkError {
            _ = try buildNetwork(#"network = {"output": {"class": "conv", "filter_size": (3, 3), "padding": "same", "n_out": 4}}"#)
        }
        #expect(e3?.kind == .dimensionMismatch && e3!.message.contains("input_add_feature_dim"))
        let e4 = networkError {
            _ = try buildNetwork(#"network = {"output": {"class": "conv", "filter_size": (3,), "n_out": 4}}"#)
        }
        #expect(e4?.kind == .invalidOption && e4!.message.contains("padding"))
        let e5 = networkError {
            _ = try buildNetwork(#"network = {"output": {"class": "conv", "filter_size": (2, 9), "padding": "valid", "n_out": 4, "input_add_feature_dim": True}}"#)
        }
        #expect(e5?.kind == .dimensionMismatch && e5!.message.contains("does not fit"))
        let e6 = networkError {
            _ = try buildNetwork(#"network = {"output": {"class": "conv", "filter_size": (2,), "padding": "same", "strides": (1, 2), "n_out": 4}}"#)
        }
        #expect(e6?.kind == .invalidOption && e6!.message.contains("strides"))
        let e7 = networkError {
            _ = try buildNetwork(#"network = {"output": {"class": "conv", "filter_size": (2,), "padding": "same", "n_out": 4, "filter_sise": 1}}"#)
        }
        #expect(e7?.kind == .unknownOption)
    }

    static let upstreamCases = ["conv_groups", "conv_depthwise", "conv_depthwise_same_dilated", "conv_2d_static", "conv_2d_groups_valid",
                                "conv_2d_depthwise", "conv_in_spatial_time_extra_axis", "conv_2d_in_spatial_reordered"]

    /// Groups, depthwise, 2-D over two static axes, extra axes as batch, reordered `in_spatial_dims`:
    /// values, templates, lengths and gradients against upstream RETURNN.
    @Test func matchesUpstream() throws {
        for name in Self.upstreamCases { try LayersMathFixture.shared.check(name) }
    }

    @Test func templatesOfTheNewAxes() throws {
        let f = LayersMathFixture.shared
        let win = try f.build(#"{"s": {"class": "split_dims", "from": "data", "axis": "F", "dims": (2, 3)}, "output": {"class": "conv", "from": "s", "filter_size": (2,), "padding": "valid", "n_out": 5, "in_spatial_dims": ["T"]}}"#)
        let time = win.externData["data"]!.timeDim!
        let t = win.node("output")!.output
        #expect(t.dims.count == 4 && t.dims[1].size == 2 && t.dims[2] == time.plus(-1) && t.featureDim == 5)
        #expect(t.timeDim == time.plus(-1))
        let img = try f.build(#"{"output": {"class": "conv", "from": "data:img", "filter_size": (3, 2), "padding": "valid", "n_out": 6, "groups": 3}}"#)
        #expect(img.parameters.map(\.shape) == [[3, 2, 1, 6]])
        #expect(img.node("output")!.output.dims.map { $0.size } == [nil, 2, 4, 6])
        let same = try f.build(#"{"output": {"class": "conv", "from": "data", "filter_size": (3,), "padding": "same", "n_out": 12, "groups": 6}}"#)
        #expect(same.node("output")!.output.timeDim == same.externData["data"]!.timeDim)
    }

    @Test func finiteDifferencesGroups() throws {
        for name in Self.upstreamCases {
            let failures = try LayersMathFixture.shared.finiteDifferences(name, keys: [name.contains("2d") && !name.contains("time") ? "img" : "data"])
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    @Test func groupAndAxisErrors() {
        let groups = mathLayerError(#"{"output": {"class": "conv", "from": "data", "filter_size": (3,), "padding": "same", "n_out": 4, "groups": 4}}"#)
        #expect(groups?.message.contains("groups=4 must be positive and divide the input channels 6 and n_out 4") == true, "\(String(describing: groups))")
        let three = mathLayerError(#"{"s": {"class": "split_dims", "from": "data:img", "axis": "F", "dims": (3, 1)}, "output": {"class": "conv", "from": "s", "filter_size": (1, 1, 1), "padding": "same", "n_out": 4}}"#)
        #expect(three?.message.contains("only 1-D and 2-D") == true, "\(String(describing: three))")
        let feature = mathLayerError(#"{"output": {"class": "conv", "from": "data", "filter_size": (3,), "padding": "same", "n_out": 4, "in_spatial_dims": ["F"]}}"#)
        #expect(feature?.message.contains("names the feature axis") == true)
        let filter = mathLayerError(#"{"output": {"class": "conv", "from": "data", "filter_size": (3,), "padding": "same", "n_out": 4, "filter": "x"}}"#)
        #expect(filter?.message.contains("filter from another layer is not supported") == true)
    }
}
