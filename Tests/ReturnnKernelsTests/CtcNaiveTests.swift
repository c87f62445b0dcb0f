import Foundation
import Testing
@testable import ReturnnKernels

/// The Double twin `Ctc.Naive` against path enumeration, PyTorch and finite differences.
@Suite struct CtcNaiveTests {
    @Test func matchesBruteForceEnumeration() {
        var rng = SplitMix(seed: 21)
        // All targets over 2 labels up to length 3 on 5 frames, including infeasible [0, 0, 0].
        let c = CtcTestCase(rng: &rng, time: 5, vocab: 3, inputLengths: [5, 5, 5, 4, 1, 5, 3],
                            targetLengths: [3, 2, 1, 3, 1, 0, 3])
        var fixed = c
        fixed.targets[0..<3] = [0, 0, 0]  // needs exactly 5 frames
        fixed.targets[9..<12] = [1, 1, 1]  // 4 frames: infeasible
        let naive = fixed.naive()
        for b in 0..<fixed.batch {
            let want = fixed.bruteForceLoss(b)
            if want.isInfinite {
                #expect(naive.loss[b] == .infinity, "seq \(b)")
            } else {
                #expect(Swift.abs(Double(naive.loss[b]) - want) <= 1e-6 * Swift.max(1, want),
                        "seq \(b) target \(fixed.target(b)): \(naive.loss[b]) vs enumeration \(want)")
            }
        }
    }

    @Test func matchesPyTorchFixture() throws {
        for fixture in try CtcTorchFixture.load() {
            let naive = fixture.testCase.naive()
            for (b, want) in fixture.loss.enumerated() {
                if let want {
                    #expect(Swift.abs(Double(naive.loss[b]) - want) <= 1e-5 * want, "\(fixture.name) seq \(b)")
                } else {
                    #expect(naive.loss[b] == .infinity, "\(fixture.name) seq \(b) is infeasible")
                }
            }
            #expect(ctcMaxDiff(naive.grad, fixture.grad) <= 1e-6, "\(fixture.name): gradient vs torch")
        }
    }

    @Test func gradientMatchesFiniteDifferences() {
        var rng = SplitMix(seed: 23)
        let c = CtcTestCase(rng: &rng, time: 7, vocab: 4, inputLengths: [7, 5], targetLengths: [3, 2])
        let analytic = c.naive().grad
        let h: Float = 1e-2
        var worst: Float = 0
        for i in 0..<c.logits.count {
            var plus = c, minus = c
            plus.logits[i] += h
            minus.logits[i] -= h
            let lp = plus.naive().loss.reduce(0.0) { $0 + Double($1) }
            let lm = minus.naive().loss.reduce(0.0) { $0 + Double($1) }
            let numeric = Float((lp - lm) / (2 * Double(h)))
            worst = Swift.max(worst, Swift.abs(numeric - analytic[i]))
        }
        #expect(worst <= 2e-3, "worst finite-difference mismatch \(worst)")
    }
}
