import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

@Suite struct LayerNormLayerTests {
    @Test func matchesNumpyReference() throws {
        let names = try LayersBFixture.check(prefix: "layer_norm")
        #expect(names == ["layer_norm"])
    }

    @Test func parametersAndGradients() throws {
        let net = try buildNetwork("""
            network = {
                "h": {"class": "linear", "activation": "tanh", "n_out": 5},
                "ln": {"class": "layer_norm", "epsilon": 1e-3, "from": "h"},
                "output": {"class": "softmax", "loss": "ce", "from": "ln"},
            }
            """)
        #expect(net.parameters.filter { $0.layer == "ln" }.map(\.name) == ["ln/scale", "ln/bias"])
        #expect(net.node("ln")!.output == DataTemplate(hasTime: true, timeDim: net.externData["data"]!.timeDim, featureDim: 5))
        let params = net.initialParameters(seed: 1)
        #expect(params["ln/scale"]!.array == [1, 1, 1, 1, 1] && params["ln/bias"]!.array == [0, 0, 0, 0, 0])
        let failures = try checkNetworkGradients(net, data: makeBatch(lengths: [4, 2], inDim: 3, classes: 4))
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func constructionErrors() throws {
        let sparse = ExternData([("data", ExternData.template(key: "data", dim: 5, sparse: true))])
        let e1 = networkError {
            _ = try buildNetwork(#"network = {"ln": {"class": "layer_norm", "is_output_layer": True}}"#, externData: sparse)
        }
        #expect(e1?.kind == .sparseMismatch)
        let e2 = networkError {
            _ = try buildNetwork(#"network = {"ln": {"class": "layer_norm", "epsilon": -1, "is_output_layer": True}}"#)
        }
        #expect(e2?.kind == .invalidOption)
    }
}
