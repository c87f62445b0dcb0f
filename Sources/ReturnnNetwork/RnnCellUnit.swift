import ReturnnConfig
import ReturnnTensor

/// A cell of the `rnn_cell` layer (RETURNN `RnnCellLayer` `unit`, a TF `RNNCell`): one step maps
/// the frame `x` `[B, in]` and the state to the output `[B, n]` and the new state.
///
/// Cells declare their parameters (TF's variable names under `<layer>/rec/`) when constructed.
/// `run` runs the cell over the time axis of a whole sequence (padded frames keep the state and
/// give output 0, as TF's `dynamic_rnn` with `sequence_length`).
protocol RnnCellUnit {
    /// Unit names (lower case) that map to this cell, and the TF cell class each one is.
    static var names: [String] { get }
    /// Declares the parameters; `unitOpts` is the layer's `unit_opts` (the cell reads its keys,
    /// the layer rejects the rest).
    init(_ b: LayerBuilder, name: String, nOut: Int, inDim: Int, weightsInit: Initializer, unitOpts: inout OptionReader?) throws
    /// The state parts in RETURNN's order: names (`c`, `h` of an `LSTMStateTuple`) or one unnamed tensor.
    var stateNames: [String?] { get }
    /// The output size `n` (each state part is `[B, n]`).
    var n: Int { get }
    /// One frame.
    func step(_ x: Variable, state: [Variable], _ ctx: ForwardContext) -> (output: Variable, state: [Variable])
    /// All frames of `x` (`[B, T, in]` with lengths) from `initial`: the output `[B, T, n]` and the
    /// state after each sequence's last frame.
    func run(_ x: LayerValue, initial: [Variable], _ ctx: ForwardContext) -> (output: Variable, state: [Variable])
}

/// The `rnn_cell` units as a case-insensitive `NameRegistry`.
enum RnnCellUnits {
    static var types: [any RnnCellUnit.Type] { [LstmCellUnit.self, GruCellUnit.self, BasicRnnCellUnit.self] }

    static var registry: NameRegistry<any RnnCellUnit.Type> {
        NameRegistry(family: "rnn_cell unit", entries: types.flatMap { t in t.names.map { ($0, t) } }, caseInsensitive: true,
                     upstreamNames: UpstreamNames.recUnits.filter { !$0.hasPrefix("_") })
    }

    /// The cell named `name` (any case; a trailing `Cell` is dropped when the full name is not a
    /// unit, so `GRUCell` is `GRU`, while `LSTMCell` names TF's LSTMCell).
    static func lookup(_ name: String) -> (any RnnCellUnit.Type, String)? {
        let lower = name.lowercased()
        if let t = registry.lookup(lower) { return (t, lower) }
        guard lower.hasSuffix("cell") else { return nil }
        let stripped = String(lower.dropLast(4))
        return registry.lookup(stripped).map { ($0, stripped) }
    }
}

extension RnnCellUnit {
    /// The generic time loop: `step` per frame; a padded frame gives output 0 and keeps the state.
    func run(_ x: LayerValue, initial: [Variable], _ ctx: ForwardContext) -> (output: Variable, state: [Variable]) {
        let tape = ctx.tape
        let (batch, time) = (x.batch, x.time)
        let lens = x.seqLens?.array.map(Int.init) ?? [Int](repeating: time, count: batch)
        let xt = tape.transpose(x.dense, [1, 0, 2])                                     // [T, B, in]
        var state = initial
        var outs: [Variable] = []
        for t in 0..<time {
            let frame = tape.reshape(tape.slice(xt, axis: 0, t..<(t + 1)), Array(xt.shape.dropFirst()))
            let (y, s) = step(frame, state: state, ctx)
            let valid = lens.map { t < $0 }
            if valid.allSatisfy({ $0 }) {
                outs.append(y)
                state = s
            } else {
                let m = Variable(Tensor(shape: [batch, 1], valid.map { $0 ? 1 : 0 }))
                outs.append(tape.mul(y, m))
                state = zip(state, s).map { old, new in tape.add(old, tape.mul(tape.sub(new, old), m)) }
            }
        }
        guard time > 0 else { return (Variable(Tensor(zeros: [batch, 0, n])), state) }
        return (tape.concat(outs.map { tape.reshape($0, [batch, 1, n]) }, axis: 1), state)
    }
}

extension LayerBuilder {
    /// Reads an optional `unit_opts` key that must keep TF's default (a feature swift-returnn's cell
    /// lacks); a different value is a located error.
    func requireDefaultUnitOpt(_ opts: inout OptionReader?, _ key: String, unit: String, isDefault: (ConfigValue) -> Bool) throws {
        guard let v = opts?.optionalValue(key), !isDefault(v) else { return }
        throw error(.invalidOption, "unit_opts \(key)=\(v.repr) is not supported for unit '\(unit)' by swift-returnn " +
                    "(only the TF default)", at: v.location)
    }
}
