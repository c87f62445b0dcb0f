/// One LSTM cell step on precomputed gate pre-activations, fused into one pass (the per-frame form
/// of `rnn_cell` with an LSTM unit; `NativeLstm2` is the whole-sequence kernel).
///
/// Shape contract (dense, row-major, Float32; `B` batch rows, `n` cells):
/// - `z`: `[B, 4n]`, the pre-activations `[x, h]·W + b` with its four `n`-wide blocks in the order
///   `layout` names (TF's `LSTMCell`/`BasicLSTMCell`: input, cell-in, forget, output; RETURNN's
///   native LSTM: cell-in, input, forget, output).
/// - `cPrev`: `[B, n]`, the previous cell state.
/// - `forgetBias`: added to the forget pre-activation (TF cells' `forget_bias`, native 0).
///
/// Per element: `cellIn = tanh(zc)`, `i = σ(zi)`, `f = σ(zf + forgetBias)`, `o = σ(zo)`,
/// `c = i * cellIn + f * cPrev`, `h = o * tanh(c)`. The forward stores the four activations in
/// `acts` (`[B, 4n]`, always in the native order cell-in, input, forget, output) for the backward.
/// The math uses the `SIMDMath` approximations of tanh/σ, like `NativeLstm2`; `LstmCellStep.Naive`
/// is the libm twin.
public enum LstmCellStep {
    /// Where the four gate blocks lie in `z` (block indices 0...3).
    public struct Layout: Sendable, Equatable {
        /// Block of the cell input (TF's `j`).
        public let cellIn: Int
        /// Block of the input gate.
        public let input: Int
        /// Block of the forget gate.
        public let forget: Int
        /// Block of the output gate.
        public let output: Int

        /// A layout; the four blocks must be a permutation of 0...3.
        public init(cellIn: Int, input: Int, forget: Int, output: Int) {
            precondition(Set([cellIn, input, forget, output]) == Set(0..<4), "LstmCellStep.Layout: blocks must be a permutation of 0...3")
            (self.cellIn, self.input, self.forget, self.output) = (cellIn, input, forget, output)
        }

        /// TF's `LSTMCell`/`BasicLSTMCell`: `i, j, f, o`.
        public static let tensorFlow = Layout(cellIn: 1, input: 0, forget: 2, output: 3)
        /// RETURNN's native LSTM (`NativeLstm2`): cell-in, input, forget, output.
        public static let native = Layout(cellIn: 0, input: 1, forget: 2, output: 3)

        /// The block offsets (in units of `n`) in the order cell-in, input, forget, output.
        var blocks: [Int] { [cellIn, input, forget, output] }
    }

    /// Forward: writes `h`, `c` (`[B, n]`) and `acts` (`[B, 4n]`). Outputs must not alias inputs.
    public static func forward(
        z: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, batch: Int, nCells n: Int, layout: Layout,
        forgetBias: Float, h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
        acts: UnsafeMutablePointer<Float>
    ) {
        precondition(batch >= 0 && n >= 0, "LstmCellStep.forward: negative size")
        let g4 = 4 * n
        let (oc, oi, of, oo) = (layout.cellIn * n, layout.input * n, layout.forget * n, layout.output * n)
        let fb = SIMD16<Float>(repeating: forgetBias)
        for b in 0..<batch {
            let zr = z + b * g4, ar = acts + b * g4, row = b * n
            var j = 0
            while j < n {
                let lanes = min(16, n - j)
                let cellIn = SIMDMath.tanh(NativeLstm2.load(zr + oc + j, lanes))
                let ig = SIMDMath.sigmoid(NativeLstm2.load(zr + oi + j, lanes))
                let fg = SIMDMath.sigmoid(NativeLstm2.load(zr + of + j, lanes) + fb)
                let og = SIMDMath.sigmoid(NativeLstm2.load(zr + oo + j, lanes))
                let cv = ig * cellIn + fg * NativeLstm2.load(cPrev + row + j, lanes)
                NativeLstm2.store(cellIn, ar + j, lanes)
                NativeLstm2.store(ig, ar + n + j, lanes)
                NativeLstm2.store(fg, ar + 2 * n + j, lanes)
                NativeLstm2.store(og, ar + 3 * n + j, lanes)
                NativeLstm2.store(cv, c + row + j, lanes)
                NativeLstm2.store(og * SIMDMath.tanh(cv), h + row + j, lanes)
                j += lanes
            }
        }
    }

    /// Backward: from the forward's `acts`, `c` and `cPrev` and the gradients `dh`, `dc` of the
    /// outputs (`nil` = zero), writes `dz` (`[B, 4n]`, in `layout`) and `dcPrev` (`[B, n]`).
    public static func backward(
        acts: UnsafePointer<Float>, c: UnsafePointer<Float>, cPrev: UnsafePointer<Float>,
        dh: UnsafePointer<Float>?, dc: UnsafePointer<Float>?, batch: Int, nCells n: Int, layout: Layout,
        dz: UnsafeMutablePointer<Float>, dcPrev: UnsafeMutablePointer<Float>
    ) {
        precondition(batch >= 0 && n >= 0, "LstmCellStep.backward: negative size")
        let g4 = 4 * n
        let (oc, oi, of, oo) = (layout.cellIn * n, layout.input * n, layout.forget * n, layout.output * n)
        let zero = SIMD16<Float>(repeating: 0)
        for b in 0..<batch {
            let ar = acts + b * g4, dr = dz + b * g4, row = b * n
            var j = 0
            while j < n {
                let lanes = min(16, n - j)
                let cellIn = NativeLstm2.load(ar + j, lanes)
                let ig = NativeLstm2.load(ar + n + j, lanes)
                let fg = NativeLstm2.load(ar + 2 * n + j, lanes)
                let og = NativeLstm2.load(ar + 3 * n + j, lanes)
                let tc = SIMDMath.tanh(NativeLstm2.load(c + row + j, lanes))
                let dhv = dh.map { NativeLstm2.load($0 + row + j, lanes) } ?? zero
                let dcv = dc.map { NativeLstm2.load($0 + row + j, lanes) } ?? zero
                let dcTot = dcv + dhv * og * (1 - tc * tc)
                NativeLstm2.store(dcTot * ig * (1 - cellIn * cellIn), dr + oc + j, lanes)
                NativeLstm2.store(dcTot * cellIn * ig * (1 - ig), dr + oi + j, lanes)
                NativeLstm2.store(dcTot * NativeLstm2.load(cPrev + row + j, lanes) * fg * (1 - fg), dr + of + j, lanes)
                NativeLstm2.store(dhv * tc * og * (1 - og), dr + oo + j, lanes)
                NativeLstm2.store(dcTot * fg, dcPrev + row + j, lanes)
                j += lanes
            }
        }
    }
}
