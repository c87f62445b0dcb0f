import ReturnnConfig
import ReturnnTensor

/// Global dot-product attention (RETURNN `dot_attention`, `DotAttentionLayer`): energies
/// `base_ctx · query` over the frames of `base_ctx`, scaled by `energy_factor`, frames beyond each
/// base sequence's length masked, softmax over those frames, output the weighted sum of `base`'s
/// frames. The output dim is `base`'s dim; no parameters.
///
/// Options: `base` (the layer to attend over, `[B, T_enc, N]`), `base_ctx` (`[B, T_enc, F]`, the same
/// time axis; F must be the query's dim), `energy_factor` (None; e.g. `1/sqrt(F)`), `n_out`
/// (optional, must equal N). `base` and `base_ctx` name other layers (see `ReferencesLayers`):
/// inside a rec unit `"base:encoder"`. The query (`from`) is `[B, F]` per frame inside a rec unit
/// (output `[B, N]`, as upstream) or `[B, T_dec, F]` over whole sequences (output `[B, T_dec, N]`,
/// frame by frame the same; upstream only has the per-frame form).
/// ```python
/// "enc_ctx": {"class": "linear", "activation": None, "from": "encoder", "n_out": 256},
/// "output": {"class": "rec", "from": [], "target": "classes", "unit": {
///     "att": {"class": "dot_attention", "from": "s", "base": "base:encoder", "base_ctx": "base:enc_ctx"}, ...}}
/// ```
public final class DotAttentionLayer: ReferencesLayers {
    /// The class name in a net dict: `"class": "dot_attention"`.
    public static let className = "dot_attention"
    /// It works across the base's frames (RETURNN `AttentionBaseLayer`).
    public static var mixesFrames: Bool { true }
    /// The options that name layers.
    public static let layerOptionKeys = ["base", "base_ctx"]
    /// `[B, N]` per frame, `[B, T_dec, N]` over whole sequences.
    public var output: DataTemplate { operands.output }
    let operands: GlobalAttention.Operands
    let energyFactor: Float?

    /// Reads the options and checks the operands.
    public init(_ b: LayerBuilder) throws {
        operands = try GlobalAttention.Operands(b, keys: Self.layerOptionKeys)
        if let v = b.options.optionalValue("energy_factor"), !v.isNone {
            guard let d = v.doubleValue, v.boolValue == nil else {
                throw b.error(.invalidOption, "energy_factor must be a number, got \(v.repr)", at: v.location)
            }
            energyFactor = d == 0 ? nil : Float(d)
        } else {
            energyFactor = nil
        }
    }

    /// Energies, masked softmax, weighted sum.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        let (q, keys, values) = operands.values(inputs, tape)  // [B, T_dec, F], [B, T_enc, F], [B, T_enc, N]
        let (batch, tDec) = (q.shape[0], q.shape[1])
        // [B, T_enc, F] · [B, F, T_dec] (a reshape per frame) → [B, T_enc, T_dec] → [B, T_dec, T_enc].
        let qT = tDec == 1 ? tape.reshape(q, [batch, q.shape[2], 1]) : tape.transpose(q, [0, 2, 1])
        let e = tape.batchMatmul(keys, qT)
        var energy = tDec == 1 ? tape.reshape(e, [batch, 1, e.shape[1]]) : tape.transpose(e, [0, 2, 1])
        if let energyFactor { energy = tape.scale(energy, by: energyFactor) }
        let w = GlobalAttention.weights(energy, baseTime: operands.base.timeDim, ctx)
        return GlobalAttention.weightedSum(w, values, output: operands.output, ctx)
    }
}
