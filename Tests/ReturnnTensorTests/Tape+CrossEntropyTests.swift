import Foundation
import Testing
@testable import ReturnnTensor

/// Label-smoothed sparse and dense softmax cross-entropy: values against direct formulas and
/// finite-difference gradients.
@Suite struct TapeCrossEntropyTests {
    /// `-sum_j q_j log softmax(x)_j` per row in Double.
    func softCE(_ x: Tensor, _ q: [[Double]]) -> [Double] {
        let cols = x.shape.last!
        return q.indices.map { r in
            let row = (0..<cols).map { Double(x.pointer[r * cols + $0]) }
            let m = row.max()!
            let lse = m + Foundation.log(row.map { Foundation.exp($0 - m) }.reduce(0, +))
            return (0..<cols).map { -q[r][$0] * (row[$0] - lse) }.reduce(0, +)
        }
    }

    @Test func labelSmoothingValue() {
        let x = randomTensor([3, 4], seed: 5, range: -2...2)
        let targets: [Int32] = [1, 3, 0]
        let ls = 0.3, low = ls / 3
        let q = targets.map { t in (0..<4).map { $0 == Int(t) ? 1 - ls : low } }
        let c = -((1 - ls) * Foundation.log(1 - ls) + 3 * low * Foundation.log(low))
        let w: [Float] = [1, 0, 0.5]
        let ref = zip(softCE(x, q), w).map { ($0 - c) * Double($1) }.reduce(0, +)
        let y = Tape(recording: false).sparseCrossEntropy(Variable(x), targets: IntTensor(targets), weights: Tensor(w), labelSmoothing: 0.3)
        #expect(Swift.abs(Double(y.value.scalar) - ref) < 1e-5)
        // ls = 0 is the plain sparse CE.
        let plain = Tape(recording: false).sparseCrossEntropy(Variable(x), targets: IntTensor(targets))
        let zero = Tape(recording: false).sparseCrossEntropy(Variable(x), targets: IntTensor(targets), labelSmoothing: 0)
        #expect(plain.value.scalar == zero.value.scalar)
    }

    @Test func labelSmoothingGradients() {
        let x = randomTensor([2, 3, 5], seed: 6, range: -2...2)
        let targets = IntTensor(shape: [2, 3], [4, 0, 2, 2, 1, 3])
        let w = Tensor(shape: [2, 3], [1, 1, 0, 1, 0.5, 2])
        checkGradients([x], step: 1e-3) { t, v in
            t.scale(t.sparseCrossEntropy(t.tanh(v[0]), targets: targets, weights: w, labelSmoothing: 0.1), by: 2)
        }
    }

    @Test func denseValue() {
        let x = randomTensor([2, 3], seed: 7, range: -2...2)
        let q: [[Double]] = [[0.2, 0.3, 0.5], [1, 0, 0]]
        let ref = softCE(x, q)[0] * 2 + softCE(x, q)[1]
        let targets = Tensor(shape: [2, 3], q.flatMap { $0.map { Float($0) } })
        let y = Tape(recording: false).denseCrossEntropy(Variable(x), targets: Variable(targets), weights: Tensor([2, 1]))
        #expect(Swift.abs(Double(y.value.scalar) - ref) < 1e-5)
    }

    @Test func denseGradientsForLogitsAndTargets() {
        let x = randomTensor([4, 3], seed: 8, range: -2...2)
        let t = randomTensor([4, 3], seed: 9, range: 0...1)
        let w = Tensor([1, 0, 0.5, 1])
        checkGradients([x, t], step: 1e-3) { tape, v in
            tape.scale(tape.denseCrossEntropy(v[0], targets: v[1], weights: w), by: 3)
        }
        // Constant targets: only the logits get a gradient.
        checkGradients([x], step: 1e-3) { tape, v in tape.denseCrossEntropy(v[0], targets: Variable(t)) }
    }
}
