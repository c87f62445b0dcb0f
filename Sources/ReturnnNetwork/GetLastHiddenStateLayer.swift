import ReturnnConfig
import ReturnnTensor

/// The final hidden state of recurrent layers (RETURNN `get_last_hidden_state`): for each sequence
/// the state after its last frame (after its first when the layer runs backward), `[B, n_out]`.
///
/// Options: `n_out` or `out_dim` (required: the state size), `key` (`"*"`: the whole state; for
/// LSTM units RETURNN's `LSTMStateTuple(c, h)`, so `"*"` and `"flat"` give `[c, h]` concatenated,
/// `"c"` the cell state, `"h"` the output; `gru`/`basicrnn` have one tensor, `"*"` or None),
/// `combine` (`"concat"` or `"add"` for several sources). Sources are `rec` layers with a built-in
/// unit (or `get_last_hidden_state` layers). Whether `key` fits the unit and `n_out` the state is
/// checked when the batch runs (as upstream), with an error naming the layer.
/// ```python
/// "enc_c": {"class": "get_last_hidden_state", "from": "lstm_fw", "key": "c", "n_out": 512}
/// ```
public final class GetLastHiddenStateLayer: Layer {
    /// The class name in a net dict: `"class": "get_last_hidden_state"`.
    public static let className = "get_last_hidden_state"
    /// Each source's state is taken separately.
    public static var concatenatesSources: Bool { false }
    /// `[B, n_out]`.
    public let output: DataTemplate
    let key: LastHiddenState.Key
    let add: Bool
    let nOut: Int
    let name: String, location: SourceLocation, sources: [String]

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        guard !b.inputs.isEmpty else { throw b.error(.invalidNetwork, "get_last_hidden_state needs a source in 'from' (a rec layer)") }
        nOut = try b.nOut()!
        let kv = b.options.optionalValue("key") ?? .str("*")
        guard let k = LastHiddenState.Key(kv) else {
            throw b.error(.invalidOption, "key must be \"*\", \"flat\", a state name like \"c\" or \"h\", an int or None, got \(kv.repr)",
                          at: kv.location)
        }
        key = k
        let combine = try b.read { try $0.string("combine", default: "concat") }
        guard combine == "concat" || combine == "add" else {
            throw b.error(.invalidOption, "combine must be \"concat\" or \"add\", got \"\(combine)\"")
        }
        add = combine == "add"
        for (t, n) in zip(b.inputs, b.sourceNames) where !t.hasBatch {
            throw b.error(.dimensionMismatch, "source '\(n)' \(t) has no batch axis; get_last_hidden_state needs a rec layer")
        }
        name = b.name
        location = b.location
        sources = b.sourceNames
        output = DataTemplate(dims: [.batch, .feature("\(b.name):hidden-out", nOut)])
    }

    /// Picks each source's state by `key` and combines them.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        let states = try zip(inputs, sources).map { v, source -> Variable in
            guard let s = v.lastHiddenState else {
                throw NetworkError(.invalidNetwork, "source '\(source)' has no hidden state; get_last_hidden_state reads rec layers " +
                                   "with a built-in unit", layer: name, at: location)
            }
            guard let x = s.value(forKey: key, tape: tape) else {
                throw NetworkError(.invalidOption, "key \(key) does not fit the state of '\(source)'; valid keys: \(s.validKeys)",
                                   layer: name, at: location)
            }
            return x
        }
        if add, let other = states.first(where: { $0.shape != states[0].shape }) {
            throw NetworkError(.dimensionMismatch, "combine \"add\" needs states of equal size, got \(states[0].shape) and \(other.shape)",
                               layer: name, at: location)
        }
        let y = states.count == 1 ? states[0] : add ? states.dropFirst().reduce(states[0]) { tape.add($0, $1) } : tape.concat(states, axis: 1)
        guard y.rank == 2, y.shape[1] == nOut else {
            throw NetworkError(.dimensionMismatch, "the state of \(sources.map { "'\($0)'" }.joined(separator: ", ")) with key \(key) has " +
                               "size \(y.shape.last ?? 0), but n_out is \(nOut)", layer: name, at: location)
        }
        var out = LayerValue(values: y, seqLens: nil)
        out.lastHiddenState = .tensor(y)
        return out
    }
}
