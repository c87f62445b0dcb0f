import ReturnnConfig
import ReturnnTensor

/// Multi-head dot-product self-attention over the time axis (RETURNN `self_attention`,
/// `SelfAttentionLayer`): `att(Q x, K x, V x)` with one projection `QKV`.
///
/// Options: `num_heads` (required), `total_key_dim` (required, divisible by `num_heads`), `n_out`
/// or `out_dim` (required: the total value dim, divisible by `num_heads`), `key_shift` (a layer
/// `[T_q, T_k, total_key_dim/num_heads]` without batch, e.g. `relative_positional_encoding`, added
/// to the keys), `attention_left_only` (False; True masks the future), `attention_dropout` (0, on
/// the weights in training), `forward_weights_init` ("glorot_uniform"), `initial_state` (None;
/// keys and values start empty), `restrict_state_to_last_seq` (no effect here: the state after the
/// loop is not read). Parameter `<layer>/QKV` `[in, 2·total_key_dim + n_out]`; per head its
/// columns hold q, k, v side by side (upstream's layout); queries are scaled by `(key_dim/heads)^-0.5`.
/// Over whole sequences keys beyond each sequence's length are masked (with `attention_left_only`
/// only the future is, as upstream). Inside a rec loop (frame by frame) it needs
/// `attention_left_only` and keeps the keys and values so far as its state.
/// ```python
/// "att": {"class": "self_attention", "num_heads": 8, "total_key_dim": 512, "n_out": 512,
///         "from": "ln", "attention_left_only": True, "attention_dropout": 0.1}
/// ```
public final class SelfAttentionLayer: RecStepLayer, ReferencingLayer {
    /// The class name in a net dict: `"class": "self_attention"`.
    public static let className = "self_attention"
    /// Attends over time.
    public static var mixesFrames: Bool { true }
    /// `[B, T, n_out]`, or `[B, n_out]` per frame.
    public let output: DataTemplate
    let heads: Int, keyDim: Int, valueDim: Int
    let leftOnly: Bool, dropout: Double
    let qkv: String
    let hasKeyShift: Bool
    let name: String, location: SourceLocation

