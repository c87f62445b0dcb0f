import Foundation

/// Connectionist temporal classification loss and its gradient (RETURNN loss `ctc`: TF
/// `tf.nn.ctc_loss` with `ctc_merge_repeated=True`, `preprocess_collapse_repeated=False`, on the
/// logits of the output layer; the blank is the last class).
///
/// Shape contract (all buffers contiguous, row-major):
/// - `logits`: `[batch, time, vocab]` unnormalised scores; the softmax is applied inside. Class
///   `vocab - 1` is the blank. Log-probabilities may be passed as they are (log-softmax leaves
///   them unchanged), which covers RETURNN's `output_in_log_space`.
/// - `inputLengths`: `[batch]`, each in `0...time`; frames `t >= inputLengths[b]` are padding.
/// - `targets`: `[batch, maxTargetLength]` padded labels; the first `targetLengths[b]` of row `b`
///   are the target, each in `0..<vocab - 1`; the rest is ignored.
/// - `targetLengths`: `[batch]`, each in `0...maxTargetLength`.
/// - `loss` (out): `[batch]`, `loss[b] = -log p(target_b | logits_b)`, summed over all alignments
///   (label repeats need a blank between them; any label may repeat over frames).
/// - `grad` (out, optional): `[batch, time, vocab]`, `d loss[b] / d logits[b, t, :]` =
///   `softmax(logits[b, t, :]) - occupation_t`, where `occupation_t[v]` is the posterior
///   probability that frame `t` emits class `v`. Padded frames get 0.
///
/// **Infeasible sequences** (the target needs more frames than the input has: `targetLength`
/// plus one blank per pair of equal neighbours) get `loss = +inf` and a zero gradient, so the
/// engine's non-finite-loss check reports them instead of training on them silently. (TF with
/// `ignore_longer_outputs_than_inputs=False` raises; RETURNN's native CTC with
/// `behavior_version >= 30` or `tf_native_ctc_zero_infinity` uses 0.) Pass `zeroInfinity: true`
/// for 0 instead of +inf. A sequence with empty target and no frames has loss 0. NaN logits in a
/// sequence's valid frames give it loss NaN and a NaN gradient on its valid frames.
///
/// Method: per sequence, log-softmax of the valid frames, then the alpha and beta recursions over
/// the `2L + 1` states (blank, label, blank, ..., blank) in log space, 16 states per SIMD step with
/// `SIMDMath.exp/log`. Each frame's row is shifted by its maximum, and the shifts are summed in
/// Double, so Float rounding stays relative to values near 0 over long sequences. Sequences are
/// dealt round-robin over `threads`. Measured (debug build, numeric targets at `-O`): 12.3 ms per
/// loss and gradient for B=16, T=200, V=80, S=40 on 1 thread (0.8 ms per sequence), about half
/// on 2.
///
/// Accuracy vs the Double twin `Ctc.Naive` (asserted in `CtcTests`): loss rel 1e-5 (+ abs 1e-4);
/// gradient abs 2e-5 up to 40 frames and 1e-4 at 200 frames (the Float rounding of the
/// recursions accumulates along the sequence: 4.2e-5 measured at T=200, V=80, S=40 and 9.4e-4 at
/// T=1500, S=600, logits in [-8, 8]; PyTorch's float32 `ctc_loss` is 4.6e-4 and 5.7e-3 off its
/// float64 result on the same shapes).
public enum Ctc {
    /// Below this many `frames * (vocab + states)` of work the batch stays on the calling thread.
    static let parallelThreshold = 1 << 15

    /// CTC loss per sequence and, when `grad` is given, its gradient w.r.t. the logits (see the
    /// type's shape contract). Returns the sum of the losses in Double.
    ///
    /// - Parameters:
    ///   - zeroInfinity: give infeasible sequences loss 0 instead of +inf (gradient 0 either way).
    ///   - threads: most threads to use.
    @discardableResult
    public static func lossAndGradient(
        logits: UnsafePointer<Float>, batch: Int, time: Int, vocab: Int,
        inputLengths: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, maxTargetLength: Int,
        targetLengths: UnsafePointer<Int32>, zeroInfinity: Bool = false,
        loss: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>?,
        threads: Int = Parallel.defaultThreads
    ) -> Double {
        precondition(batch >= 0 && time >= 0 && maxTargetLength >= 0, "Ctc: negative size")
        precondition(vocab >= 1, "Ctc: vocab must hold at least the blank")
        var work = 0
        for b in 0..<batch {
            let tb = Int(inputLengths[b]), l = Int(targetLengths[b])
            precondition(tb >= 0 && tb <= time, "Ctc: input length \(tb) of seq \(b) outside 0...\(time)")
            precondition(l >= 0 && l <= maxTargetLength,
                         "Ctc: target length \(l) of seq \(b) outside 0...\(maxTargetLength)")
            for i in 0..<l {
                let label = targets[b * maxTargetLength + i]
                precondition(label >= 0 && Int(label) < vocab - 1,
                             "Ctc: label \(label) at seq \(b) position \(i) outside 0..<\(vocab - 1)")
            }
            work += tb * (vocab + 2 * l + 1)
        }
        let problem = Problem(
            logits: SendablePointer(logits), time: time, vocab: vocab, inputLengths: SendablePointer(inputLengths),
            targets: SendablePointer(targets), maxTargetLength: maxTargetLength,
            targetLengths: SendablePointer(targetLengths), zeroInfinity: zeroInfinity,
            loss: SendablePointer(loss), grad: grad.map { SendablePointer($0) })
        // Sequences are dealt round-robin, so a batch sorted by length splits its work evenly.
        let lanes = Swift.max(1, Swift.min(work < parallelThreshold ? 1 : threads, batch))
        Parallel.forChunks(count: lanes, threads: lanes) { _, range in
            for lane in range {
                for b in stride(from: lane, to: batch, by: lanes) { problem.sequence(b) }
            }
        }
        var total = 0.0
        for b in 0..<batch { total += Double(loss[b]) }
        return total
    }

