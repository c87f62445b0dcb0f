import Foundation
import ReturnnKernels
import Testing
@testable import ReturnnTensor

/// The CTC loss op: values, finite-difference gradients, per-sequence seeds, infeasible sequences.
@Suite struct TapeCtcTests {
    @Test func knownValueAndShape() {
        // V = 3 (blank 2); target [0, 0] over 3 frames has the single path 0 blank 0.
        let p: [Float] = [0.5, 0.2, 0.3, 0.1, 0.6, 0.3, 0.7, 0.1, 0.2]
        let logits = Tensor(shape: [1, 3, 3], p.map { Foundation.log($0) })
        let y = Tape(recording: false).ctcLoss(
            logits: Variable(logits), inputLengths: IntTensor([3]), targets: IntTensor(shape: [1, 2], [0, 0]),
            targetLengths: IntTensor([2]))
        #expect(y.shape == [1] && !y.requiresGradient)
        #expect(Swift.abs(Double(y.value[0]) + Foundation.log(0.5 * 0.3 * 0.7)) < 1e-5)
    }

    @Test func gradientsMatchFiniteDifferences() {
        // Seq 1 is padded in time and target; seq 2 repeats a label; seq 3 has an empty target.
        let logits = randomTensor([4, 6, 4], seed: 31, range: -2...2)
        let inputLengths = IntTensor([6, 4, 6, 3])
        let targets = IntTensor(shape: [4, 3], [0, 1, 2, 2, 1, 0, 1, 1, 0, 0, 0, 0])
        let targetLengths = IntTensor([3, 2, 3, 0])
        checkGradients([logits], step: 1e-2, tolerance: 5e-3) { t, v in
            t.ctcLoss(logits: v[0], inputLengths: inputLengths, targets: targets, targetLengths: targetLengths)
        }
    }

    @Test func unitSeedGivesTheKernelGradientAndSeedsScalePerSequence() {
        let logits = randomTensor([2, 5, 3], seed: 32, range: -2...2)
        let lengths = IntTensor([5, 4]), targets = IntTensor(shape: [2, 2], [0, 1, 1, 0]), targetLengths = IntTensor([2, 1])
        var kernelLoss = [Float](repeating: 0, count: 2)
        var kernelGrad = [Float](repeating: 0, count: 30)
        Ctc.lossAndGradient(logits: logits.pointer, batch: 2, time: 5, vocab: 3, inputLengths: lengths.pointer,
                            targets: targets.pointer, maxTargetLength: 2, targetLengths: targetLengths.pointer,
                            loss: &kernelLoss, grad: &kernelGrad)
        for seed in [Tensor([1, 1]), Tensor([2, 0])] {
            let tape = Tape()
            let x = tape.leaf(logits, name: "x")
            let y = tape.ctcLoss(logits: x, inputLengths: lengths, targets: targets, targetLengths: targetLengths)
            #expect(y.value.array == kernelLoss)
            let g = tape.backward(y, seed: seed)["x"]!
            let want = (0..<30).map { seed.pointer[$0 / 15] * kernelGrad[$0] }
            #expect(g.shape == [2, 5, 3] && g.array == want)
        }
    }

    @Test func infeasibleSequenceHasInfiniteLossAndZeroGradient() {
        let logits = randomTensor([2, 2, 3], seed: 33, range: -1...1)
        let targets = IntTensor(shape: [2, 2], [1, 1, 0, 0])
        for zeroInfinity in [false, true] {
            let tape = Tape()
            let x = tape.leaf(logits, name: "x")
            let y = tape.ctcLoss(logits: x, inputLengths: IntTensor([2, 2]), targets: targets,
                                 targetLengths: IntTensor([2, 1]), zeroInfinity: zeroInfinity)
            #expect(y.value[0] == (zeroInfinity ? 0 : .infinity))
            #expect(y.value[1].isFinite)
            let g = tape.backward(y, seed: Tensor([0.5, 1]))["x"]!
            #expect((0..<6).allSatisfy { g.pointer[$0] == 0 })
            #expect((6..<12).allSatisfy { g.pointer[$0].isFinite } && (6..<12).contains { g.pointer[$0] != 0 })
        }
    }
}
