import Foundation
import ReturnnConfig
import ReturnnTensor

/// Attention on a Gaussian window around a position (RETURNN `gauss_window_attention`,
/// `GaussWindowAttentionLayer`): the input is a float position `t` on `base`'s time axis; the
/// `window_size` frames from `round(t) - window_size // 2` on (clipped to each base sequence) are
/// weighted by `N(frame; t + offset, std²)` and summed. No parameters; the gradient reaches `t`
/// (through the weights; the rounding has none) and `base`.
///
/// Options: `window_size` (int, required), `std` (1.0), `inner_size` (None: with it, the output has
/// an extra static axis of that size before the features, one window centre per offset
/// `i * inner_size_step - inner_size / 2`), `inner_size_step` (0.5), `base` (the layer to attend
/// over, `[B, T_enc, N]`; a layer name, `"base:..."` inside a rec unit). The position (`from`) is
/// `[B]` or `[B, 1]` per frame inside a rec unit (output `[B, (inner,) N]`, as upstream) or `[B, T]`
/// / `[B, T, 1]` over whole sequences (output `[B, T, (inner,) N]`).
/// Upstream 1.20261022 fails to build the `inner_size` form ("setting the shape is not allowed");
/// this follows its computation with the inner axis as a new static dim.
/// ```python
/// "att": {"class": "gauss_window_attention", "window_size": 10, "inner_size": 5, "from": ["t"], "base": "base:input"}
/// ```
public final class GaussWindowAttentionLayer: ReferencesLayers {
    /// The class name in a net dict: `"class": "gauss_window_attention"`.
    public static let className = "gauss_window_attention"
    /// It works across the base's frames.
    public static var mixesFrames: Bool { true }
    /// The options that name layers.
    public static let layerOptionKeys = ["base"]
    /// `[B, (T_dec,) (inner,) N]`.
    public let output: DataTemplate
    let base: AttentionOperand
    let baseIndex: Int
    /// Permutation of the position to batch first (then its time axis, if any).
    let positionPerm: [Int]?
    let windowSize: Int, std: Float
    /// The offsets of the window centres from `t` (`[0]` without `inner_size`).
    let offsets: [Float]

    /// Reads the options and checks the position and the base.
    public init(_ b: LayerBuilder) throws {
        guard let t = b.inputs.first else {
            throw b.error(.invalidNetwork, "needs the position in 'from': a float layer [B] or [B, 1] per frame (or [B, T, 1])")
        }
        let from = b.sourceNames.map { "'\($0)'" }.joined(separator: ", ")
        guard t.isFloat, !t.isSparse, let batch = t.batchAxis else {
            throw b.error(.sparseMismatch, "the position from \(from) \(t) must be float with a batch axis")
        }
        let rest = t.dims.indices.filter { $0 != batch && t.dims[$0].size != 1 }
        guard rest.count <= 1, rest.allSatisfy({ t.dims[$0].isDynamic }) else {
            throw b.error(.dimensionMismatch, "the position from \(from) \(t) must be one value per sequence: [B] or [B, 1] per frame " +
                          "inside a rec unit, [B, T] or [B, T, 1] over whole sequences")
        }
        let perm = [batch] + rest + t.dims.indices.filter { $0 != batch && !rest.contains($0) }
        positionPerm = perm == Array(t.dims.indices) ? nil : perm
        base = try AttentionOperand.read(b, key: "base", purpose: "to attend over")
        baseIndex = b.referenceIndex("base", keys: Self.layerOptionKeys, sourceCount: 1)!
        windowSize = try b.read { try $0.int("window_size") }
        guard windowSize > 0 else { throw b.error(.invalidOption, "window_size must be positive, got \(windowSize)") }
        let s = try b.read { try $0.double("std", default: 1) }
        guard s > 0 else { throw b.error(.invalidOption, "std must be positive, got \(s)") }
        std = Float(s)
        let inner = try b.read { try $0.optionalInt("inner_size") } ?? 0
        let step = try b.read { try $0.double("inner_size_step", default: 0.5) }
        guard inner >= 0 else { throw b.error(.invalidOption, "inner_size must be positive (or None), got \(inner)") }
        offsets = inner == 0 ? [0] : (0..<inner).map { Float(Double($0) * step - Double(inner) / 2) }
        let extra = inner == 0 ? [] : [Dim(kind: .spatial, name: "\(b.name):inner", size: inner)]
        output = DataTemplate(dims: [.batch] + rest.map { t.dims[$0] } + extra + [base.featureDim])
        try GlobalAttention.checkNOut(b, output)
    }

    /// Gathers the window frames and sums them with the Gaussian weights.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        var pos = inputs[0].dense
        if let positionPerm { pos = tape.transpose(pos, positionPerm) }
        let values = base.batchMajor(inputs[baseIndex].dense, tape)  // [B, T_enc, N]
        let (batch, tEnc, n) = (values.shape[0], values.shape[1], values.shape[2])
        let rows = batch == 0 ? 0 : pos.value.count / batch  // decoder frames per sequence (1 per frame)
        let r = batch * rows, k = windowSize, inner = offsets.count
        let lens = AxisMask.lengths(base.timeDim, ctx).array
        // Window frame indices (TF's round: half to even), clipped to [0, T) and to each length.
        let p = pos.value.array
        var index = [Float](repeating: 0, count: r * k)
        var take = [Int32](repeating: -1, count: r * k)
        for i in 0..<r {
            let b = i / Swift.max(rows, 1)
            let start = Int(p[i].rounded(.toNearestOrEven)) - k / 2
            for j in 0..<k {
                let idx = start + j
                index[i * k + j] = Float(idx)
                var c = Swift.min(Swift.max(idx, 0), tEnc - 1)
                if c >= Int(lens[b]) { c = Int(lens[b]) - 1 }
                if c >= 0 { take[i * k + j] = Int32(b * tEnc + c) }
            }
        }
        let gathered = tape.take(values, rows: IntTensor(shape: [r * k], take), rowSize: n, shape: [r, k, n])
        // w[i, j, o] = exp(-(t_i + offset_o - index_ij)² / (2 std²)) / (std √(2π)).
        let centre = tape.add(tape.reshape(pos, [r, 1, 1]), Variable(Tensor(shape: [1, 1, inner], offsets)))
        let d = tape.sub(centre, Variable(Tensor(shape: [r, k, 1], index)))
        let gauss = tape.exp(tape.scale(tape.square(d), by: -1 / (2 * std * std)))
        let w = tape.scale(gauss, by: 1 / (std * Float((2 * Double.pi).squareRoot())))
        let att = tape.batchMatmul(tape.transpose(w, [0, 2, 1]), gathered)  // [R, inner, N]
        return LayerValue(values: tape.reshape(att, outputShape(batch: batch, rows: rows, n: n)),
                          seqLens: output.timeDim.flatMap { ctx.sizes(of: $0) })
    }

    /// The runtime output shape: `[B, (T_dec,) (inner,) N]` following the template.
    func outputShape(batch: Int, rows: Int, n: Int) -> [Int] {
        output.dims.indices.map { i in
            i == 0 ? batch : i == output.rank - 1 ? n : output.dims[i].isDynamic ? rows : offsets.count
        }
    }
}
