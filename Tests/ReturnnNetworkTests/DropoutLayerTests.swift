import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `dropout`: identity in eval, inverted dropout with one feature mask in training.
@Suite struct DropoutLayerTests {
    static let body = #"{"output": {"class": "dropout", "dropout": 0.5, "from": "data"}}"#

    @Test func identityInEval() throws {
        let v = try runLayersA(Self.body)
        #expect(v.dense.value == LayersAFixture.shared.batch["data"]!.dense.value)
        #expect(v.seqLens?.array == [5, 3])
    }

    @Test func trainingDropsWholeFeaturesAndScales() throws {
        let net = try buildLayersANetwork(Self.body)
        let batch = LayersAFixture.shared.batch
        let run = try net.run(data: batch, parameters: [:], tape: Tape(recording: false), isTraining: true)
        let y = run.values["output"]!.dense.value.array, x = batch["data"]!.dense.value.array
        var kept = Set<Int>(), dropped = Set<Int>()
        for i in 0..<x.count {
            if y[i] == 0 { dropped.insert(i % 6) } else {
                #expect(Swift.abs(y[i] - 2 * x[i]) < 1e-6)
                kept.insert(i % 6)
            }
        }
        #expect(kept.isDisjoint(with: dropped) && kept.count + dropped.count == 6)
        #expect(!kept.isEmpty && !dropped.isEmpty)
    }

    @Test func rateOutOfRangeIsAnError() {
        let e = layersAError(#"{"output": {"class": "dropout", "dropout": 1.5, "from": "data"}}"#)
        #expect(e?.kind == .invalidOption)
    }
}
