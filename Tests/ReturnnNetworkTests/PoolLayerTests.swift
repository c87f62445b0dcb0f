import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

@Suite struct PoolLayerTests {
    @Test func matchesNumpyReference() throws {
        let names = try LayersBFixture.check(prefix: "pool")
        #expect(names.count == 5)
    }

    @Test func templatesAndTimeTags() throws {
        let net = try buildNetwork("""
            network = {
                "p1": {"class": "pool", "mode": "max", "pool_size": (3,), "strides": 1, "padding": "same"},
                "p2": {"class": "pool", "mode": "avg", "pool_size": (2,), "from": "p1", "is_output_layer": True},
                "output": {"class": "softmax", "loss": "ce", "from": "p1"},
            }
            """)
        #expect(net.node("p1")!.output == DataTemplate(hasTime: true, timeDim: net.externData["data"]!.timeDim, featureDim: 3))
        // pool_size 2 with the default padding "valid" and strides = pool_size: ⌈(T-1)/2⌉, a tag
        // derived from the data's time axis (equal to any other tag derived the same way).
        let time = net.externData["data"]!.timeDim!
        #expect(net.node("p2")!.output == DataTemplate(hasTime: true, timeDim: time.plus(-1).ceilDiv(2), featureDim: 3))
        #expect(net.node("p2")!.output.timeDim != time && net.node("p2")!.output.timeDim != time.ceilDiv(2))
        #expect(net.parameters.map(\.name) == ["output/W", "output/b"])
    }

    @Test(arguments: ["max", "avg"])
    func gradientsThroughPooling(mode: String) throws {
        let same = try buildNetwork("""
            network = {
                "h": {"class": "linear", "activation": "tanh", "n_out": 5},
                "p": {"class": "pool", "mode": "\(mode)", "pool_size": (3,), "strides": 1, "padding": "same", "from": "h"},
                "output": {"class": "softmax", "loss": "ce", "from": "p"},
            }
            """)
        let data = makeBatch(lengths: [6, 4], inDim: 3, classes: 4)
        let f1 = try checkNetworkGradients(same, data: data)
        #expect(f1.isEmpty, "\(f1)")
        let strided2d = try buildNetwork("""
            network = {
                "h": {"class": "linear", "activation": "tanh", "n_out": 6},
                "c": {"class": "conv", "filter_size": (1, 1), "padding": "same", "n_out": 2, "input_split_feature_dim": 2, "from": "h"},
                "p": {"class": "pool", "mode": "\(mode)", "pool_size": (2, 2), "padding": "same", "from": "c", "is_output_layer": True},
            }
            """)
        let f2 = try checkLayerGradients(strided2d, data: data, layer: "p")
        #expect(f2.isEmpty, "\(f2)")
    }

    @Test func constructionErrors() throws {
        let noTime = ExternData([("data", ExternData.template(key: "data", dim: 3, sparse: false, hasTime: false)),
                                 ("classes", ExternData.template(key: "classes", dim: 4, sparse: true))])
        let e1 = networkError {
            _ = try buildNetwork(#"network = {"p": {"class": "pool", "mode": "max", "pool_size": (2,), "is_output_layer": True}}"#,
                                 externData: noTime)
        }
        #expect(e1?.kind == .dimensionMismatch && e1!.message.contains("no time axis"))
        let e2 = networkError {
            _ = try buildNetwork(#"network = {"p": {"class": "pool", "mode": "min", "pool_size": (2,), "is_output_layer": True}}"#)
        }
        #expect(e2?.kind == .invalidOption && e2!.message.contains("\"max\" or \"avg\""))
        let e3 = networkError {
            _ = try buildNetwork(#"network = {"p": {"class": "pool", "mode": "max", "pool_size": (2,), "padding": "causal", "is_output_layer": True}}"#)
        }
        #expect(e3?.kind == .invalidOption && e3!.message.contains("padding"))
        let e4 = networkError {
            _ = try buildNetwork(#"network = {"p": {"class": "pool", "mode": "max", "is_output_layer": True}}"#)
        }
        #expect(e4?.kind == .invalidOption && e4!.message.contains("pool_size"))
        let sparse = ExternData([("data", ExternData.template(key: "data", dim: 5, sparse: true))])
        let e5 = networkError {
            _ = try buildNetwork(#"network = {"p": {"class": "pool", "mode": "max", "pool_size": (2,), "is_output_layer": True}}"#,
                                 externData: sparse)
        }
        #expect(e5?.kind == .sparseMismatch)
    }
}
