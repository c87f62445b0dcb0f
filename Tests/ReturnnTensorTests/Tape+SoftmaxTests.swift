import Foundation
import Testing
@testable import ReturnnTensor

/// Softmax, log-softmax and the fused sparse cross-entropy: values and gradients.
@Suite struct TapeSoftmaxTests {
    @Test func forwardValues() {
        let t = Tape(recording: false)
        let x = Variable(Tensor(shape: [2, 3], [0, 0, 0, 1, 2, 3]))
        let s = t.softmax(x).value
        for i in 0..<3 { #expect(Swift.abs(s[0, i] - 1 / 3) < 1e-6) }
        let e = [Float(1), Float(M_E), Float(M_E * M_E)]
        let z = e.reduce(0, +)
        for i in 0..<3 { #expect(Swift.abs(s[1, i] - e[i] / z) < 1e-6) }
        let l = t.logSoftmax(x).value
        for i in 0..<3 { #expect(Swift.abs(l[1, i] - Foundation.log(e[i] / z)) < 1e-5) }
    }

    @Test func softmaxGradients() {
        let x = randomTensor([2, 3, 4], seed: 1, range: -2...2)
        checkGradients([x], step: 1e-3) { t, v in t.softmax(v[0]) }
        checkGradients([x], step: 1e-3) { t, v in t.logSoftmax(v[0]) }
    }

    @Test func crossEntropyValue() {
        let logits = Tensor(shape: [2, 3], [1, 2, 3, 0, 0, 0])
        let y = Tape(recording: false).sparseCrossEntropy(Variable(logits), targets: IntTensor([2, 0]))
        let ref = (Foundation.log(Foundation.exp(1.0) + Foundation.exp(2.0) + Foundation.exp(3.0)) - 3) + Foundation.log(3.0)
        #expect(y.shape == [] && Swift.abs(Double(y.value.scalar) - ref) < 1e-5)
        let masked = Tape(recording: false).sparseCrossEntropy(Variable(logits), targets: IntTensor([2, 0]),
                                                               weights: Tensor([1, 0]))
        #expect(Swift.abs(Double(masked.value.scalar) - (ref - Foundation.log(3.0))) < 1e-5)
    }

    @Test func crossEntropyGradients() {
        let logits = randomTensor([4, 5], seed: 2, range: -2...2)
        let targets = IntTensor([4, 0, 2, 2])
        checkGradients([logits], step: 1e-3) { t, v in t.sparseCrossEntropy(v[0], targets: targets) }
        let weights = Tensor([1, 0, 0.5, 2])
        checkGradients([logits], step: 1e-3) { t, v in
            t.sparseCrossEntropy(v[0], targets: targets, weights: weights)
        }
        // Loss scaled after the fused op: the rule scales the stored gradient.
        checkGradients([logits], step: 1e-3) { t, v in
            t.scale(t.sparseCrossEntropy(t.tanh(v[0]), targets: targets, weights: weights), by: 3)
        }
    }

    @Test func crossEntropyMatchesLogSoftmaxComposition() {
        let logits = randomTensor([3, 4], seed: 3)
        let targets = IntTensor([1, 3, 0])
        let tape = Tape()
        let x = tape.leaf(logits)
        let g1 = tape.backward(tape.sparseCrossEntropy(x, targets: targets))[x]!
        let tape2 = Tape()
        let x2 = tape2.leaf(logits)
        var onehot = Tensor(zeros: [3, 4])
        for (r, c) in targets.array.enumerated() { onehot[r, Int(c)] = -1 }
        let loss = tape2.reduce(tape2.mul(tape2.logSoftmax(x2), Variable(onehot)), .sum, axes: [0, 1])
        let g2 = tape2.backward(loss)[x2]!
        expectClose(g1, g2, tol: 1e-5)
    }
}
