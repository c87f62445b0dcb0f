import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

@Suite struct BatchNormLayerTests {
    @Test func matchesNumpyReferenceIncludingRunningStatistics() throws {
        let names = try LayersBFixture.check(prefix: "batch_norm")
        #expect(names.count == 4)
    }

    @Test func parameterNamesAndShapesPerVersion() throws {
        let v0 = try buildNetwork(#"network = {"bn": {"class": "batch_norm", "is_output_layer": True}}"#)
        #expect(v0.parameters.map(\.name) == ["bn/batch_norm/bn_bn_output_mean", "bn/batch_norm/bn_bn_output_variance",
                                              "bn/batch_norm/bn_bn_output_gamma", "bn/batch_norm/bn_bn_output_beta"])
        #expect(v0.parameters.allSatisfy { $0.shape == [1, 1, 3] })
        let v2 = try buildNetwork(#"network = {"bn": {"class": "batch_norm", "param_version": 2, "use_shift": False, "is_output_layer": True}}"#)
        #expect(v2.parameters.map(\.name) == ["bn/batch_norm/v2_mean", "bn/batch_norm/v2_variance", "bn/batch_norm/v2_gamma"])
        #expect(v2.parameters.allSatisfy { $0.shape == [3] })
        let init2 = v2.initialParameters(seed: 1)
        #expect(init2["bn/batch_norm/v2_mean"]!.array == [0, 0, 0] && init2["bn/batch_norm/v2_variance"]!.array == [1, 1, 1])
        let layer = v2.node("bn")!.layer as! BatchNormLayer
        #expect(layer.stateParameterNames == ["bn/batch_norm/v2_mean", "bn/batch_norm/v2_variance"])
    }

    /// Training normalizes with the batch statistics (gradients flow through them); eval with the
    /// running statistics, which are constants (non-trainable state, as upstream). With the default
    /// `update_sample_only_in_training=False` eval would use the freshly updated statistics, again
    /// as constants (upstream reads them back from the variable), so eval is checked with the
    /// update restricted to training.
    @Test(arguments: [true, false])
    func gradients(isTraining: Bool) throws {
        let net = try buildNetwork("""
            network = {
                "h": {"class": "linear", "activation": "tanh", "n_out": 4},
                "bn": {"class": "batch_norm", "param_version": 2, "momentum": 0.1,
                       "update_sample_only_in_training": True, "from": "h"},
                "output": {"class": "linear", "n_out": 3, "from": "bn", "is_output_layer": True},
            }
            """)
        let data = makeBatch(lengths: [5, 3], inDim: 3, classes: 4)
        let failures = try checkLayerGradients(net, data: data, layer: "output", isTraining: isTraining)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func trainingWithDefaultsKeepsGradientsOfTheBatchStatistics() throws {
        let net = try buildNetwork("""
            network = {
                "h": {"class": "linear", "activation": "tanh", "n_out": 4},
                "bn": {"class": "batch_norm", "from": "h"},
                "output": {"class": "linear", "n_out": 3, "from": "bn", "is_output_layer": True},
            }
            """)
        let failures = try checkLayerGradients(net, data: makeBatch(lengths: [5, 3], inDim: 3, classes: 4), layer: "output",
                                               isTraining: true)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func updateOnlyInTrainingLeavesEvalStateAlone() throws {
        let net = try buildNetwork("""
            network = {"bn": {"class": "batch_norm", "update_sample_only_in_training": True, "delay_sample_update": True,
                              "param_version": 2, "momentum": 0.5, "is_output_layer": True}}
            """)
        let data = makeBatch(lengths: [4, 4], inDim: 3, classes: 4)
        let layer = net.node("bn")!.layer as! BatchNormLayer
        let params = net.initialParameters(seed: 1).mapValues { Variable($0) }
        let eval = ForwardContext(tape: Tape(recording: false), isTraining: false, parameters: params, data: data)
        #expect(try layer.forwardWithState([data["data"]!], eval).state.isEmpty)
        // With a delayed update, training output uses the batch statistics and eval output the old running ones.
        let train = ForwardContext(tape: Tape(recording: false), isTraining: true, parameters: params, data: data)
        let (out, state) = try layer.forwardWithState([data["data"]!], train)
        #expect(state.count == 2)
        let y = out.dense.value.array
        for f in 0..<3 {
            let col = stride(from: f, to: y.count, by: 3).map { Double(y[$0]) }
            #expect(Swift.abs(col.reduce(0, +) / Double(col.count)) < 1e-4)
        }
        let x = data["data"]!.dense.value.array
        let evalOut = try layer.forwardWithState([data["data"]!], eval).output.dense.value.array
        for (a, b) in zip(evalOut, x) { #expect(Swift.abs(a - b / Float(1.001).squareRoot()) < 1e-5) }
    }

    @Test func constructionErrors() throws {
        let e1 = networkError {
            _ = try buildNetwork(#"network = {"bn": {"class": "batch_norm", "param_version": 3, "is_output_layer": True}}"#)
        }
        #expect(e1?.kind == .invalidOption && e1!.message.contains("param_version"))
        let e2 = networkError {
            _ = try buildNetwork(#"network = {"bn": {"class": "batch_norm", "momentum": 1.5, "is_output_layer": True}}"#)
        }
        #expect(e2?.kind == .invalidOption)
        let sparse = ExternData([("data", ExternData.template(key: "data", dim: 5, sparse: true))])
        let e3 = networkError {
            _ = try buildNetwork(#"network = {"bn": {"class": "batch_norm", "is_output_layer": True}}"#, externData: sparse)
        }
        #expect(e3?.kind == .sparseMismatch)
    }
}
