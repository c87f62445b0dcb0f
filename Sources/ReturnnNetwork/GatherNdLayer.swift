import ReturnnConfig
import ReturnnTensor

/// Takes, per sequence, the frames at int positions of the first axis after the batch axis
/// (RETURNN's old `gather_nd`, deprecated upstream in favour of `gather`):
/// `output[b, p..., rest...] = input[b, position[b, p...], rest...]`.
///
/// Option: `position` (required: a layer with int values; without a batch axis it is used for
/// every sequence). The output is `[B, position axes..., input axes after the first]`, with the
/// position's tags (and lengths) first; sparse input stays sparse.
/// ```python
/// "att_frames": {"class": "gather_nd", "from": "enc", "position": "best_pos"}   # [B,T,F] at [B] -> [B,F]
/// ```
public final class GatherNdLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "gather_nd"`.
    public static let className = "gather_nd"
    /// Gathering along time reads other frames.
    public static var mixesFrames: Bool { true }
    /// See the type.
    public let output: DataTemplate
    /// Position axes in batch-major order (`nil`: the batch axis is added).
    let positionPerm: [Int]
    let positionHasBatch: Bool
    let name: String

    /// `position`.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        guard let n = options.layerName("position") else {
            throw NetworkError(.invalidOption, "gather_nd needs 'position', the name of a layer with int positions", layer: layer, at: options.location)
        }
        return [n]
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        name = b.name
        _ = try b.read { try $0.value("position") }
        let input = b.input
        guard let inB = input.batchAxis, input.rank >= 2 else {
            throw b.error(.dimensionMismatch, "the input \(input) needs a batch axis and at least one more axis to gather from")
        }
        let node = b.referencedNodes[0]
        guard node.output.isInt else {
            throw b.error(.sparseMismatch, "position layer '\(node.name)' \(node.output) must have int values")
        }
        var inDims = input.dims
        inDims.insert(inDims.remove(at: inB), at: 0)
        let p = node.output
        positionHasBatch = p.batchAxis != nil
        var perm = Array(p.dims.indices)
        if let pb = p.batchAxis { perm.insert(perm.remove(at: pb), at: 0) }
        positionPerm = perm
        let pDims = (positionHasBatch ? [] : [Dim.batch]) + perm.map { p.dims[$0] }
        output = DataTemplate(dims: pDims + inDims.dropFirst(2), sparseTag: input.sparseTag, isInt: input.isInt)
        inputBatchAxis = inB
    }
    let inputBatchAxis: Int

    /// Gathers.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        var perm = Array(0..<inputs[0].shape.count)
        perm.insert(perm.remove(at: inputBatchAxis), at: 0)
        let x = inputs[0].transposed(perm, seqLens: nil, tape: ctx.tape)
        let p = inputs[1].transposed(positionPerm, seqLens: nil, tape: ctx.tape)
        let xs = x.shape, ps = p.shape
        let batch = xs[0], n = xs[1], rowSize = ShapeUtil.count(Array(xs[2...]))
        let pos = p.intArray
        let perB = ShapeUtil.count(positionHasBatch ? Array(ps.dropFirst()) : ps)
        let outPrefix = [batch] + (positionHasBatch ? Array(ps.dropFirst()) : ps)
        let padding = PaddingFrames(output, ctx)
        var idx = [Int](repeating: 0, count: outPrefix.count)
        var rows = [Int32](repeating: -1, count: batch * perB)
        for b in 0..<batch {
            for j in 0..<perB {
                let v = Int(pos[(positionHasBatch ? b * perB : 0) + j])
                if v >= 0 && v < n {
                    rows[b * perB + j] = Int32(b * n + v)
                    continue
                }
                idx[0] = b
                var r = j
                for a in stride(from: outPrefix.count - 1, to: 0, by: -1) { idx[a] = r % outPrefix[a]; r /= outPrefix[a] }
                if !padding.contains(idx) {
                    throw NetworkError(.dimensionMismatch, "position \(v) is outside the gathered axis of size \(n) in this batch", layer: name)
                }
            }
        }
        return x.take(rows: IntTensor(shape: outPrefix, rows), rowSize: rowSize, shape: outPrefix + Array(xs[2...]),
                      seqLens: ctx.seqLens(of: output), tape: ctx.tape)
    }
}
