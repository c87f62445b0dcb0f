import ReturnnKernels

/// CTC loss (RETURNN loss `ctc`), forward and gradient rule.
extension Tape {
    /// Per-sequence CTC loss `-log p(target_b | logits_b)` over unnormalised logits, blank = last
    /// class (RETURNN `CtcLoss`, TF `tf.nn.ctc_loss` with `ctc_merge_repeated=True`); see
    /// `Ctc.lossAndGradient` for the exact contract.
    ///
    /// - Parameters:
    ///   - logits: `[B, T, V]` batch-major scores, `V` = target classes + 1 (blank `V - 1`).
    ///   - inputLengths: `[B]` valid frames per sequence, each in `0...T`.
    ///   - targets: `[B, S]` padded labels in `0..<V - 1`.
    ///   - targetLengths: `[B]` target lengths, each in `0...S`.
    ///   - zeroInfinity: infeasible sequences (target longer than the input allows) get loss 0
    ///     instead of `+inf`; their gradient is 0 either way.
    /// - Returns: `[B]` losses. Their gradient w.r.t. `logits` is the kernel's
    ///   `softmax - posterior`, scaled per sequence by the incoming gradient; padded frames get 0.
    ///
    /// Lengths and labels are checked with `precondition`; call `Ctc.validate` first to turn bad
    /// data into a `CtcError`. The gradient is computed in the forward pass when one is needed.
    public func ctcLoss(
        logits: Variable, inputLengths: IntTensor, targets: IntTensor, targetLengths: IntTensor,
        zeroInfinity: Bool = false
    ) -> Variable {
        precondition(logits.rank == 3, "Tape.ctcLoss: logits must be [B, T, V], got \(logits.shape)")
        let batch = logits.shape[0], time = logits.shape[1], vocab = logits.shape[2]
        precondition(inputLengths.shape == [batch], "Tape.ctcLoss: inputLengths \(inputLengths.shape) for batch \(batch)")
        precondition(targets.rank == 2 && targets.shape[0] == batch,
                     "Tape.ctcLoss: targets must be [\(batch), S], got \(targets.shape)")
        precondition(targetLengths.shape == [batch],
                     "Tape.ctcLoss: targetLengths \(targetLengths.shape) for batch \(batch)")
        let wantGrad = needsGradient([logits])
        let losses = Tensor(uninitialized: [batch])
        let grad: Tensor? = wantGrad ? Tensor(uninitialized: logits.shape) : nil
        Ctc.lossAndGradient(
            logits: logits.value.pointer, batch: batch, time: time, vocab: vocab,
            inputLengths: inputLengths.pointer, targets: targets.pointer, maxTargetLength: targets.shape[1],
            targetLengths: targetLengths.pointer, zeroInfinity: zeroInfinity,
            loss: losses.freshPointer, grad: grad?.freshPointer)
        guard let grad else { return Variable(losses) }
        return record(inputs: [logits], output: losses) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let perSeq = time * vocab
            if (0..<batch).allSatisfy({ dy.pointer[$0] == 1 }) {
                ctx.accumulate(0, grad)
                return
            }
            let dx = ctx.gradientBuffer(0)
            for b in 0..<batch where dy.pointer[b] != 0 {
                Elementwise.axpy(dy.pointer[b], grad.pointer + b * perSeq, dx + b * perSeq, count: perSeq)
            }
        }
    }
}
