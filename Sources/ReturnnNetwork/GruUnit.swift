import ReturnnTensor

/// The `gru` unit of `rec`: TF's `GRUCell` (RETURNN `unit: "gru"`), run step by step.
///
/// `[r, u] = sigmoid([x, h]·gates/kernel + gates/bias)`, `c = tanh([x, r*h]·candidate/kernel + candidate/bias)`,
/// `h' = u*h + (1-u)*c`; the output is `h'`. Parameters (TF names under RETURNN's `rec` scope):
/// `<name>/rec/gru_cell/gates/kernel` `[in+n, 2n]`, `<name>/rec/gru_cell/gates/bias` `[2n]` (init 1.0),
/// `<name>/rec/gru_cell/candidate/kernel` `[in+n, n]`, `<name>/rec/gru_cell/candidate/bias` `[n]` (init 0).
/// Kernels are initialized with `recurrent_weights_init`, else `forward_weights_init`, else glorot
/// uniform (RETURNN's `rec` variable-scope initializer); `bias_init` does not apply to TF cells.
/// Dense input only (as upstream).
struct GruUnit: RecUnit {
    /// Unit names (lower-case, trailing `cell` stripped) that map here.
    static let names = ["gru"]
    let gatesKernel: String, gatesBias: String, candidateKernel: String, candidateBias: String
    let inDim: Int, n: Int

    init(_ builder: LayerBuilder, nOut n: Int, input: DataTemplate) throws {
        try builder.requireDense(input)
        inDim = input.featureDim!
        self.n = n
        let kernelInit = try Self.kernelInitializer(builder)
        gatesKernel = builder.parameter("rec/gru_cell/gates/kernel", shape: [inDim + n, 2 * n], initializer: kernelInit,
                                        split: [[inDim, n], [n, n]])
        gatesBias = builder.parameter("rec/gru_cell/gates/bias", shape: [2 * n], initializer: .constant(1), split: [[n, n]])
        candidateKernel = builder.parameter("rec/gru_cell/candidate/kernel", shape: [inDim + n, n], initializer: kernelInit,
                                            split: [[inDim, n], [n]])
        candidateBias = builder.parameter("rec/gru_cell/candidate/bias", shape: [n], initializer: .constant(0))
    }

    /// RETURNN's initializer of the `rec` scope: `recurrent_weights_init`, else `forward_weights_init`,
    /// else glorot uniform. `bias_init` is read (it is a `rec` option) but TF cells do not use it.
    static func kernelInitializer(_ b: LayerBuilder) throws -> Initializer {
        let fw = try b.initializer("forward_weights_init", default: .glorotUniform)
        let rw = try b.initializer("recurrent_weights_init", default: fw)
        _ = try b.initializer("bias_init", default: .constant(0))
        return rw
    }

    func run(_ x: LayerValue, direction: Int, initial: LastHiddenState?, _ ctx: ForwardContext) -> (output: Variable, state: LastHiddenState) {
        let tape = ctx.tape
        let (wg, wc) = (ctx.parameter(gatesKernel), ctx.parameter(candidateKernel))
        let wgx = tape.slice(wg, axis: 0, 0..<inDim), wgh = tape.slice(wg, axis: 0, inDim..<(inDim + n))
        let wcx = tape.slice(wc, axis: 0, 0..<inDim), wch = tape.slice(wc, axis: 0, inDim..<(inDim + n))
        let xt = tape.transpose(x.dense, [1, 0, 2])                                     // [T, B, in]
        let gx = tape.add(tape.matmul(xt, wgx), ctx.parameter(gatesBias))                // [T, B, 2n]
        let cx = tape.add(tape.matmul(xt, wcx), ctx.parameter(candidateBias))            // [T, B, n]
        let (y, last) = RecStepLoop.run(x, n: n, direction: direction, h0: initial?.parts.first?.value, tape) { t, h in
            let g = tape.sigmoid(tape.add(RecStepLoop.frame(gx, t, tape), tape.matmul(h, wgh)))
            let ru = tape.split(g, axis: 1, sizes: [n, n])
            let c = tape.tanh(tape.add(RecStepLoop.frame(cx, t, tape), tape.matmul(tape.mul(ru[0], h), wch)))
            return tape.add(c, tape.mul(ru[1], tape.sub(h, c)))                          // u*h + (1-u)*c
        }
        return (y, .tensor(last))
    }
}
