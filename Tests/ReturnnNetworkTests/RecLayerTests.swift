import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

@Suite struct RecLayerTests {
    @Test func unitsMatchNumpyStepByStepReference() throws {
        let names = try LayersBFixture.check(prefix: "rec_")
        #expect(names.count == 6)
    }

    @Test func gruAndRnnParameterLayout() throws {
        let net = try buildNetwork("""
            network = {
                "g": {"class": "rec", "unit": "GRUCell", "n_out": 4},
                "r": {"class": "rec", "unit": "BasicRNN", "n_out": 2, "from": "g", "is_output_layer": True},
            }
            """)
        let shapes = Dictionary(uniqueKeysWithValues: net.parameters.map { ($0.name, $0.shape) })
        #expect(shapes == [
            "g/rec/gru_cell/gates/kernel": [7, 8], "g/rec/gru_cell/gates/bias": [8],
            "g/rec/gru_cell/candidate/kernel": [7, 4], "g/rec/gru_cell/candidate/bias": [4],
            "r/rec/basic_rnn_cell/kernel": [6, 2], "r/rec/basic_rnn_cell/bias": [2],
        ])
        let p = net.initialParameters(seed: 1)
        #expect(p["g/rec/gru_cell/gates/bias"]!.array.allSatisfy { $0 == 1 })
        #expect(p["g/rec/gru_cell/candidate/bias"]!.array.allSatisfy { $0 == 0 })
        let rnn = try buildNetwork(#"network = {"r": {"class": "rec", "unit": "vanillarnn", "n_out": 2, "recurrent_weights_init": 0.5, "is_output_layer": True}}"#)
        #expect(rnn.initialParameters(seed: 1)["r/rec/basic_rnn_cell/kernel"]!.array.allSatisfy { $0 == 0.5 })
    }

    @Test(arguments: ["gru", "rnn"])
    func gradientsBothDirections(unit: String) throws {
        let net = try buildNetwork("""
            network = {
                "fw": {"class": "rec", "unit": "\(unit)", "n_out": 3},
                "bw": {"class": "rec", "unit": "\(unit)", "n_out": 3, "direction": -1},
                "output": {"class": "softmax", "loss": "ce", "from": ["fw", "bw"]},
            }
            """)
        let failures = try checkNetworkGradients(net, data: makeBatch(lengths: [5, 3], inDim: 3, classes: 4))
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func paddedFramesGiveZeroOutput() throws {
        let net = try buildNetwork(#"network = {"g": {"class": "rec", "unit": "gru", "n_out": 3, "direction": -1, "is_output_layer": True}}"#)
        let data = makeBatch(lengths: [4, 2], inDim: 3, classes: 4)
        let y = try net.run(data: data, parameters: net.initialParameters(seed: 4), tape: Tape(recording: false), isTraining: false)
            .values["g"]!.dense.value
        #expect((2..<4).allSatisfy { t in (0..<3).allSatisfy { y[1, t, $0] == 0 } })
        #expect((0..<3).contains { y[1, 1, $0] != 0 })
    }

    @Test func constructionErrors() throws {
        let e1 = networkError {
            _ = try buildNetwork(#"network = {"g": {"class": "rec", "unit": "gruu", "n_out": 3, "is_output_layer": True}}"#)
        }
        #expect(e1?.kind == .invalidOption && e1!.message.contains("did you mean 'gru'"))
        let sparse = ExternData([("data", ExternData.template(key: "data", dim: 5, sparse: true))])
        let e2 = networkError {
            _ = try buildNetwork(#"network = {"g": {"class": "rec", "unit": "gru", "n_out": 3, "is_output_layer": True}}"#, externData: sparse)
        }
        #expect(e2?.kind == .sparseMismatch)
    }
}
