import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// Loss `mean_l1` against the numpy fixture, plus an FD gradient check through a network.
@Suite struct MeanL1LossTests {
    let f = LossFixture.shared

    @Test func perFrameMeanOfAbsoluteDifferences() throws {
        let loss = try makeLoss("mean_l1", output: f.denseTemplate, target: f.denseTemplate)
        let r = try evaluate(loss) { tape in
            (LayerValue(values: tape.leaf(f.tensor(f.x), name: "x"), seqLens: f.seqLens),
             LayerValue(values: tape.leaf(f.tensor(f.real), name: "target"), seqLens: f.seqLens))
        }
        expectMatches(r, f.case("mean_l1"), leaves: ["x": \.gradX, "target": \.gradTarget])
    }

    @Test func sparseTargetIsRejected() {
        #expect(networkError { _ = try makeLoss("mean_l1", output: f.denseTemplate, target: f.sparseTemplate) }?.kind == .sparseMismatch)
    }

    @Test func networkGradients() throws {
        let net = try buildNetwork("""
            network = {"output": {"class": "linear", "activation": "tanh", "n_out": 4, "loss": "mean_l1", "target": "feat"}}
            """, externData: lossExternData())
        #expect(try checkNetworkGradients(net, data: lossBatch(), eps: 1e-3) == [])
    }
}
