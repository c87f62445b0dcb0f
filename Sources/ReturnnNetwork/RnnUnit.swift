import ReturnnTensor

/// The plain tanh RNN unit of `rec`: TF's `BasicRNNCell` (RETURNN `unit: "basicrnn"`; `rnn` and
/// `vanillarnn` are accepted as other names for it here), run step by step.
///
/// `h' = tanh([x, h]·kernel + bias)`; the output is `h'`. Parameters (TF names under RETURNN's
/// `rec` scope): `<name>/rec/basic_rnn_cell/kernel` `[in+n, n]` (initialized like `gru`'s kernels),
/// `<name>/rec/basic_rnn_cell/bias` `[n]` (init 0). Dense input only (as upstream).
struct RnnUnit: RecUnit {
    /// Unit names (lower-case, trailing `cell` stripped) that map here.
    static let names = ["basicrnn", "rnn", "vanillarnn"]
    let kernel: String, bias: String
    let inDim: Int, n: Int

    init(_ builder: LayerBuilder, nOut n: Int, input: DataTemplate) throws {
        try builder.requireDense(input)
        inDim = input.featureDim!
        self.n = n
        kernel = builder.parameter("rec/basic_rnn_cell/kernel", shape: [inDim + n, n],
                                   initializer: try GruUnit.kernelInitializer(builder), split: [[inDim, n], [n]])
        bias = builder.parameter("rec/basic_rnn_cell/bias", shape: [n], initializer: .constant(0))
    }

    func run(_ x: LayerValue, direction: Int, initial: LastHiddenState?, _ ctx: ForwardContext) -> (output: Variable, state: LastHiddenState) {
        let tape = ctx.tape
        let w = ctx.parameter(kernel)
        let wx = tape.slice(w, axis: 0, 0..<inDim), wh = tape.slice(w, axis: 0, inDim..<(inDim + n))
        let zx = tape.add(tape.matmul(tape.transpose(x.dense, [1, 0, 2]), wx), ctx.parameter(bias))   // [T, B, n]
        let (y, last) = RecStepLoop.run(x, n: n, direction: direction, h0: initial?.parts.first?.value, tape) { t, h in
            tape.tanh(tape.add(RecStepLoop.frame(zx, t, tape), tape.matmul(h, wh)))
        }
        return (y, .tensor(last))
    }
}
