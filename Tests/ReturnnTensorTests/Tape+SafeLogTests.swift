import Foundation
import Testing
@testable import ReturnnTensor

/// `safeLog`: clamped values and both gradient modes.
@Suite struct TapeSafeLogTests {
    @Test func valuesAreClamped() {
        let y = Tape(recording: false).safeLog(Variable(Tensor([0, 1e-30, 0.5, 2])), eps: 1e-20)
        let want = [Foundation.log(Float(1e-20)), Foundation.log(Float(1e-20)), Foundation.log(Float(0.5)), Foundation.log(Float(2))]
        for (a, b) in zip(y.value.array, want) { #expect(Swift.abs(a - b) < 1e-5) }
    }

    @Test func gradients() {
        checkGradients([randomTensor([3, 4], seed: 4, range: 0.2...2)], step: 1e-3) { t, v in t.safeLog(v[0]) }
        let x = Tensor([0, 1e-4, 0.5])
        let tape = Tape()
        let v = tape.leaf(x)
        let g = tape.backward(tape.reduce(tape.safeLog(v, eps: 1e-3), .sum, axes: [0]))[v]!.array
        // Identity gradient through the clamp: 1 / max(x, eps).
        #expect(Swift.abs(g[0] - 1000) < 1e-2 && Swift.abs(g[1] - 1000) < 1e-2 && Swift.abs(g[2] - 2) < 1e-5)
        let tape2 = Tape()
        let v2 = tape2.leaf(x)
        let g2 = tape2.backward(tape2.reduce(tape2.safeLog(v2, eps: 1e-3, identityGradient: false), .sum, axes: [0]))[v2]!.array
        #expect(g2[0] == 0 && g2[1] == 0 && Swift.abs(g2[2] - 2) < 1e-5)
    }
}
