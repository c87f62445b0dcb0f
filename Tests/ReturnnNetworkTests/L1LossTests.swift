import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// Loss `l1` against the numpy fixture, plus an FD gradient check through a network.
@Suite struct L1LossTests {
    let f = LossFixture.shared

    @Test func sumOfAbsoluteDifferences() throws {
        let loss = try makeLoss("l1", output: f.denseTemplate, target: f.denseTemplate)
        let r = try evaluate(loss) { tape in
            (LayerValue(values: tape.leaf(f.tensor(f.x), name: "x"), seqLens: f.seqLens),
             LayerValue(values: tape.leaf(f.tensor(f.real), name: "target"), seqLens: f.seqLens))
        }
        expectMatches(r, f.case("l1"), leaves: ["x": \.gradX, "target": \.gradTarget])
    }

    @Test func sparseTargetIsRejected() {
        let e = networkError { _ = try makeLoss("l1", output: f.denseTemplate, target: f.sparseTemplate) }
        #expect(e?.kind == .sparseMismatch && e!.message.contains("sparse targets"))
    }

    @Test func outputWithoutFeatureAxisHasNoFrameError() throws {
        let t = DataTemplate(hasTime: true, featureDim: nil)
        let loss = try makeLoss("l1", output: t, target: t)
        let lens = IntTensor([2, 1])
        let r = try evaluate(loss) { tape in
            (LayerValue(values: tape.leaf(Tensor(shape: [2, 2], [1, -2, 3, 100]), name: "x"), seqLens: lens),
             LayerValue(values: Variable(Tensor(shape: [2, 2], [0, 0, 1, 0])), seqLens: lens))
        }
        #expect(r.value == 5 && r.error == nil)
        #expect(r.grads["x"]!.array == [1, -1, 1, 0])
    }

    @Test func networkGradients() throws {
        let net = try buildNetwork("""
            network = {"output": {"class": "linear", "activation": "tanh", "n_out": 4, "loss": "l1", "target": "feat"}}
            """, externData: lossExternData())
        #expect(try checkNetworkGradients(net, data: lossBatch(), eps: 1e-3) == [])
    }
}
