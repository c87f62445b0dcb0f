import ReturnnConfig
import ReturnnTensor

/// Additive (tanh-concat, Bahdanau) attention (RETURNN `concat_attention`, `ConcatAttentionLayer`):
/// energies `v · tanh(base_ctx + query)` over the frames of `base_ctx`, frames beyond each base
/// sequence's length masked, softmax over those frames, output the weighted sum of `base`'s frames.
///
/// Options: `base` (`[B, T_enc, N]`, defines the output dim), `base_ctx` (`[B, T_enc, F]`, F the
/// query's dim), `n_out` (optional, must equal N). Parameter `<layer>/v` `[F]` (TF's default
/// `glorot_uniform`). `base`/`base_ctx` name other layers (`"base:..."` inside a rec unit). The
/// query is `[B, F]` per frame (output `[B, N]`) or `[B, T_dec, F]` (output `[B, T_dec, N]`).
/// ```python
/// "att": {"class": "concat_attention", "from": "s_transformed", "base": "base:encoder", "base_ctx": "base:enc_ctx"}
/// ```
public final class ConcatAttentionLayer: ReferencesLayers {
    /// The class name in a net dict: `"class": "concat_attention"`.
    public static let className = "concat_attention"
    /// It works across the base's frames.
    public static var mixesFrames: Bool { true }
    /// The options that name layers.
    public static let layerOptionKeys = ["base", "base_ctx"]
    /// `[B, N]` per frame, `[B, T_dec, N]` over whole sequences.
    public var output: DataTemplate { operands.output }
    let operands: GlobalAttention.Operands
    let v: String

    /// Reads the options, checks the operands and declares `v`.
    public init(_ b: LayerBuilder) throws {
        operands = try GlobalAttention.Operands(b, keys: Self.layerOptionKeys)
        v = b.parameter("v", shape: [operands.query.featureDim.size!], initializer: .glorotUniform)
    }

    /// Energies, masked softmax, weighted sum.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        let (q, keys, values) = operands.values(inputs, tape)  // [B, T_dec, F], [B, T_enc, F], [B, T_enc, N]
        let (batch, tDec, f) = (q.shape[0], q.shape[1], q.shape[2])
        let tEnc = keys.shape[1]
        // tanh([B, 1, T_enc, F] + [B, T_dec, 1, F]) · v → [B, T_dec, T_enc].
        let hidden = tape.tanh(tape.add(tape.reshape(keys, [batch, 1, tEnc, f]), tape.reshape(q, [batch, tDec, 1, f])))
        let e = tape.matmul(tape.reshape(hidden, [batch * tDec * tEnc, f]), tape.reshape(ctx.parameter(v), [f, 1]))
        let w = GlobalAttention.weights(tape.reshape(e, [batch, tDec, tEnc]), baseTime: operands.base.timeDim, ctx)
        return GlobalAttention.weightedSum(w, values, output: operands.output, ctx)
    }
}
