import ReturnnConfig
import ReturnnKernels
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

@Suite struct CtcLossTests {
    static let ed = ExternData([
        ("data", ExternData.template(key: "data", dim: 3, sparse: false)),
        ("classes", ExternData.template(key: "classes", dim: 4, sparse: true)),
    ])

    /// Inputs of 6 and 4 frames, label sequences of 3 and 2 labels (their own time axis).
    static func batch() -> [String: LayerValue] {
        var g = RandomGenerator(seed: 11)
        let x = (0..<(2 * 6 * 3)).map { _ in g.uniform(-1, 1) }
        return [
            "data": LayerValue(values: Variable(Tensor(shape: [2, 6, 3], x)), seqLens: IntTensor(shape: [2], [6, 4])),
            "classes": LayerValue(ints: IntTensor(shape: [2, 3], [1, 1, 3, 2, 0, 0]), seqLens: IntTensor(shape: [2], [3, 2])),
        ]
    }

    static let net = """
        network = {
            "h": {"class": "linear", "activation": "tanh", "n_out": 6},
            "output": {"class": "softmax", "loss": "ctc", "from": "h"},
        }
        """

    @Test func outputDimIsTargetPlusBlankAndValueMatchesTheKernel() throws {
        let net = try buildNetwork(Self.net, externData: Self.ed)
        #expect(net.node("output")!.output.featureDim == 5)
        #expect(net.isRecurrent)
        let params = net.initialParameters(seed: 4)
        let data = Self.batch()
        let run = try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false)
        let loss = run.losses[0]
        #expect(loss.normalizer == 5)  // target labels
        // Independent: the naive twin on the logits.
        let logits = run.values["output"]!.logits!.value
        var perSeq = [Float](repeating: 0, count: 2), grad = [Float](repeating: 0, count: logits.count)
        let total = Ctc.Naive.lossAndGradient(
            logits: logits.pointer, batch: 2, time: 6, vocab: 5, inputLengths: [6, 4], targets: [1, 1, 3, 2, 0, 0],
            maxTargetLength: 3, targetLengths: [3, 2], loss: &perSeq, grad: &grad)
        #expect(abs(Double(loss.value.value.scalar) - total) < 1e-4 * max(1, abs(total)))
        #expect(loss.error! >= 0 && loss.error! <= 5)
    }

    @Test func gradientThroughTheNetwork() throws {
        let net = try buildNetwork(Self.net, externData: Self.ed)
        #expect(try checkNetworkGradients(net, data: Self.batch()).isEmpty)
    }

    @Test func wrongOutputDimAndTooShortInputAreLocatedErrors() throws {
        let e = networkError {
            _ = try buildNetwork("network = {\"output\": {\"class\": \"softmax\", \"loss\": \"ctc\", \"n_out\": 4}}", externData: Self.ed)
        }
        #expect(e?.kind == .dimensionMismatch)
        #expect(e?.message.contains("+ 1 for the loss") == true)
        let net = try buildNetwork(Self.net, externData: Self.ed)
        var data = Self.batch()
        data["data"]!.seqLens = IntTensor(shape: [2], [6, 1])  // 2 labels cannot fit into 1 frame
        let err = networkError {
            _ = try net.run(data: data, parameters: net.initialParameters(seed: 1), tape: Tape(recording: false), isTraining: false)
        }
        #expect(err?.layer == "output")
        #expect(err?.message.hasPrefix("loss 'ctc': ") == true)
    }

    @Test func collapseRepeatedTargets() throws {
        let net = try buildNetwork("""
            network = {"output": {"class": "softmax", "loss": "ctc", "loss_opts": {"target_collapse_repeated": True}}}
            """, externData: Self.ed)
        let run = try net.run(data: Self.batch(), parameters: net.initialParameters(seed: 2), tape: Tape(recording: false),
                              isTraining: false)
        #expect(run.losses[0].value.value.scalar.isFinite)
    }
}
