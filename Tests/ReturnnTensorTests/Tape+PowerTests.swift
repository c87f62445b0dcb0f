import Foundation
import Testing
@testable import ReturnnTensor

/// pow: forward and gradients for several constant exponents, TF's rule at 0; tensor exponents:
/// broadcasting, zero exponent gradient for a non-positive base, finite differences.
@Suite struct TapePowerTests {
    @Test(arguments: [Float(1), 2, 3, 0.5])
    func forwardAndGradients(_ p: Float) {
        let x = randomTensor([3, 4], seed: 8, range: 0.2...1.5)
        let y = Tape(recording: false).pow(Variable(x), p).value
        for i in 0..<x.count { #expect(Swift.abs(y.array[i] - Foundation.pow(x.array[i], p)) < 1e-6) }
        checkGradients([x], step: 1e-3, tolerance: 1e-2) { t, v in t.pow(v[0], p) }
    }

    @Test func gradientAtZero() {
        for (p, want) in [(Float(2), Float(0)), (1, 1)] {
            let tape = Tape()
            let v = tape.leaf(Tensor([0]), name: "x")
            let g = tape.backward(tape.reduce(tape.pow(v, p), .sum, axes: [0]))["x"]!
            #expect(g.array == [want])
        }
    }

    @Test func forwardBroadcasts() {
        let t = Tape(recording: false)
        let y = t.pow(Variable(Tensor(shape: [2, 2], [2, 3, -2, 0.25])), Variable(Tensor(shape: [2], [2, 0.5])))
        #expect(y.value.array == [4, Float(3).squareRoot(), 4, 0.5])
        #expect(t.pow(Variable(Tensor(shape: [1], [-8])), Variable(Tensor(scalar: 0.5))).value.array[0].isNaN)
    }

    @Test func exponentGradientIsZeroForNonPositiveBases() {
        let tape = Tape()
        let a = tape.leaf(Tensor(shape: [2], [-2, 0]), name: "a")
        let b = tape.leaf(Tensor(scalar: 2), name: "b")
        let g = tape.backward(tape.reduce(tape.pow(a, b), .sum, axes: [0]))
        #expect(g["a"]!.array == [-4, 0])
        #expect(g["b"]!.array == [0])
    }

    @Test func finiteDifferences() {
        let base = randomTensor([2, 3], seed: 41, range: 0.5...2)
        checkGradients([base, randomTensor([3], seed: 42)]) { t, v in t.pow(v[0], v[1]) }
        checkGradients([randomTensor([2, 3], seed: 43)]) { t, v in t.pow(v[0], Variable(Tensor(scalar: 3))) }
    }
}
