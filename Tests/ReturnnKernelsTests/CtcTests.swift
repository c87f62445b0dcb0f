import Foundation
import Testing
@testable import ReturnnKernels

/// The vectorised CTC kernel agrees with its Double twin, with PyTorch, and handles the edge cases.
@Suite struct CtcTests {
    /// Loss tolerance vs the Double twin: `abs 1e-4 + rel 1e-5`.
    static func lossClose(_ a: Float, _ b: Float) -> Bool {
        if a.isInfinite || b.isInfinite { return a == b }
        return Swift.abs(a - b) <= 1e-4 + 1e-5 * Swift.abs(b)
    }

    @Test(arguments: [
        // (time, vocab, input lengths, target lengths, label pool (0 = all labels), scale)
        (1, 2, [1], [1], 0, Float(3)),
        (6, 3, [6, 4, 1], [2, 1, 0], 0, 3),
        (12, 3, [12, 11, 9, 12], [5, 5, 4, 0], 1, 2),  // one label only: every neighbour repeats
        (20, 5, [20, 20, 13, 7, 20], [6, 1, 6, 3, 9], 2, 4),  // repeats, padding
        (40, 17, [40, 33, 25], [17, 16, 1], 0, 6),  // more than 16 states: several SIMD blocks
        (200, 30, [200, 150], [80, 40], 0, 5),  // long sequences
    ])
    func matchesNaive(_ spec: (Int, Int, [Int], [Int], Int, Float)) {
        let (time, vocab, inputLengths, targetLengths, pool, scale) = spec
        var rng = SplitMix(seed: UInt64(time * 131 + vocab))
        let c = CtcTestCase(rng: &rng, time: time, vocab: vocab, inputLengths: inputLengths,
                            targetLengths: targetLengths, scale: scale, labelPool: pool == 0 ? nil : pool)
        let fast = c.fast(), naive = c.naive()
        for b in 0..<c.batch {
            #expect(fast.loss[b].isFinite, "seq \(b) should be feasible")
            #expect(Self.lossClose(fast.loss[b], naive.loss[b]), "seq \(b): loss \(fast.loss[b]) vs \(naive.loss[b])")
        }
        // Float log-space rounding accumulates along the sequence (see `Ctc`'s accuracy note).
        let tolerance: Float = time >= 100 ? 1e-4 : 2e-5
        #expect(ctcMaxDiff(fast.grad, naive.grad) <= tolerance, "gradient differs by \(ctcMaxDiff(fast.grad, naive.grad))")
    }

    @Test func gradientRowsSumToZeroAndPaddingIsZero() {
        var rng = SplitMix(seed: 7)
        let c = CtcTestCase(rng: &rng, time: 30, vocab: 9, inputLengths: [30, 21], targetLengths: [10, 5])
        let g = c.fast().grad
        for b in 0..<c.batch {
            for t in 0..<c.time {
                let row = g[((b * c.time + t) * c.vocab)..<((b * c.time + t + 1) * c.vocab)]
                if t < Int(c.inputLengths[b]) {
                    // softmax sums to 1 and the state posteriors of a frame sum to 1.
                    let s = row.reduce(0.0) { $0 + Double($1) }
                    #expect(Swift.abs(s) < 1e-5, "seq \(b) frame \(t): gradient row sums to \(s)")
                } else {
                    #expect(row.allSatisfy { $0 == 0 }, "seq \(b) padded frame \(t) has a gradient")
                }
            }
        }
    }

