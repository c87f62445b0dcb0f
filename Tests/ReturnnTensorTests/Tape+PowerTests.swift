import Foundation
import Testing
@testable import ReturnnTensor

/// pow: forward and gradients for several exponents; TF's rule at 0.
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
}
