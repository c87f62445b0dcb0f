import Foundation

extension Ctc {
    /// Naive twin of `Ctc`: the textbook alpha/beta recursions in Double log space, one scalar
    /// state at a time, the test oracle for the vectorised kernel.
    ///
    /// Same shape contract and infeasibility rule as `Ctc.lossAndGradient`, written independently:
    /// its own Double log-softmax, both recursions with the emission included (so the posterior
    /// is `alpha + beta - emission - logZ`), and infeasibility detected only by `logZ = -inf`.
    public enum Naive {
        /// CTC loss per sequence and its gradient w.r.t. the logits; returns the summed loss.
        @discardableResult
        public static func lossAndGradient(
            logits: UnsafePointer<Float>, batch: Int, time: Int, vocab: Int,
            inputLengths: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, maxTargetLength: Int,
            targetLengths: UnsafePointer<Int32>, zeroInfinity: Bool = false,
            loss: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>?
        ) -> Double {
            precondition(vocab >= 1, "Ctc.Naive: vocab must hold at least the blank")
            var total = 0.0
            for b in 0..<batch {
                let frames = Int(inputLengths[b])
                let labels = (0..<Int(targetLengths[b])).map { Int(targets[b * maxTargetLength + $0]) }
                let lp = logSoftmax(logits + b * time * vocab, frames: frames, vocab: vocab)
                let (logZ, posterior) = posteriors(lp, labels: labels, blank: vocab - 1)
                let l = logZ == -.infinity ? (zeroInfinity ? 0 : Double.infinity) : -logZ
                loss[b] = Float(l)
                total += l
                guard let grad else { continue }
                for t in 0..<time {
                    for v in 0..<vocab {
                        var g = 0.0
                        if t < frames && logZ > -.infinity { g = Foundation.exp(lp[t][v]) - posterior[t][v] }
                        grad[(b * time + t) * vocab + v] = Float(g)
                    }
                }
            }
            return total
        }

        /// `log(e^a + e^b)` in Double, `-inf` when both are `-inf`.
        static func logAdd(_ a: Double, _ b: Double) -> Double {
            let m = Swift.max(a, b)
            if m == -.infinity { return m }
            return m + Foundation.log(Foundation.exp(a - m) + Foundation.exp(b - m))
        }

        /// Log-softmax of `frames` rows of `vocab` logits, in Double.
        static func logSoftmax(_ x: UnsafePointer<Float>, frames: Int, vocab: Int) -> [[Double]] {
            (0..<frames).map { t in
                let row = (0..<vocab).map { Double(x[t * vocab + $0]) }
                let m = row.max()!
                let lse = m + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - m) })
                return row.map { $0 - lse }
            }
        }

        /// `log p(labels)` and the per-frame class posteriors `[frames][vocab]` for log-probabilities
        /// `lp` (`[frames][vocab]`).
        static func posteriors(_ lp: [[Double]], labels: [Int], blank: Int) -> (Double, [[Double]]) {
            let frames = lp.count, vocab = blank + 1
            let states = 2 * labels.count + 1
            var cls = [Int](repeating: blank, count: states)
            for (i, label) in labels.enumerated() { cls[2 * i + 1] = label }
            if frames == 0 { return (labels.isEmpty ? 0 : -.infinity, []) }
            // May state s be entered directly from state s - 2?
            func canSkip(_ s: Int) -> Bool { s >= 2 && cls[s] != blank && cls[s] != cls[s - 2] }
            var alpha = [[Double]](repeating: [Double](repeating: -.infinity, count: states), count: frames)
            var beta = alpha
            alpha[0][0] = lp[0][cls[0]]
            if states > 1 { alpha[0][1] = lp[0][cls[1]] }
            for t in 1..<frames {
                for s in 0..<states {
                    var a = alpha[t - 1][s]
                    if s >= 1 { a = logAdd(a, alpha[t - 1][s - 1]) }
                    if canSkip(s) { a = logAdd(a, alpha[t - 1][s - 2]) }
                    alpha[t][s] = a + lp[t][cls[s]]
                }
            }
            beta[frames - 1][states - 1] = lp[frames - 1][cls[states - 1]]
            if states > 1 { beta[frames - 1][states - 2] = lp[frames - 1][cls[states - 2]] }
            for t in stride(from: frames - 2, through: 0, by: -1) {
                for s in 0..<states {
                    var b = beta[t + 1][s]
                    if s + 1 < states { b = logAdd(b, beta[t + 1][s + 1]) }
                    if s + 2 < states && canSkip(s + 2) { b = logAdd(b, beta[t + 1][s + 2]) }
                    beta[t][s] = b + lp[t][cls[s]]
                }
            }
            var logZ = alpha[frames - 1][states - 1]
            if states > 1 { logZ = logAdd(logZ, alpha[frames - 1][states - 2]) }
            var post = [[Double]](repeating: [Double](repeating: 0, count: vocab), count: frames)
            if logZ == -.infinity { return (logZ, post) }
            for t in 0..<frames {
                for s in 0..<states where alpha[t][s] > -.infinity && beta[t][s] > -.infinity {
                    post[t][cls[s]] += Foundation.exp(alpha[t][s] + beta[t][s] - lp[t][cls[s]] - logZ)
                }
            }
            return (logZ, post)
        }
    }
}
