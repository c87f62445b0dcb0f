import ReturnnKernels

/// Softmax, log-softmax and the fused sparse softmax cross-entropy loss, forward and gradient rules.
extension Tape {
    /// Softmax over the last axis (RETURNN activation `softmax`).
    public func softmax(_ x: Variable) -> Variable {
        precondition(x.rank >= 1, "Tape.softmax: needs at least 1-D input")
        let cols = x.shape[x.rank - 1]
        let rows = cols == 0 ? 0 : x.value.count / cols
        let y = Tensor(uninitialized: x.shape)
        Softmax.forward(x.value.pointer, y.freshPointer, rows: rows, cols: cols)
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            Softmax.backward(y: y.pointer, dy: dy.pointer, dx: ctx.gradientBuffer(0), rows: rows, cols: cols,
                             accumulate: true)
        }
    }

    /// Log-softmax over the last axis (RETURNN activation `log_softmax`).
    public func logSoftmax(_ x: Variable) -> Variable {
        precondition(x.rank >= 1, "Tape.logSoftmax: needs at least 1-D input")
        let cols = x.shape[x.rank - 1]
        let rows = cols == 0 ? 0 : x.value.count / cols
        let y = Tensor(uninitialized: x.shape)
        Softmax.logForward(x.value.pointer, y.freshPointer, rows: rows, cols: cols)
        return record(inputs: [x], output: y) { ctx in
            guard let dy = ctx.outputGradient() else { return }
            Softmax.logBackward(y: y.pointer, dy: dy.pointer, dx: ctx.gradientBuffer(0), rows: rows, cols: cols,
                                accumulate: true)
        }
    }

    /// Summed sparse softmax cross-entropy (RETURNN loss `ce` on a softmax output, summed as RETURNN
    /// does): `sum_r w_r * -log softmax(logits[r])[targets[r]]`, returned as a scalar.
    ///
    /// - Parameters:
    ///   - logits: `[N, C]` (or `[..., C]`, flattened to rows).
    ///   - targets: `N` class indices in `0..<C` (any shape with `N` elements).
    ///   - weights: optional `N` per-row weights; 0 masks padding frames.
    /// The gradient is computed in the forward pass (fused kernel) when one is needed.
    public func sparseCrossEntropy(_ logits: Variable, targets: IntTensor, weights: Tensor? = nil) -> Variable {
        precondition(logits.rank >= 1, "Tape.sparseCrossEntropy: logits need at least 1-D")
        let cols = logits.shape[logits.rank - 1]
        let rows = cols == 0 ? 0 : logits.value.count / cols
        precondition(targets.count == rows, "Tape.sparseCrossEntropy: \(targets.count) targets for \(rows) rows")
        if let weights {
            precondition(weights.count == rows, "Tape.sparseCrossEntropy: \(weights.count) weights for \(rows) rows")
        }
        let wantGrad = needsGradient([logits])
        let perRow = Tensor(uninitialized: [rows])
        let grad: Tensor? = wantGrad ? Tensor(uninitialized: logits.shape) : nil
        let total = Softmax.sparseCrossEntropy(
            logits: logits.value.pointer, targets: targets.pointer, weights: weights?.pointer,
            rows: rows, cols: cols, loss: perRow.freshPointer, grad: grad?.freshPointer)
        let y = Tensor(scalar: Float(total))
        guard let grad else { return Variable(y) }
        return record(inputs: [logits], output: y) { ctx in
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