    /// `key_shift` when given.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        options.layerName("key_shift").map { [$0] } ?? []
    }

    /// Reads the options and declares `QKV`.
    public init(_ b: LayerBuilder) throws {
        name = b.name
        location = b.location
        let input = b.input
        let perFrame = b.recLoop != nil
        heads = try b.read { try $0.int("num_heads") }
        keyDim = try b.read { try $0.int("total_key_dim") }
        valueDim = try b.nOut()!
        guard heads > 0, keyDim > 0, keyDim % heads == 0, valueDim % heads == 0 else {
            throw b.error(.invalidOption, "total_key_dim \(keyDim) and n_out \(valueDim) must be positive multiples of num_heads \(heads)")
        }
        leftOnly = try b.read { try $0.bool("attention_left_only", default: false) }
        dropout = try b.read { try $0.double("attention_dropout", default: 0) }
        _ = try b.read { try $0.bool("restrict_state_to_last_seq", default: false) }
        if let v = b.options.optionalValue("initial_state"), !v.isNone, v.stringValue != "zeros", v.doubleValue != 0 {
            throw b.error(.invalidOption, "self_attention initial_state \(v.repr) is not supported by swift-returnn (keys and values " +
                          "start empty); leave it None", at: v.location)
        }
        if let v = b.options.optionalValue("state_var_lengths"), !v.isNone {
            throw b.error(.invalidOption, "state_var_lengths (RASR decoding) is not supported by swift-returnn", at: v.location)
        }
        let timeAxes = input.dims.indices.filter { input.dims[$0].isDynamic }
        if perFrame {
            guard leftOnly else {
                throw b.error(.invalidOption, "inside the loop of rec layer '\(b.recLoop!.recLayer)' self_attention sees only the frames " +
                              "so far: set attention_left_only=True (as upstream requires)")
            }
            guard timeAxes.isEmpty, input.hasBatch, input.rank == 2 || input.isSparse && input.rank == 1 else {
                throw b.error(.dimensionMismatch, "inside a rec loop the input must be one frame [B, F], got \(input)")
            }
        } else {
            guard input.hasBatch, timeAxes.count == 1, input.rank == (input.isSparse ? 2 : 3), input.dims[1].isDynamic else {
                throw b.error(.dimensionMismatch, "self_attention needs an input [B, T, F] (outside a rec loop; inside one it runs frame " +
                              "by frame), got \(input) from \(b.sourceNames.map { "'\($0)'" }.joined(separator: ", "))")
            }
        }
        guard let inDim = input.dim else { throw b.error(.dimensionMismatch, "input \(input) has no feature axis") }
        let keyShiftValue = b.options.optionalValue("key_shift")
        hasKeyShift = !b.referencedNodes.isEmpty
        if let v = keyShiftValue, !v.isNone, !hasKeyShift {
            throw b.error(.invalidOption, "key_shift must be a layer name, got \(v.repr)", at: v.location)
        }
        if let ks = b.referencedNodes.first {
            let t = ks.output
            guard !t.hasBatch, t.rank == 3, t.featureDim == keyDim / heads else {
                throw b.error(.dimensionMismatch, "key_shift '\(ks.name)' must be [T_q, T_k, total_key_dim/num_heads = \(keyDim / heads)] " +
                              "without batch, got \(t)")
            }
        }
        let fw = try b.initializer("forward_weights_init", default: .glorotUniform)
        qkv = b.parameter("QKV", shape: [inDim, 2 * keyDim + valueDim], initializer: fw,
                          split: [[inDim], [keyDim, keyDim, valueDim]])
        var dims = input.isSparse ? input.dims + [Dim.feature("", 1)] : input.dims
        dims[dims.count - 1] = b.outDimTag ?? .feature("\(b.name)_self_att_feat", valueDim)
        output = DataTemplate(dims: dims)
    }

    /// `[B, T, in]` (or sparse `[B, T]`) → q, k, v `[B·H, T, d]` (queries scaled).
    func project(_ x: LayerValue, _ ctx: ForwardContext) -> (q: Variable, k: Variable, v: Variable) {
        let tape = ctx.tape
        let w = ctx.parameter(qkv)
        let z = x.ints.map { tape.gather(w, indices: $0) } ?? tape.matmul(x.dense, w)      // [B, T, 2K+V]
        let (b, t) = (z.shape[0], z.shape[1])
        let (dk, dv) = (keyDim / heads, valueDim / heads)
        let per = tape.transpose(tape.reshape(z, [b, t, heads, 2 * dk + dv]), [0, 2, 1, 3])  // [B, H, T, d]
        let parts = tape.split(tape.reshape(per, [b * heads, t, 2 * dk + dv]), axis: 2, sizes: [dk, dk, dv])
        let q = tape.mul(parts[0], Variable(Tensor(shape: [], [Float(1 / Double(dk).squareRoot())])))
        return (q, parts[1], parts[2])
    }

    /// Energies `q·kᵀ` (`[B·H, Tq, Tk]`), plus `q·key_shiftᵀ` per query when given (`[Tq, Tk, dk]`).
    func energy(_ q: Variable, _ k: Variable, keyShift: Variable?, _ tape: Tape) -> Variable {
        var e = tape.batchMatmul(q, tape.transpose(k, [0, 2, 1]))
        if let ks = keyShift {
            let qt = tape.transpose(q, [1, 0, 2])                                               // [Tq, BH, dk]
            e = tape.add(e, tape.transpose(tape.batchMatmul(qt, tape.transpose(ks, [0, 2, 1])), [1, 0, 2]))
        }
        return e
    }

    /// Softmax over the keys (with dropout in training), then the weighted values `[B·H, Tq, dv]`.
    func attend(_ energy: Variable, _ v: Variable, _ ctx: ForwardContext, stream: String) -> Variable {
        let tape = ctx.tape
        var w = tape.softmax(energy)
        if dropout > 0 && ctx.isTraining {
            var g = ctx.generator(RandomGenerator.Stream.dropout, layer: stream)
            let keep = Float(1 - dropout)
            w = tape.applyDropoutMask(w, mask: Tensor(shape: w.shape, (0..<w.value.count).map { _ in g.nextFloat() < keep ? 1 / keep : 0 }))
        }
        return tape.batchMatmul(w, v)
    }

    /// `[B·H, T, dv]` → `[B, T, V]`.
    func merge(_ y: Variable, batch: Int, _ tape: Tape) -> Variable {
        let t = y.shape[1]
        return tape.reshape(tape.transpose(tape.reshape(y, [batch, heads, t, valueDim / heads]), [0, 2, 1, 3]), [batch, t, valueDim])
    }

    /// All frames: keys beyond each length masked, or the future with `attention_left_only`.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        guard output.hasTime else {
            let s = try initialStepState(batch: x.batch, references: [], ctx)
            return try step(inputs, state: s, ctx).output
        }
        let tape = ctx.tape
        let (b, t) = (x.batch, x.time)
        let (q, k, v) = project(x, ctx)
        let keyShift = hasKeyShift ? inputs[1].dense : nil
        if let ks = keyShift, ks.shape != [t, t, keyDim / heads] {
            throw NetworkError(.dimensionMismatch, "key_shift is \(ks.shape), but the input has \(t) frames: it must be [\(t), \(t), \(keyDim / heads)]",
                               layer: name, at: location)
        }
        let e = energy(q, k, keyShift: keyShift, tape)                                          // [BH, T, T]
        let mask: Tensor
        if leftOnly {
            mask = Tensor(shape: [1, t, t], (0..<(t * t)).map { $0 % t <= $0 / t ? 1 : 0 })
        } else {
            let lens = x.seqLens?.array.map(Int.init) ?? [Int](repeating: t, count: b)
            mask = Tensor(shape: [b * heads, 1, t], (0..<(b * heads * t)).map { $0 % t < lens[$0 / (heads * t)] ? 1 : 0 })
        }
        let masked = tape.select(mask, e, Variable(Tensor(shape: [], [-Float.infinity])))
        let y = attend(masked, v, ctx, stream: name)
        return LayerValue(values: merge(y, batch: b, tape), seqLens: x.seqLens)
    }

    /// Empty keys `[B, H, 0, dk]` and values `[B, H, 0, dv]`.
    public func initialStepState(batch: Int, references: [LayerValue], _ ctx: ForwardContext) throws -> RecStepState {
        RecStepState(values: [Variable(Tensor(zeros: [batch, heads, 0, keyDim / heads])),
                              Variable(Tensor(zeros: [batch, heads, 0, valueDim / heads]))])
    }

    /// One frame: its key and value appended to the state, its query attends to all of them.
    public func step(_ inputs: [LayerValue], state: RecStepState, _ ctx: ForwardContext) throws -> (output: LayerValue, state: RecStepState) {
        let tape = ctx.tape
        let x = inputs[0]
        let b = x.shape[0]
        let frame = x.ints.map { LayerValue(ints: $0.reshaped([b, 1]), seqLens: nil) }
            ?? LayerValue(values: tape.reshape(x.dense, [b, 1, x.shape[1]]), seqLens: nil)
        let (q, k, v) = project(frame, ctx)                                                     // [BH, 1, d]
        let (dk, dv) = (keyDim / heads, valueDim / heads)
        let kAll = tape.concat([state.values[0], tape.reshape(k, [b, heads, 1, dk])], axis: 2)
        let vAll = tape.concat([state.values[1], tape.reshape(v, [b, heads, 1, dv])], axis: 2)
        let n = kAll.shape[2]
        let keyShift = hasKeyShift ? inputs[1].dense : nil
        if let ks = keyShift, ks.shape != [1, n, dk] {
            throw NetworkError(.dimensionMismatch, "key_shift is \(ks.shape) at frame \(n - 1), but it must be [1, \(n), \(dk)]",
                               layer: name, at: location)
        }
        let e = energy(q, tape.reshape(kAll, [b * heads, n, dk]), keyShift: keyShift, tape)     // [BH, 1, n]
        let y = attend(e, tape.reshape(vAll, [b * heads, n, dv]), ctx, stream: "\(name)#\(n)")
        return (LayerValue(values: tape.reshape(merge(y, batch: b, tape), [b, valueDim]), seqLens: nil),
                RecStepState(values: [kAll, vAll]))
    }
}
