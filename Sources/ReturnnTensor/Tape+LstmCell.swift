import ReturnnKernels

/// One fused LSTM cell step on the tape (the per-frame form of `rnn_cell` with an LSTM unit), forward
/// and gradient rule.
extension Tape {
    /// One LSTM step from the gate pre-activations `z` (`[B, 4n]`, blocks in `layout`) and the
    /// previous cell state `cPrev` (`[B, n]`): returns the output `h` and the new cell state `c`
    /// (`[B, n]` each); see `LstmCellStep` for the math. Gradients flow to `z` and `cPrev` from `h` and `c`.
    public func lstmCell(z: Variable, cPrev: Variable, layout: LstmCellStep.Layout, forgetBias: Float = 0) -> (h: Variable, c: Variable) {
        precondition(z.rank == 2 && z.shape[1] % 4 == 0, "Tape.lstmCell: z must be [B, 4n], got \(z.shape)")
        let (b, n) = (z.shape[0], z.shape[1] / 4)
        precondition(cPrev.shape == [b, n], "Tape.lstmCell: cPrev must be [\(b), \(n)], got \(cPrev.shape)")
        let h = Tensor(uninitialized: [b, n]), c = Tensor(uninitialized: [b, n])
        let acts = Tensor(uninitialized: [b, 4 * n])
        let (zv, cp) = (z.value, cPrev.value)
        LstmCellStep.forward(z: zv.pointer, cPrev: cp.pointer, batch: b, nCells: n, layout: layout, forgetBias: forgetBias,
                             h: h.freshPointer, c: c.freshPointer, acts: acts.freshPointer)
        let outs = record(inputs: [z, cPrev], outputs: [h, c]) { ctx in
            let dz = Tensor(uninitialized: [b, 4 * n]), dcPrev = Tensor(uninitialized: [b, n])
            let (dh, dc) = (ctx.outputGradient(0), ctx.outputGradient(1))
            LstmCellStep.backward(acts: acts.pointer, c: c.pointer, cPrev: cp.pointer, dh: dh?.pointer, dc: dc?.pointer,
                                  batch: b, nCells: n, layout: layout, dz: dz.freshPointer, dcPrev: dcPrev.freshPointer)
            ctx.accumulate(0, dz)
            ctx.accumulate(1, dcPrev)
        }
        return (outs[0], outs[1])
    }
}
