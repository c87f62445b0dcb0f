import ReturnnTensor

/// The LSTM units of `rec` on the fused NativeLstm2 kernel: `lstm`, `nativelstm`, `nativelstm2`,
/// `nativelstmlowmem`, `lstmblock`, `lstmblockfused`, `basiclstm`, `standardlstm` (RETURNN maps
/// `lstm` to NativeLSTM2; all share its parameter layout here).
///
/// Parameters: `rec/W` `[in, 4n]` (`forward_weights_init`, glorot uniform), `rec/b` `[4n]`
/// (`bias_init`, 0), `rec/W_re` `[n, 4n]` (`recurrent_weights_init`, glorot uniform); gate order
/// cell-in, input, forget, output; no forget bias.
struct LstmUnit: RecUnit {
    /// Unit names (lower-case, trailing `cell` stripped) that map here.
    static let names = ["lstm", "lstmp", "nativelstm", "nativelstm2", "nativelstmlowmem", "lstmblock", "lstmblockfused",
                        "basiclstm", "standardlstm", "cudnnlstm"]
    let w: String, b: String, wRe: String

    init(_ builder: LayerBuilder, nOut n: Int, input: DataTemplate) throws {
        guard let inDim = input.dim else { throw builder.error(.dimensionMismatch, "input \(input) has no feature dim") }
        let fw = try builder.initializer("forward_weights_init", default: .glorotUniform)
        let rw = try builder.initializer("recurrent_weights_init", default: .glorotUniform)
        let bi = try builder.initializer("bias_init", default: .constant(0))
        let gates = [[inDim], [n, n, n, n]]
        w = builder.parameter("rec/W", shape: [inDim, 4 * n], initializer: fw, split: gates)
        wRe = builder.parameter("rec/W_re", shape: [n, 4 * n], initializer: rw, split: [[n], [n, n, n, n]])
        b = builder.parameter("rec/b", shape: [4 * n], initializer: bi, split: [[n, n, n, n]])
    }

    func run(_ x: LayerValue, direction: Int, initial: LastHiddenState?, _ ctx: ForwardContext) -> (output: Variable, state: LastHiddenState) {
        let tape = ctx.tape
        let proj = Self.project(x, w: w, b: b, ctx)                 // [B, T, 4n]
        let tm = tape.transpose(proj, [1, 0, 2])                    // [T, B, 4n]
        let out = tape.nativeLstm2(x: tm, wRe: ctx.parameter(wRe), y0: initial?.part("h"), c0: initial?.part("c"), mask: Self.timeMajorMask(x),
                                   direction: direction)
        // RETURNN's LSTMStateTuple(c, h): the cell state and the output after the last frame.
        return (tape.transpose(out.y, [1, 0, 2]), .namedTuple([("c", out.finalC), ("h", out.finalY)]))   // [B, T, n]
    }
}
