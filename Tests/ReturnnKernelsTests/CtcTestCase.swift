import Foundation
@testable import ReturnnKernels

/// One batch of CTC inputs for the kernel tests, with helpers to run the fast kernel and its twin.
struct CtcTestCase {
    var batch: Int
    var time: Int
    var vocab: Int
    var maxTargetLength: Int
    /// `[batch, time, vocab]`.
    var logits: [Float]
    var inputLengths: [Int32]
    /// `[batch, maxTargetLength]`, padded with 0.
    var targets: [Int32]
    var targetLengths: [Int32]

    /// Random logits in `[-scale, scale)` and random targets drawn from `0..<labelPool` (default: all
    /// labels) with the given lengths.
    init(rng: inout SplitMix, time: Int, vocab: Int, inputLengths: [Int], targetLengths: [Int],
         scale: Float = 3, labelPool: Int? = nil) {
        batch = inputLengths.count
        self.time = time
        self.vocab = vocab
        maxTargetLength = targetLengths.max() ?? 0
        logits = (0..<(batch * time * vocab)).map { _ in rng.float(-scale, scale) }
        self.inputLengths = inputLengths.map { Int32($0) }
        self.targetLengths = targetLengths.map { Int32($0) }
        let pool = UInt64(labelPool ?? (vocab - 1))
        targets = [Int32](repeating: 0, count: batch * maxTargetLength)
        for b in 0..<batch {
            for i in 0..<targetLengths[b] { targets[b * maxTargetLength + i] = Int32(rng.next() % pool) }
        }
    }

    /// A case from explicit values.
    init(time: Int, vocab: Int, logits: [Float], inputLengths: [Int32], targets: [[Int32]]) {
        batch = inputLengths.count
        self.time = time
        self.vocab = vocab
        let s = targets.map(\.count).max() ?? 0
        maxTargetLength = s
        self.logits = logits
        self.inputLengths = inputLengths
        targetLengths = targets.map { Int32($0.count) }
        self.targets = targets.flatMap { $0 + [Int32](repeating: 0, count: s - $0.count) }
    }

    /// Runs `Ctc.lossAndGradient`.
    func fast(threads: Int = Parallel.defaultThreads, zeroInfinity: Bool = false) -> (loss: [Float], grad: [Float]) {
        var loss = [Float](repeating: .nan, count: batch)
        var grad = [Float](repeating: .nan, count: batch * time * vocab)
        Ctc.lossAndGradient(
            logits: logits, batch: batch, time: time, vocab: vocab, inputLengths: inputLengths, targets: targets,
            maxTargetLength: maxTargetLength, targetLengths: targetLengths, zeroInfinity: zeroInfinity,
            loss: &loss, grad: &grad, threads: threads)
        return (loss, grad)
    }

    /// Runs `Ctc.Naive.lossAndGradient`.
    func naive(zeroInfinity: Bool = false) -> (loss: [Float], grad: [Float]) {
        var loss = [Float](repeating: .nan, count: batch)
        var grad = [Float](repeating: .nan, count: batch * time * vocab)
        Ctc.Naive.lossAndGradient(
            logits: logits, batch: batch, time: time, vocab: vocab, inputLengths: inputLengths, targets: targets,
            maxTargetLength: maxTargetLength, targetLengths: targetLengths, zeroInfinity: zeroInfinity,
            loss: &loss, grad: &grad)
        return (loss, grad)
    }

    /// Target of sequence `b`.
    func target(_ b: Int) -> [Int32] {
        Array(targets[(b * maxTargetLength)..<(b * maxTargetLength + Int(targetLengths[b]))])
    }

    /// `-log p(target_b)` by summing over every path of `V^T` frames that collapses to the target
    /// (merge repeats, drop blanks), in Double. Only for tiny `T` and `V`.
    func bruteForceLoss(_ b: Int) -> Double {
        let frames = Int(inputLengths[b]), blank = Int32(vocab - 1)
        let lp: [[Double]] = (0..<frames).map { t in
            let row = (0..<vocab).map { Double(logits[(b * time + t) * vocab + $0]) }
            let lse = Foundation.log(row.reduce(0) { $0 + Foundation.exp($1) })
            return row.map { $0 - lse }
        }
        let want = target(b)
        var total = 0.0
        var path = [Int32](repeating: 0, count: frames)
        let count = Int(pow(Double(vocab), Double(frames)))
        for code in 0..<count {
            var c = code, logP = 0.0
            for t in 0..<frames {
                path[t] = Int32(c % vocab)
                c /= vocab
                logP += lp[t][Int(path[t])]
            }
            var collapsed: [Int32] = []
            var previous: Int32 = -1
            for p in path {
                if p != previous && p != blank { collapsed.append(p) }
                previous = p
            }
            if collapsed == want { total += Foundation.exp(logP) }
        }
        return -Foundation.log(total)
    }
}

/// Largest `|a - b|` (CTC tests) over two equally long arrays (NaN if either holds a NaN).
func ctcMaxDiff(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count)
    var worst: Float = 0
    for i in 0..<a.count {
        let d = Swift.abs(a[i] - b[i])
        if d.isNaN { return .nan }
        worst = Swift.max(worst, d)
    }
    return worst
}
