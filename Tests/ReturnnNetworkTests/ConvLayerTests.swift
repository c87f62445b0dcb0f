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
}