    @Test func matchesBruteForceEnumeration() {
        var rng = SplitMix(seed: 11)
        let c = CtcTestCase(rng: &rng, time: 6, vocab: 3, inputLengths: [6, 5, 3, 6, 2], targetLengths: [2, 3, 1, 0, 2])
        let fast = c.fast()
        for b in 0..<c.batch {
            let want = c.bruteForceLoss(b)
            if want.isInfinite {
                #expect(fast.loss[b] == .infinity, "seq \(b) target \(c.target(b)) is infeasible")
                continue
            }
            #expect(Swift.abs(Double(fast.loss[b]) - want) <= 1e-5 * Swift.max(1, Swift.abs(want)),
                    "seq \(b) target \(c.target(b)): \(fast.loss[b]) vs enumeration \(want)")
        }
    }

    @Test func handComputedCases() {
        // V = 3 (labels 0, 1; blank 2); the logits are log-probabilities already (rows sum to 1 in
        // probability), so the losses can be written down.
        let p: [[Float]] = [[0.5, 0.2, 0.3], [0.1, 0.6, 0.3], [0.7, 0.1, 0.2]]
        let logits = p.flatMap { $0.map { Foundation.log($0) } }
        // Target [0, 0] over 3 frames has the single path 0 b 0.
        let repeated = CtcTestCase(time: 3, vocab: 3, logits: logits, inputLengths: [3], targets: [[0, 0]])
        #expect(Self.lossClose(repeated.fast().loss[0], -Foundation.log(0.5 * 0.3 * 0.7)))
        // Empty target: all blanks.
        let empty = CtcTestCase(time: 3, vocab: 3, logits: logits, inputLengths: [3], targets: [[]])
        #expect(Self.lossClose(empty.fast().loss[0], -Foundation.log(0.3 * 0.3 * 0.2)))
        // Target [1] over 2 frames: 1 1, 1 b, b 1.
        let single = CtcTestCase(time: 3, vocab: 3, logits: logits, inputLengths: [2], targets: [[1]])
        let want = 0.2 * 0.6 + 0.2 * 0.3 + 0.3 * 0.6
        #expect(Self.lossClose(single.fast().loss[0], -Foundation.log(Float(want))))
    }

    @Test func infeasibleSequencesGiveInfinityOrZero() {
        var rng = SplitMix(seed: 5)
        // Seq 0: [x, x] needs 3 frames, has 2. Seq 1: 4 labels in 3 frames. Seq 2 feasible, seq 3:
        // no frames and no labels (loss 0), seq 4: no frames but one label.
        var c = CtcTestCase(rng: &rng, time: 5, vocab: 4, inputLengths: [2, 3, 5, 0, 0], targetLengths: [2, 4, 2, 0, 1])
        c.targets[1] = c.targets[0]
        for zeroInfinity in [false, true] {
            let fast = c.fast(zeroInfinity: zeroInfinity), naive = c.naive(zeroInfinity: zeroInfinity)
            let bad: Float = zeroInfinity ? 0 : .infinity
            #expect(fast.loss[0] == bad && fast.loss[1] == bad && fast.loss[4] == bad)
            #expect(fast.loss[3] == 0)
            #expect(fast.loss[2].isFinite && fast.loss[2] > 0)
            for b in 0..<c.batch { #expect(Self.lossClose(fast.loss[b], naive.loss[b]), "seq \(b)") }
            for b in [0, 1, 3, 4] {
                let row = fast.grad[(b * c.time * c.vocab)..<((b + 1) * c.time * c.vocab)]
                #expect(row.allSatisfy { $0 == 0 }, "seq \(b) must have zero gradient")
            }
            #expect(ctcMaxDiff(fast.grad, naive.grad) <= 2e-5)
        }
    }

    @Test func minusInfinityLogitsBlockingEveryPathGiveInfinity() {
        // Label 0 can never be emitted, so the target [0] has no path although it is short enough.
        var logits = [Float](repeating: 0, count: 4 * 3)
        for t in 0..<4 { logits[t * 3] = -.infinity }
        let c = CtcTestCase(time: 4, vocab: 3, logits: logits, inputLengths: [4], targets: [[0]])
        let fast = c.fast()
        #expect(fast.loss[0] == .infinity)
        #expect(fast.grad.allSatisfy { $0 == 0 })
        #expect(c.naive().loss[0] == .infinity)
    }

    @Test func nanLogitsPoisonOnlyTheirSequence() {
        var rng = SplitMix(seed: 9)
        var c = CtcTestCase(rng: &rng, time: 10, vocab: 5, inputLengths: [10, 10], targetLengths: [3, 3])
        c.logits[4 * c.vocab + 1] = .nan  // seq 0, frame 4
        let fast = c.fast()
        #expect(fast.loss[0].isNaN)
        #expect((0..<(c.time * c.vocab)).allSatisfy { fast.grad[$0].isNaN })
        #expect(fast.loss[1].isFinite)
        #expect(((c.time * c.vocab)..<fast.grad.count).allSatisfy { fast.grad[$0].isFinite })
    }

    @Test func vocabularyOfOnlyTheBlank() {
        let c = CtcTestCase(time: 3, vocab: 1, logits: [0.5, -1, 2], inputLengths: [3], targets: [[]])
        let fast = c.fast()
        #expect(fast.loss[0] == 0)
        #expect(fast.grad.allSatisfy { $0 == 0 })
    }

    @Test func parallelMatchesSingleThreadExactly() {
        var rng = SplitMix(seed: 3)
        let lengths = (0..<9).map { 60 - 3 * $0 }
        let c = CtcTestCase(rng: &rng, time: 60, vocab: 40, inputLengths: lengths, targetLengths: lengths.map { $0 / 3 })
        let one = c.fast(threads: 1), two = c.fast(threads: 2)
        #expect(one.loss == two.loss)
        #expect(one.grad == two.grad)
    }

    @Test func matchesPyTorchFixture() throws {
        for fixture in try CtcTorchFixture.load() {
            let c = fixture.testCase
            let fast = c.fast()
            for b in 0..<c.batch {
                if let want = fixture.loss[b] {
                    #expect(Swift.abs(Double(fast.loss[b]) - want) <= 1e-4 + 1e-5 * want,
                            "\(fixture.name) seq \(b): \(fast.loss[b]) vs torch \(want)")
                } else {
                    #expect(fast.loss[b] == .infinity, "\(fixture.name) seq \(b) is infeasible")
                }
            }
            #expect(ctcMaxDiff(fast.grad, fixture.grad) <= 2e-5, "\(fixture.name): gradient vs torch")
        }
    }

    @Test func validateReportsBadInputs() {
        func check(_ inputLengths: [Int32], _ targets: [Int32], _ targetLengths: [Int32], vocab: Int = 4) -> CtcError? {
            do {
                try Ctc.validate(batch: inputLengths.count, time: 5, vocab: vocab, inputLengths: inputLengths,
                                 targets: targets, maxTargetLength: 2, targetLengths: targetLengths)
                return nil
            } catch { return error }
        }
        #expect(check([5, 3], [0, 2, 1, 0], [2, 1]) == nil)
        #expect(check([6, 3], [0, 2, 1, 0], [2, 1]) == .inputLengthOutOfRange(seq: 0, length: 6, time: 5))
        #expect(check([5, -1], [0, 2, 1, 0], [2, 1]) == .inputLengthOutOfRange(seq: 1, length: -1, time: 5))
        #expect(check([5, 3], [0, 2, 1, 0], [2, 3]) == .targetLengthOutOfRange(seq: 1, length: 3, maxTargetLength: 2))
        #expect(check([5, 3], [0, 3, 1, 0], [2, 1]) == .labelOutOfRange(seq: 0, position: 1, label: 3, blank: 3))
        // A padded position past the target length may hold anything.
        #expect(check([5, 3], [0, 2, 1, 9], [2, 1]) == nil)
        #expect(check([5], [0, 0], [0], vocab: 0) == .noBlankClass)
        let message = CtcError.labelOutOfRange(seq: 0, position: 1, label: 3, blank: 3).description
        #expect(message.contains("n_out") && message.contains("blank"))
    }

    @Test func minimumFramesCountsBlanksBetweenRepeats() {
        func frames(_ labels: [Int32]) -> Int { labels.withUnsafeBufferPointer { Ctc.minimumFrames($0) } }
        #expect(frames([]) == 0)
        #expect(frames([3]) == 1)
        #expect(frames([1, 2, 3]) == 3)
        #expect(frames([1, 1, 2, 2, 2]) == 8)
    }
}