    /// Checks lengths and labels before `lossAndGradient` (same shape contract), throwing the
    /// first problem found with where and what to fix.
    public static func validate(
        batch: Int, time: Int, vocab: Int, inputLengths: UnsafePointer<Int32>, targets: UnsafePointer<Int32>,
        maxTargetLength: Int, targetLengths: UnsafePointer<Int32>
    ) throws(CtcError) {
        guard vocab >= 1 else { throw .noBlankClass }
        for b in 0..<batch {
            let tb = Int(inputLengths[b]), l = Int(targetLengths[b])
            guard tb >= 0 && tb <= time else { throw .inputLengthOutOfRange(seq: b, length: tb, time: time) }
            guard l >= 0 && l <= maxTargetLength else {
                throw .targetLengthOutOfRange(seq: b, length: l, maxTargetLength: maxTargetLength)
            }
            for i in 0..<l {
                let label = Int(targets[b * maxTargetLength + i])
                guard label >= 0 && label < vocab - 1 else {
                    throw .labelOutOfRange(seq: b, position: i, label: label, blank: vocab - 1)
                }
            }
        }
    }

    /// Fewest frames an alignment of `labels` needs: one per label plus one blank between each
    /// pair of equal neighbours.
    public static func minimumFrames(_ labels: UnsafeBufferPointer<Int32>) -> Int {
        var n = labels.count
        if labels.count > 1 {
            for i in 1..<labels.count where labels[i] == labels[i - 1] { n += 1 }
        }
        return n
    }

    /// The batch-wide arguments, shared by the threads (each writes only its own sequences).
    struct Problem: Sendable {
        let logits: SendablePointer<Float>
        let time: Int
        let vocab: Int
        let inputLengths: SendablePointer<Int32>
        let targets: SendablePointer<Int32>
        let maxTargetLength: Int
        let targetLengths: SendablePointer<Int32>
        let zeroInfinity: Bool
        let loss: SendablePointer<Float>
        let grad: SendablePointer<Float>?

        /// Loss and gradient of sequence `b`.
        func sequence(_ b: Int) {
            let frames = Int(inputLengths.p[b]), labelCount = Int(targetLengths.p[b])
            let labels = UnsafeBufferPointer(start: targets.p + b * maxTargetLength, count: labelCount)
            let seqLogits = logits.p + b * time * vocab
            let seqGrad = grad.map { $0.p + b * time * vocab }
            // Padded frames get no gradient; valid frames are overwritten below or zeroed on early exits.
            seqGrad?.advanced(by: frames * vocab).update(repeating: 0, count: (time - frames) * vocab)
            if frames == 0 && labelCount == 0 {
                loss.p[b] = 0
                return
            }
            guard frames >= Ctc.minimumFrames(labels) else {
                loss.p[b] = zeroInfinity ? 0 : .infinity
                seqGrad?.update(repeating: 0, count: frames * vocab)
                return
            }
            let lattice = CtcLattice(labels: labels, blank: Int32(vocab - 1), frames: frames)
            defer { lattice.deallocate() }
            let logProbs = UnsafeMutablePointer<Float>.allocate(capacity: frames * vocab)
            defer { logProbs.deallocate() }
            Softmax.logForward(seqLogits, logProbs, rows: frames, cols: vocab, threads: 1)
            lattice.gatherEmissions(logProbs, vocab: vocab)
            let logZ = lattice.forward()
            guard logZ != -.infinity else {
                // Feasible by length, but every path has probability 0 (-inf logits).
                loss.p[b] = zeroInfinity ? 0 : .infinity
                seqGrad?.update(repeating: 0, count: frames * vocab)
                return
            }
            loss.p[b] = Float(-logZ)
            guard let seqGrad else { return }
            if logZ.isNaN {
                seqGrad.update(repeating: .nan, count: frames * vocab)
                return
            }
            Softmax.forward(seqLogits, seqGrad, rows: frames, cols: vocab, threads: 1)
            lattice.backward(logZ: logZ, grad: seqGrad, vocab: vocab)
        }
    }
}
