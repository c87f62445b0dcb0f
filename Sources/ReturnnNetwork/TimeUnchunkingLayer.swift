import ReturnnConfig
import ReturnnTensor

/// Undoes `time_chunking` (RETURNN `time_unchunking`, upstream's native `UnChunking` op): every
/// frame of the original sequences is the mean of the chunk frames that hold it (overlapping
/// chunks are averaged; frames no chunk holds are 0).
///
/// Option: `chunking_layer` (required: the `time_chunking` layer whose chunks the input holds).
/// The input must have that layer's chunk axis and chunked batch axis; the output has the
/// original batch and time axes (and lengths), `[B, T, rest...]` (upstream: time-major).
/// Gradient as upstream: each chunk frame gets its output frame's gradient divided by the number
/// of chunk frames averaged there.
/// ```python
/// "unchunked": {"class": "time_unchunking", "chunking_layer": "chunks", "from": "lstm"}
/// ```
public final class TimeUnchunkingLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "time_unchunking"`.
    public static let className = "time_unchunking"
    /// Reorders frames.
    public static var mixesFrames: Bool { true }
    /// `[B, T, rest...]`.
    public let output: DataTemplate
    let chunking: TimeChunkingLayer
    /// Permutation of the input to `[B', chunk, rest...]`.
    let perm: [Int]
    let timeDim: Dim

    /// `chunking_layer`.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        guard let n = options.layerName("chunking_layer") else {
            throw NetworkError(.invalidOption, "time_unchunking needs 'chunking_layer', the name of the time_chunking layer", layer: layer, at: options.location)
        }
        return [n]
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        _ = try b.read { try $0.value("chunking_layer") }
        let node = b.referencedNodes[0]
        guard let c = node.layer as? TimeChunkingLayer else {
            throw b.error(.invalidOption, "chunking_layer '\(node.name)' is a '\(node.className)' layer, not 'time_chunking'")
        }
        chunking = c
        let input = b.input
        guard let t = input.dims.firstIndex(where: { $0 == c.chunkDim }), let bAxis = input.batchAxis else {
            throw b.error(.dimensionMismatch, "the input \(input) does not have the chunk axis \(c.chunkDim) of '\(node.name)'")
        }
        perm = [bAxis, t] + input.dims.indices.filter { $0 != t && $0 != bAxis }
        let orig = c.inputTemplate
        timeDim = orig.dims[c.axis]
        output = DataTemplate(dims: [Dim.batch, timeDim] + perm.dropFirst(2).map { input.dims[$0] }, sparseTag: input.sparseTag, isInt: input.isInt)
        if output.isInt { throw b.error(.sparseMismatch, "time_unchunking averages frames and needs float input, got \(input)") }
    }

    /// Averages the chunks back into sequences.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0].transposed(perm, seqLens: nil, tape: ctx.tape).dense
        let shape = x.shape
        let chunkLens = ctx.requireSizes(of: chunking.chunkDim, "time_unchunking").array
        let orig = ctx.requireSizes(of: chunking.inputShapeTag, "time_unchunking").array
        let n = Int(orig[0]), batch = Int(orig[1])
        let size = chunking.chunkSize, step = chunking.chunkStep
        let chunks = shape[0] / Swift.max(batch, 1)
        precondition(chunks * batch == shape[0] && shape[1] == size, "time_unchunking: input \(shape) does not fit \(batch) sequences of \(chunks) chunks")
        let rowSize = ShapeUtil.count(Array(shape[2...]))
        // Frame t of sequence b is in chunks c with c*step <= t < c*step + size; at most
        // ceil(size / step) of them: one take per overlap level, summed, times 1/count.
        let levels = (size + step - 1) / step
        var maps = [[Int32]](repeating: [Int32](repeating: -1, count: batch * n), count: levels)
        var factors = [Float](repeating: 1, count: batch * n)
        for b in 0..<batch {
            for t in 0..<n {
                let first = Swift.max(0, (t - size + step) / step), last = Swift.min(t / step + 1, chunks)
                var k = 0
                for c in first..<Swift.max(first, last) {
                    let inT = t - c * step
                    guard inT >= 0 && inT < size, inT < Int(chunkLens[b * chunks + c]) else { continue }
                    maps[k][b * n + t] = Int32((b * chunks + c) * size + inT)
                    k += 1
                }
                if k > 0 { factors[b * n + t] = 1 / Float(k) }
            }
        }
        let outShape = [batch, n] + Array(shape[2...])
        var sum: Variable?
        for m in maps where m.contains(where: { $0 >= 0 }) {
            let y = ctx.tape.take(x, rows: IntTensor(shape: [batch, n], m), rowSize: rowSize, shape: outShape)
            sum = sum.map { ctx.tape.add($0, y) } ?? y
        }
        var y = sum ?? Variable(Tensor(zeros: outShape))
        let factorShape = [batch, n] + [Int](repeating: 1, count: shape.count - 2)
        y = ctx.tape.mul(y, Variable(Tensor(shape: factorShape, factors)))
        return LayerValue(values: y, seqLens: ctx.sizes(of: timeDim))
    }
}
