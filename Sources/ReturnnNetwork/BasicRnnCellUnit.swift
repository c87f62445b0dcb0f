import ReturnnConfig
import ReturnnTensor

/// TF's `BasicRNNCell` as an `rnn_cell` unit (`BasicRNN`; `RNN`, upstream's abstract base class
/// that cannot run, is accepted as another name for it here): `h' = tanh([x, h]·kernel + bias)`.
/// Parameters `<layer>/rec/basic_rnn_cell/kernel` `[in+n, n]` (`weights_init`) and
/// `<layer>/rec/basic_rnn_cell/bias` `[n]` (0). The state is the output `h`.
struct BasicRnnCellUnit: RnnCellUnit {
    static let names = ["basicrnn", "rnn"]
    let n: Int
    let kernel: String, bias: String
    var stateNames: [String?] { [nil] }

    init(_ b: LayerBuilder, name: String, nOut n: Int, inDim: Int, weightsInit: Initializer, unitOpts: inout OptionReader?) throws {
        self.n = n
        kernel = b.parameter("rec/basic_rnn_cell/kernel", shape: [inDim + n, n], initializer: weightsInit, split: [[inDim, n], [n]])
        bias = b.parameter("rec/basic_rnn_cell/bias", shape: [n], initializer: .constant(0))
    }

    func step(_ x: Variable, state: [Variable], _ ctx: ForwardContext) -> (output: Variable, state: [Variable]) {
        let tape = ctx.tape
        let h = tape.tanh(tape.add(tape.matmul(tape.concat([x, state[0]], axis: 1), ctx.parameter(kernel)), ctx.parameter(bias)))
        return (h, [h])
    }
}
