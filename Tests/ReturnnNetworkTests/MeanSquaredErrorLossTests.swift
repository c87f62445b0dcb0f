import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// Loss `mse` against the numpy fixture, plus FD gradient checks through networks.
@Suite struct MeanSquaredErrorLossTests {
    let f = LossFixture.shared

    @Test func sparseTargetIsOneHotAndSoftmaxLayersUseProbabilities() throws {
        let loss = try makeLoss("mse", output: f.denseTemplate, target: f.sparseTemplate)
        let r = try evaluate(loss) { tape in
            // The logits are there (a softmax layer) but mse uses the probabilities.
            (LayerValue(values: tape.leaf(f.tensor(f.probs), name: "probs"), seqLens: f.seqLens, logits: Variable(f.tensor(f.x))),
             f.sparseTarget)
        }
        expectMatches(r, f.case("mse_sparse"), leaves: ["probs": \.gradProbs])
    }

    @Test func denseTarget() throws {
        let loss = try makeLoss("mse", output: f.denseTemplate, target: f.denseTemplate)
        let r = try evaluate(loss) { tape in
            (LayerValue(values: tape.leaf(f.tensor(f.x), name: "x"), seqLens: f.seqLens),
             LayerValue(values: tape.leaf(f.tensor(f.real), name: "target"), seqLens: f.seqLens))
        }
        expectMatches(r, f.case("mse_dense"), leaves: ["x": \.gradX, "target": \.gradTarget])
    }

    @Test func templateChecks() {
        #expect(networkError { _ = try makeLoss("mse", output: f.denseTemplate, target: DataTemplate(hasTime: true, featureDim: 3)) }?
            .kind == .dimensionMismatch)
        #expect(networkError { _ = try makeLoss("mse", output: DataTemplate(hasTime: true, featureDim: nil), target: f.denseTemplate) }?
            .kind == .sparseMismatch)
        #expect(networkError { _ = try makeLoss("mse", opts: "{'use_normalized_loss': True}", output: f.denseTemplate,
                                                target: f.denseTemplate) }?.kind == .invalidOption)
    }

    @Test func networkGradients() throws {
        for body in [
            #"{"output": {"class": "softmax", "loss": "mse", "from": "data"}}"#,
            #"{"output": {"class": "linear", "activation": "tanh", "n_out": 4, "loss": "mse", "target": "feat"}}"#,
        ] {
            let net = try buildNetwork("network = \(body)", externData: lossExternData())
            #expect(try checkNetworkGradients(net, data: lossBatch()) == [], "\(body)")
        }
    }
}
