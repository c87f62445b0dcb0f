import ReturnnConfig
import ReturnnTensor

/// TF's `GRUCell` as an `rnn_cell` unit (`GRU`; `GRUBlock`, TF 1's block GRU cell with the same
/// math and variable names, maps here too).
///
/// `[r, u] = σ([x, h]·gates/kernel + gates/bias)`, `c = tanh([x, r·h]·candidate/kernel + candidate/bias)`,
/// `h' = u·h + (1-u)·c`. Parameters `<layer>/rec/gru_cell/gates/kernel` `[in+n, 2n]` (`weights_init`),
/// `.../gates/bias` `[2n]` (1.0), `.../candidate/kernel` `[in+n, n]`, `.../candidate/bias` `[n]` (0).
/// The state is the output `h`.
struct GruCellUnit: RnnCellUnit {
    static let names = ["gru", "grublock"]
    let n: Int
    let gatesKernel: String, gatesBias: String, candidateKernel: String, candidateBias: String
    var stateNames: [String?] { [nil] }

    init(_ b: LayerBuilder, name: String, nOut n: Int, inDim: Int, weightsInit: Initializer, unitOpts: inout OptionReader?) throws {
        self.n = n
        gatesKernel = b.parameter("rec/gru_cell/gates/kernel", shape: [inDim + n, 2 * n], initializer: weightsInit, split: [[inDim, n], [n, n]])
        gatesBias = b.parameter("rec/gru_cell/gates/bias", shape: [2 * n], initializer: .constant(1), split: [[n, n]])
        candidateKernel = b.parameter("rec/gru_cell/candidate/kernel", shape: [inDim + n, n], initializer: weightsInit, split: [[inDim, n], [n]])
        candidateBias = b.parameter("rec/gru_cell/candidate/bias", shape: [n], initializer: .constant(0))
    }

    func step(_ x: Variable, state: [Variable], _ ctx: ForwardContext) -> (output: Variable, state: [Variable]) {
        let tape = ctx.tape
        let h = state[0]
        let g = tape.sigmoid(tape.add(tape.matmul(tape.concat([x, h], axis: 1), ctx.parameter(gatesKernel)), ctx.parameter(gatesBias)))
        let ru = tape.split(g, axis: 1, sizes: [n, n])
        let c = tape.tanh(tape.add(tape.matmul(tape.concat([x, tape.mul(ru[0], h)], axis: 1), ctx.parameter(candidateKernel)),
                                   ctx.parameter(candidateBias)))
        let hNew = tape.add(c, tape.mul(ru[1], tape.sub(h, c)))                           // u·h + (1-u)·c
        return (hNew, [hNew])
    }
}
