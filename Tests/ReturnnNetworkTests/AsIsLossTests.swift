import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// Loss `as_is`: the output summed over valid frames, `as_error`, and its use in a network.
@Suite struct AsIsLossTests {
    let f = LossFixture.shared

    @Test func valueIsTheOutputSumOverValidFrames() throws {
        let loss = try makeLoss("as_is", output: f.denseTemplate, target: nil)
        let r = try evaluate(loss) { tape in (LayerValue(values: tape.leaf(f.tensor(f.x), name: "x"), seqLens: f.seqLens), nil) }
        expectMatches(r, f.case("as_is"), leaves: ["x": \.gradX])
    }

    @Test func asErrorReportsTheSumAsError() throws {
        let loss = try makeLoss("as_is", opts: "{'as_error': True}", output: f.denseTemplate, target: nil)
        let r = try evaluate(loss) { tape in (LayerValue(values: tape.leaf(f.tensor(f.x), name: "x"), seqLens: f.seqLens), nil) }
        let want = f.case("as_is").value
        #expect(r.value == 0)
        #expect(Swift.abs(r.error! - want) < 1e-5)
        #expect(r.grads["x"]!.array.allSatisfy { $0 == 0 })
    }

    @Test func intOutputs() throws {
        let loss = try makeLoss("as_is", output: .sparse(dim: 4, hasTime: true), target: nil)
        let r = try evaluate(loss) { _ in (LayerValue(ints: IntTensor(shape: [2, 2], [1, 2, 3, 4]), seqLens: IntTensor([2, 1])), nil) }
        #expect(r.value == 6 && r.error == nil)
    }

    @Test func inANetworkWithoutTarget() throws {
        let net = try buildNetwork("""
            network = {
                "output": {"class": "softmax", "loss": "ce", "from": "data"},
                "penalty": {"class": "linear", "activation": "square", "n_out": 2, "from": "data", "loss": "as_is", "loss_scale": 0.5},
            }
            """, externData: lossExternData())
        #expect(Set(net.usedDataKeys) == ["data", "classes"])
        let data = lossBatch(lengths: [3, 1, 2])
        let run = try net.run(data: data, parameters: net.initialParameters(seed: 1), tape: Tape(recording: false), isTraining: false)
        let penalty = try #require(run.losses.first { $0.name == "penalty" })
        #expect(penalty.normalizer == 6 && penalty.error == nil && penalty.scale == 0.5)
        let y = run.values["penalty"]!.dense.value
        var want = 0.0
        for (b, n) in [3, 1, 2].enumerated() { for t in 0..<n { for j in 0..<2 { want += Double(y[b, t, j]) } } }
        #expect(Swift.abs(Double(penalty.value.value.scalar) - want) < 1e-5)
        #expect(try checkNetworkGradients(net, data: data) == [])
    }
}
