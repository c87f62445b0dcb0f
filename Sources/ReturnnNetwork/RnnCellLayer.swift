import ReturnnConfig
import ReturnnTensor

/// A TF RNN cell run one step per frame inside a `rec` loop, or over the time axis of its input
/// outside a loop or moved out of it (RETURNN `rnn_cell`, `RnnCellLayer`).
///
/// Options: `unit` (required, any case, optional `Cell` suffix: `LSTMBlock`/`StandardLSTM`/`LSTMCell`
/// = TF's LSTMCell, `BasicLSTM`, `GRU`/`GRUBlock`, `BasicRNN`/`RNN`, `NativeLstm2`/`NativeLSTM`/`LSTM`),
/// `n_out` (or `out_dim`), `unit_opts` (TF LSTM cells: `forget_bias`, default 1.0), `weights_init`
/// (default `"xavier"`, glorot uniform), `initial_state` (see `RnnCellInitialState`; default zeros),
/// `initial_output` (must be None, as upstream). Parameters live under `<layer>/rec/` with TF's cell
/// names (`lstm_cell/kernel`, `gru_cell/gates/kernel`, ...). The final state (`get_last_hidden_state`)
/// is the cell's: `LSTMStateTuple(c, h)` or the output `h`.
/// Per frame the input is `[B, F]` and the output `[B, n_out]`; over a sequence `[B, T, F]` →
/// `[B, T, n_out]`, padded frames keep the state and give 0.
/// ```python
/// "s": {"class": "rnn_cell", "unit": "LSTMBlock", "n_out": 1000, "from": ["prev:target_embed", "prev:att"],
///       "initial_state": {"c": "base:enc_c", "h": "base:enc_h"}}
/// ```
public final class RnnCellLayer: RecStepLayer, ReferencingLayer {
    /// The class name in a net dict: `"class": "rnn_cell"`.
    public static let className = "rnn_cell"
    /// It mixes frames over time.
    public static var mixesFrames: Bool { true }
    /// `[B, T, n_out]`, or `[B, n_out]` per frame.
    public let output: DataTemplate
    let cell: any RnnCellUnit
    let initialState: RnnCellInitialState
    let name: String, location: SourceLocation

    /// The layers `initial_state` names.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        RnnCellInitialState.layerNames(options.dict.get("initial_state"))
    }

    /// Reads the options and declares the cell's parameters.
    public init(_ b: LayerBuilder) throws {
        name = b.name
        location = b.location
        let input = b.input
        try b.requireDense(input)
        let perFrame = b.recLoop != nil
        if let loop = b.recLoop {
            guard input.timeAxis == nil else {
                throw b.error(.dimensionMismatch, "inside the loop of rec layer '\(loop.recLayer)' the input must be one frame [B, F], " +
                              "but \(input) from \(b.sourceNames.map { "'\($0)'" }.joined(separator: ", ")) has a time axis")
            }
        } else if !input.hasTime {
            throw b.error(.dimensionMismatch, "rnn_cell runs one step per frame inside a rec layer's unit, or over the time axis of its " +
                          "input outside one; the input \(input) from \(b.sourceNames.map { "'\($0)'" }.joined(separator: ", ")) has no time axis")
        }
        guard input.hasBatch, input.rank == (perFrame ? 2 : 3), input.featureAxis == input.rank - 1 else {
            throw b.error(.dimensionMismatch, "rnn_cell needs an input \(perFrame ? "[B, F]" : "[B, T, F]"), got \(input)")
        }
        let n = try b.nOut()!
        let unitValue = try b.read { try $0.value("unit") }
        guard let unitName = unitValue.stringValue else {
            throw b.error(.invalidOption, "unit must be a cell name like \"LSTMBlock\", got \(unitValue.repr)", at: unitValue.location)
        }
        guard let (type, key) = RnnCellUnits.lookup(unitName) else {
            throw b.error(.invalidOption, RnnCellUnits.registry.unknownMessage(unitName), at: unitValue.location)
        }
        let weightsInit = try b.initializer("weights_init", default: .glorotUniform)
        var unitOpts = try b.read { try $0.optionalDict("unit_opts") }
        cell = try type.init(b, name: key, nOut: n, inDim: input.featureDim!, weightsInit: weightsInit, unitOpts: &unitOpts)
        if let opts = unitOpts { do { try opts.finish() } catch let e as ConfigError { throw NetworkError.from(e, layer: b.name) } }
        if let v = b.options.optionalValue("initial_output"), !v.isNone {
            throw b.error(.invalidOption, "initial_output must be None for rnn_cell (upstream: set initial_state instead)", at: v.location)
        }
        initialState = try RnnCellInitialState(b.options.optionalValue("initial_state"), stateNames: cell.stateNames, n: n,
                                               perFrame: perFrame, b: b)
        var dims = input.dims
        dims[input.featureAxis!] = b.outDimTag ?? .feature("\(b.name):rnn_cell_feat", n)
        output = DataTemplate(dims: dims)
    }

    /// The state as `get_last_hidden_state` reads it.
    func lastHiddenState(_ state: [Variable]) -> LastHiddenState {
        state.count == 1 ? .tensor(state[0]) : .namedTuple(zip(cell.stateNames, state).map { ($0!, $1) })
    }

    /// Over the whole sequence (per frame: one step from the initial state).
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let initial = try initialState.values(batch: x.batch, references: Array(inputs.dropFirst()), ctx, layer: name, at: location)
        let (y, state) = output.hasTime ? cell.run(x, initial: initial, ctx) : cell.step(x.dense, state: initial, ctx)
        var out = LayerValue(values: y, seqLens: x.seqLens)
        out.lastHiddenState = lastHiddenState(state)
        return out
    }

    /// The initial state of the loop.
    public func initialStepState(batch: Int, references: [LayerValue], _ ctx: ForwardContext) throws -> RecStepState {
        let s = try initialState.values(batch: batch, references: references, ctx, layer: name, at: location)
        return RecStepState(values: s, lastHiddenState: lastHiddenState(s))
    }

    /// One cell step.
    public func step(_ inputs: [LayerValue], state: RecStepState, _ ctx: ForwardContext) throws -> (output: LayerValue, state: RecStepState) {
        let (y, s) = cell.step(inputs[0].dense, state: state.values, ctx)
        return (LayerValue(values: y, seqLens: nil), RecStepState(values: s, lastHiddenState: lastHiddenState(s)))
    }
}
