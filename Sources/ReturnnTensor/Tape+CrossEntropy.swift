import ReturnnKernels

/// Cross-entropy primitives beyond the plain sparse one in `Tape+Softmax.swift`: sparse with
/// label smoothing, and dense (soft) targets.
extension Tape {
    /// Summed sparse softmax cross-entropy with RETURNN's `label_smoothing` (loss `ce` option,
    /// upstream `smoothing_cross_entropy`): the target distribution is `1 - ls` at the label and
    /// `ls / (C - 1)` at every other class; each row's loss has the entropy of that distribution
    /// subtracted (upstream's "normalizing" constant), so a perfect prediction scores about 0.
    ///
    /// - Parameters:
    ///   - logits: `[N, C]` (or `[..., C]`, flattened to rows); `C >= 2` when `labelSmoothing > 0`.
    ///   - targets: `N` class indices in `0..<C`.
    ///   - weights: optional `N` per-row weights; 0 masks padding frames (loss and gradient 0).
    ///   - labelSmoothing: `ls` in `[0, 1]`; 0 is the plain sparse cross-entropy.
    /// Returns a scalar; the gradient is computed in the forward pass (fused kernel).
    public func sparseCrossEntropy(_ logits: Variable, targets: IntTensor, weights: Tensor? = nil,
                                   labelSmoothing: Float) -> Variable {
        precondition(logits.rank >= 1, "Tape.sparseCrossEntropy: logits need at least 1-D")
        let cols = logits.shape[logits.rank - 1]
        let rows = cols == 0 ? 0 : logits.value.count / cols
        precondition(targets.count == rows, "Tape.sparseCrossEntropy: \(targets.count) targets for \(rows) rows")
        if let weights {
            precondition(weights.count == rows, "Tape.sparseCrossEntropy: \(weights.count) weights for \(rows) rows")
        }
        let grad: Tensor? = needsGradient([logits]) ? Tensor(uninitialized: logits.shape) : nil
        let perRow = Tensor(uninitialized: [rows])
        let total = Softmax.sparseCrossEntropy(
            logits: logits.value.pointer, targets: targets.pointer, weights: weights?.pointer, rows: rows, cols: cols,
            labelSmoothing: labelSmoothing, loss: perRow.freshPointer, grad: grad?.freshPointer)
        return recordScalarLoss(total, input: logits, grad: grad)
    }

    /// Summed softmax cross-entropy with dense (soft) targets (RETURNN loss `ce` with a dense
    /// target, TF `softmax_cross_entropy_with_logits`):
    /// `sum_r w_r * -sum_j targets[r, j] * log softmax(logits[r])_j`, a scalar.
    ///
    /// - Parameters:
    ///   - logits: `[N, C]` (or `[..., C]`, flattened to rows).
    ///   - targets: same shape as `logits`; a tracked target (e.g. another layer's output) gets
    ///     the gradient `-w_r * log softmax(logits[r])`, as in TF.
    ///   - weights: optional `N` per-row weights; 0 masks padding frames.
    public func denseCrossEntropy(_ logits: Variable, targets: Variable, weights: Tensor? = nil) -> Variable {
        precondition(logits.rank >= 1, "Tape.denseCrossEntropy: logits need at least 1-D")
        precondition(logits.value.count == targets.value.count,
                     "Tape.denseCrossEntropy: targets \(targets.shape) do not match logits \(logits.shape)")
        let cols = logits.shape[logits.rank - 1]
        let rows = cols == 0 ? 0 : logits.value.count / cols
        if let weights {
            precondition(weights.count == rows, "Tape.denseCrossEntropy: \(weights.count) weights for \(rows) rows")
        }
        let grad: Tensor? = needsGradient([logits]) ? Tensor(uninitialized: logits.shape) : nil
        let perRow = Tensor(uninitialized: [rows])
        let x = logits.value, t = targets.value
        let total = Softmax.denseCrossEntropy(
            logits: x.pointer, targets: t.pointer, weights: weights?.pointer, rows: rows, cols: cols,
            loss: perRow.freshPointer, grad: grad?.freshPointer)
        let y = Tensor(scalar: Float(total))
        guard needsGradient([logits, targets]) else { return Variable(y) }
        return record(inputs: [logits, targets], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let s = dy.scalar
            if let grad, ctx.needsGradient(0) {
                Elementwise.axpy(s, grad.pointer, ctx.gradientBuffer(0), count: grad.count)
            }
            if ctx.needsGradient(1) {
                let logP = Tensor(uninitialized: x.shape)
                Softmax.logForward(x.pointer, logP.freshPointer, rows: rows, cols: cols)
                let dt = ctx.gradientBuffer(1), lp = logP.pointer
                for r in 0..<rows {
                    let f = -s * (weights?.pointer[r] ?? 1)
                    if f == 0 { continue }
                    for j in 0..<cols { dt[r * cols + j] += f * lp[r * cols + j] }
                }
            }
        }
    }

    /// Records a scalar loss whose gradient w.r.t. `input` was computed in the forward pass.
    private func recordScalarLoss(_ total: Double, input: Variable, grad: Tensor?) -> Variable {
        let y = Tensor(scalar: Float(total))
        guard let grad else { return Variable(y) }
        return record(inputs: [input], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            let s = dy.scalar
            if s == 1 {
                ctx.accumulate(0, grad)
            } else {
                Elementwise.axpy(s, grad.pointer, ctx.gradientBuffer(0), count: grad.count)
            }
        }
    }
}
