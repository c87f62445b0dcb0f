import ReturnnConfig

/// A recurrent layer with a built-in unit (RETURNN `rec`), run over the time axis of its
/// (concatenated) input.
///
/// Options: `unit` ("lstm" = NativeLSTM2; also nativelstm, nativelstm2, nativelstmlowmem, ...),
/// `n_out`, `direction` (1 forward, -1 backward), `forward_weights_init`, `recurrent_weights_init`,
/// `bias_init`, `unit_opts`. Parameters `<name>/rec/W`, `<name>/rec/W_re`, `<name>/rec/b`.
/// ```python
/// "fw0": {"class": "rec", "unit": "nativelstm2", "n_out": 500, "direction": 1, "from": "data"}
/// ```
public final class RecLayer: RecStepLayer {
    /// The class name in a net dict: `"class": "rec"`.
    public static let className = "rec"
    /// It mixes frames over time.
    public static var mixesFrames: Bool { true }
    /// `[B, T, n_out]`.
    public let output: DataTemplate
    let unit: any RecUnit
    let direction: Int

    /// Reads the options and builds the unit.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        guard input.hasTime || b.recLoop != nil else { throw b.error(.dimensionMismatch, "input \(input) has no time axis to recur over") }
        let n = try b.nOut()!
        let unitValue = b.options.optionalValue("unit") ?? .str(Self.defaultUnit)
        guard var name = unitValue.stringValue?.lowercased() else {
            throw b.error(.invalidOption, "unit must be a name like 'nativelstm2'; subnetwork units (a dict) are not supported yet",
                          at: unitValue.location)
        }
        if name.hasSuffix("cell") { name.removeLast(4) }
        let dir = b.options.optionalValue("direction")
        if let dir, !dir.isNone {
            guard let d = dir.intValue, d == 1 || d == -1 else {
                throw b.error(.invalidOption, "direction must be 1 or -1, got \(dir.repr)", at: dir.location)
            }
            direction = d
        } else {
            direction = 1
        }
        if let opts = try b.read({ try $0.optionalDict("unit_opts") }) {
            var o = opts
            if let fb = try? o.optionalDouble("forget_bias"), fb != 0 {
                throw b.error(.invalidOption, "unit_opts forget_bias must be 0 for native LSTM units (got \(fb))")
            }
            do { try o.finish() } catch let e as ConfigError { throw NetworkError.from(e, layer: b.name) }
        }
        b.options.ignore(["optimize_move_layers_out", "unroll", "max_seq_len"])
        guard let unitType = RecUnits.registry.lookup(name) else {
            throw b.error(.invalidOption, RecUnits.registry.unknownMessage(name), at: unitValue.location)
        }
        unit = try unitType.init(b, nOut: n, input: input)
        output = input.withFeature(n)
    }

    /// Default unit, as RETURNN.
    static let defaultUnit = "lstm"

    /// Inside a rec loop: the state starts at zeros.
    public func initialStepState(batch: Int, references: [LayerValue], _ ctx: ForwardContext) throws -> RecStepState {
        RecStepState(values: [])
    }

    /// Inside a rec loop: one frame of the unit from the state of the frame before.
    public func step(_ inputs: [LayerValue], state: RecStepState, _ ctx: ForwardContext) throws -> (output: LayerValue, state: RecStepState) {
        let x = inputs[0]
        var seq: LayerValue
        if let ints = x.ints {
            seq = LayerValue(ints: ints.reshaped([x.batch, 1]), seqLens: nil)
        } else {
            let v = x.dense
            seq = LayerValue(values: ctx.tape.reshape(v, [v.shape[0], 1] + v.shape.dropFirst()), seqLens: nil)
        }
        seq.seqLens = nil
        let (y, last) = unit.run(seq, direction: 1, initial: state.lastHiddenState, ctx)
        var out = LayerValue(values: ctx.tape.reshape(y, [y.shape[0], y.shape[2]]), seqLens: nil)
        out.lastHiddenState = last
        return (out, RecStepState(values: [], lastHiddenState: last))
    }

    /// Runs the unit over time.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let (y, state) = unit.run(x, direction: direction, initial: nil, ctx)
        var out = LayerValue(values: y, seqLens: x.seqLens)
        out.lastHiddenState = state
        return out
    }
}
