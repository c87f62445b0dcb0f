import ReturnnKernels

/// The fused LSTM primitive (RETURNN's NativeLstm2), forward and gradient rule.
extension Tape {
    /// Outputs of `nativeLstm2`.
    public struct LstmOutputs {
        /// All outputs `[T, B, n]` (0 on padded frames).
        public let y: Variable
        /// Output after the last valid frame of each sequence `[B, n]`.
        public let finalY: Variable
        /// Cell state after the last valid frame of each sequence `[B, n]`.
        public let finalC: Variable
    }

    /// Runs a whole LSTM layer over time with the fused kernel `NativeLstm2` (RETURNN's
    /// `nativelstm2` unit; `lstm` maps to it).
    ///
    /// - Parameters:
    ///   - x: the input projection incl. bias, time-major `[T, B, 4n]`, gate order cell-in, input,
    ///     forget, output.
    ///   - wRe: recurrent weights `W_re` `[n, 4n]`.
    ///   - y0, c0: initial output and cell state `[B, n]`; `nil` = zeros (constant).
    ///   - mask: `[T, B]` constant of 0/1 (padding frames carry the state and output 0).
    ///   - direction: `1` forward in time, `-1` backward (buffers stay indexed by real time).
    /// Gradients flow to `x`, `wRe`, `y0`, `c0` from `y`, `finalY` and `finalC`.
    public func nativeLstm2(
        x: Variable, wRe: Variable, y0: Variable? = nil, c0: Variable? = nil, mask: Tensor, direction: Int,
        threads: Int = Parallel.defaultThreads
    ) -> LstmOutputs {
        precondition(x.rank == 3 && x.shape[2] % 4 == 0, "Tape.nativeLstm2: x must be [T, B, 4n], got \(x.shape)")
        let (t, b, n) = (x.shape[0], x.shape[1], x.shape[2] / 4)
        precondition(wRe.shape == [n, 4 * n], "Tape.nativeLstm2: W_re must be [\(n), \(4 * n)], got \(wRe.shape)")
        precondition(mask.shape == [t, b], "Tape.nativeLstm2: mask must be [\(t), \(b)], got \(mask.shape)")
        precondition(direction == 1 || direction == -1, "Tape.nativeLstm2: direction must be 1 or -1")
        let y0v = y0 ?? Variable(Tensor(zeros: [b, n]))
        let c0v = c0 ?? Variable(Tensor(zeros: [b, n]))
        precondition(y0v.shape == [b, n] && c0v.shape == [b, n], "Tape.nativeLstm2: initial states must be [\(b), \(n)]")
        let y = Tensor(uninitialized: [t, b, n])
        let c = Tensor(uninitialized: [t, b, n])
        let gates = Tensor(uninitialized: [t, b, 4 * n])
        let finalY = Tensor(uninitialized: [b, n])
        let finalC = Tensor(uninitialized: [b, n])
        let (wv, y0t, c0t) = (wRe.value, y0v.value, c0v.value)
        NativeLstm2.forward(
            x: x.value.pointer, wRe: wv.pointer, y0: y0t.pointer, c0: c0t.pointer, mask: mask.pointer,
            timeSteps: t, batch: b, nCells: n, direction: direction,
            y: y.freshPointer, c: c.freshPointer, gates: gates.freshPointer,
            finalY: finalY.freshPointer, finalC: finalC.freshPointer, threads: threads)
        let outs = record(inputs: [x, wRe, y0v, c0v], outputs: [y, finalY, finalC]) { ctx in
            let dY = ctx.outputGradientOrZeros(0)
            let dFinalY = ctx.outputGradient(1), dFinalC = ctx.outputGradient(2)
            let dX = Tensor(uninitialized: [t, b, 4 * n])
            let dW = Tensor(uninitialized: [n, 4 * n])
            let dy0 = Tensor(uninitialized: [b, n])
            let dc0 = Tensor(uninitialized: [b, n])
            NativeLstm2.backward(
                wRe: wv.pointer, y0: y0t.pointer, c0: c0t.pointer, mask: mask.pointer,
                timeSteps: t, batch: b, nCells: n, direction: direction,
                y: y.pointer, c: c.pointer, gates: gates.pointer,
                dY: dY.pointer, dFinalY: dFinalY?.pointer, dFinalC: dFinalC?.pointer,
                dX: dX.freshPointer, dWRe: dW.freshPointer, dy0: dy0.freshPointer, dc0: dc0.freshPointer,
                threads: threads)
            ctx.accumulate(0, dX)
            ctx.accumulate(1, dW)
            ctx.accumulate(2, dy0)
            ctx.accumulate(3, dc0)
        }
        return LstmOutputs(y: outs[0], finalY: outs[1], finalC: outs[2])
    }
}
