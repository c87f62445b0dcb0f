import ReturnnConfig
import ReturnnKernels
import ReturnnTensor

/// The LSTM cells of `rnn_cell`: TF's `LSTMCell` (units `LSTMBlock`, `LSTMBlockFused`, `StandardLSTM`,
/// `LSTMCell`; TF 2 RETURNN maps the block units to it for single steps), TF's `BasicLSTMCell`
/// (`BasicLSTM`), and RETURNN's native LSTM (`NativeLstm2`, `NativeLSTM`, `NativeLstmLowMem`, `LSTM`;
/// upstream's `rnn_cell` refuses these, swift-returnn runs them with the `rec` layer's layout).
///
/// TF cells: `[i, j, f, o] = [x, h]·kernel + bias`, `c' = σ(f + forget_bias)·c + σ(i)·tanh(j)`,
/// `h' = σ(o)·tanh(c')`; parameters `<layer>/rec/lstm_cell/kernel` `[in+n, 4n]` (`weights_init`) and
/// `<layer>/rec/lstm_cell/bias` `[4n]` (zeros), `basic_lstm_cell/...` for `BasicLSTM`; `unit_opts`:
/// `forget_bias` (default 1.0). Native: gate order cell-in, input, forget, output, no forget bias,
/// parameters `<layer>/rec/W` `[in, 4n]`, `<layer>/rec/W_re` `[n, 4n]` (both `weights_init`),
/// `<layer>/rec/b` (zeros). The state is `LSTMStateTuple(c, h)`.
struct LstmCellUnit: RnnCellUnit {
    static let tfNames = ["lstmblock", "lstmblockfused", "standardlstm", "lstmcell"]
    static let basicNames = ["basiclstm"]
    static let nativeNames = ["nativelstm2", "nativelstm", "nativelstmlowmem", "lstm"]
    static var names: [String] { tfNames + basicNames + nativeNames }

    enum Flavor { case tf, native }
    let flavor: Flavor
    let n: Int, inDim: Int
    let forgetBias: Float
    /// TF: kernel and bias; native: W, b, W_re.
    let params: [String]
    var stateNames: [String?] { ["c", "h"] }

    init(_ b: LayerBuilder, name: String, nOut n: Int, inDim: Int, weightsInit: Initializer, unitOpts: inout OptionReader?) throws {
        self.n = n
        self.inDim = inDim
        let gates = [n, n, n, n]
        if Self.nativeNames.contains(name) {
            flavor = .native
            let fb = try b.read { _ in try unitOpts?.optionalDouble("forget_bias") } ?? 0
            guard fb == 0 else {
                throw b.error(.invalidOption, "unit_opts forget_bias must be 0 for the native LSTM unit '\(name)' (got \(fb)); " +
                              "initialize the forget gate's bias instead, or use unit 'LSTMBlock' (TF's LSTMCell)")
            }
            forgetBias = 0
            params = [b.parameter("rec/W", shape: [inDim, 4 * n], initializer: weightsInit, split: [[inDim], gates]),
                      b.parameter("rec/b", shape: [4 * n], initializer: .constant(0), split: [gates]),
                      b.parameter("rec/W_re", shape: [n, 4 * n], initializer: weightsInit, split: [[n], gates])]
        } else {
            flavor = .tf
            forgetBias = Float(try b.read { _ in try unitOpts?.optionalDouble("forget_bias") } ?? 1)
            try b.requireDefaultUnitOpt(&unitOpts, "state_is_tuple", unit: name) { $0.boolValue == true }
            if !Self.basicNames.contains(name) {
                for key in ["use_peepholes"] { try b.requireDefaultUnitOpt(&unitOpts, key, unit: name) { $0.boolValue == false } }
                for key in ["num_proj", "cell_clip", "proj_clip"] { try b.requireDefaultUnitOpt(&unitOpts, key, unit: name) { $0.isNone } }
            }
            let scope = Self.basicNames.contains(name) ? "basic_lstm_cell" : "lstm_cell"
            params = [b.parameter("rec/\(scope)/kernel", shape: [inDim + n, 4 * n], initializer: weightsInit, split: [[inDim, n], gates]),
                      b.parameter("rec/\(scope)/bias", shape: [4 * n], initializer: .constant(0), split: [gates])]
        }
    }

    /// One step with the fused cell primitive.
    func step(_ x: Variable, state: [Variable], _ ctx: ForwardContext) -> (output: Variable, state: [Variable]) {
        let tape = ctx.tape
        let z: Variable
        switch flavor {
        case .tf:
            z = tape.add(tape.matmul(tape.concat([x, state[1]], axis: 1), ctx.parameter(params[0])), ctx.parameter(params[1]))
        case .native:
            z = tape.add(tape.add(tape.matmul(x, ctx.parameter(params[0])), ctx.parameter(params[1])),
                         tape.matmul(state[1], ctx.parameter(params[2])))
        }
        let (h, c) = tape.lstmCell(z: z, cPrev: state[0], layout: flavor == .tf ? .tensorFlow : .native, forgetBias: forgetBias)
        return (h, [c, h])
    }

    /// All frames with the fused NativeLstm2 kernel (a TF cell's kernel and bias are put into the
    /// native gate order, the forget bias into the bias).
    func run(_ x: LayerValue, initial: [Variable], _ ctx: ForwardContext) -> (output: Variable, state: [Variable]) {
        let tape = ctx.tape
        let w: Variable, bias: Variable, wRe: Variable
        switch flavor {
        case .native:
            (w, bias, wRe) = (ctx.parameter(params[0]), ctx.parameter(params[1]), ctx.parameter(params[2]))
        case .tf:
            let kernel = ctx.parameter(params[0])
            func native(_ v: Variable) -> Variable {             // [.., i|j|f|o] → [.., j|i|f|o]
                let parts = tape.split(v, axis: v.rank - 1, sizes: [n, n, n, n])
                return tape.concat([parts[1], parts[0], parts[2], parts[3]], axis: v.rank - 1)
            }
            w = native(tape.slice(kernel, axis: 0, 0..<inDim))
            wRe = native(tape.slice(kernel, axis: 0, inDim..<(inDim + n)))
            var fb = [Float](repeating: 0, count: 4 * n)
            for k in (2 * n)..<(3 * n) { fb[k] = forgetBias }
            bias = tape.add(native(ctx.parameter(params[1])), Variable(Tensor(shape: [4 * n], fb)))
        }
        let proj = tape.add(tape.matmul(x.dense, w), bias)                              // [B, T, 4n]
        let (batch, time) = (x.batch, x.time)
        let lens = x.seqLens ?? IntTensor(shape: [batch], repeating: Int32(time))
        let mask = Tensor.sequenceMask(lengths: lens, maxTime: time, timeMajor: true)
        let out = tape.nativeLstm2(x: tape.transpose(proj, [1, 0, 2]), wRe: wRe, y0: initial[1], c0: initial[0], mask: mask, direction: 1)
        return (tape.transpose(out.y, [1, 0, 2]), [out.finalC, out.finalY])
    }
}
