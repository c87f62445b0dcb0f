import ReturnnConfig
import ReturnnTensor

/// Cuts every sequence into overlapping chunks that become sequences of their own (RETURNN
/// `time_chunking`, upstream's native `Chunking` op); `time_unchunking` puts them back.
///
/// Options: `chunk_size` and `chunk_step` (required, positive), `axis` (`"T"`), `out_dim` (a dim
/// tag for the chunk axis).
///
/// With `n` = the padded length, every sequence gets `n_chunks = max(n - chunk_size + chunk_step - 1,
/// 0) // chunk_step + 1` chunks; chunk `c` of sequence `b` holds its frames `c*chunk_step ...
/// c*chunk_step + chunk_size - 1` (zeros beyond the sequence), and its length is the number of real
/// frames in it (0 for chunks after the end). The batch axis is replaced by a new batch axis of
/// `B * n_chunks` entries (sequence-major: chunk `c` of sequence `b` is entry `b * n_chunks + c`)
/// with tag `<name>:chunked_batch`, the time axis by the chunk axis `<name>:chunking`.
/// Upstream's output is time-major `[chunk, B*n_chunks, ...]`; here it is batch-major
/// `[B*n_chunks, chunk, ...]` (the same values; this runtime's layout). Batch tags are one axis
/// kind here, so a mix of chunked and unchunked data is caught by the differing time axes.
/// ```python
/// "chunks": {"class": "time_chunking", "chunk_size": 50, "chunk_step": 25, "from": "data"},
/// "lstm": {"class": "rec", "unit": "nativelstm2", "n_out": 256, "from": "chunks"},
/// "unchunked": {"class": "time_unchunking", "chunking_layer": "chunks", "from": "lstm"}
/// ```
public final class TimeChunkingLayer: Layer {
    /// The class name in a net dict: `"class": "time_chunking"`.
    public static let className = "time_chunking"
    /// Reorders frames.
    public static var mixesFrames: Bool { true }
    /// `[B', chunk, rest...]`.
    public let output: DataTemplate
    let chunkSize: Int, chunkStep: Int
    /// The input's time axis and its tag; the input template.
    let axis: Int
    let inputTemplate: DataTemplate
    /// The chunk axis.
    let chunkDim: Dim
    /// A private tag whose run-time "size" is the padded input length and batch size
    /// `[n, B]`, for `time_unchunking` (upstream reads the chunking layer's input shape).
    let inputShapeTag: Dim

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        inputTemplate = input
        chunkSize = try b.read { try $0.int("chunk_size") }
        chunkStep = try b.read { try $0.int("chunk_step") }
        guard chunkSize > 0 && chunkStep > 0 else {
            throw b.error(.invalidOption, "chunk_size and chunk_step must be positive, got \(chunkSize) and \(chunkStep)")
        }
        let axisValue = b.options.optionalValue("axis") ?? .str("T")
        let axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        self.axis = axis
        guard let bAxis = input.batchAxis, axis != bAxis else {
            throw b.error(.invalidOption, "time_chunking needs a batch axis and another axis to chunk, got \(input) and axis=\(axisValue.repr)")
        }
        var dim = Dim(kind: input.dims[axis].kind == .batch ? .spatial : input.dims[axis].kind, name: "\(b.name):chunking")
        if let v = b.options.optionalValue("out_dim"), !v.isNone {
            guard let tag = b.externData.dimTags.dim(v), tag.size == nil else {
                throw b.error(.invalidOption, "out_dim must be a dynamic dim tag (SpatialDim(name)), got \(v.repr)", at: v.location)
            }
            dim = tag
        }
        chunkDim = dim
        inputShapeTag = Dim(kind: .spatial, name: "\(b.name):input-shape")
        let rest = input.dims.indices.filter { $0 != axis && $0 != bAxis }.map { input.dims[$0] }
        output = DataTemplate(dims: [Dim(kind: .batch, name: "\(b.name):chunked_batch"), dim] + rest,
                              sparseTag: input.sparseTag, isInt: input.isInt)
    }

    /// Upstream's `n_chunks` for a padded length `n`.
    static func chunkCount(_ n: Int, size: Int, step: Int) -> Int { Swift.max(n - size + step - 1, 0) / step + 1 }

    /// Chunks the values; registers the chunk lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let bAxis = inputTemplate.batchAxis!
        let perm = [bAxis, axis] + inputTemplate.dims.indices.filter { $0 != axis && $0 != bAxis }
        let x = inputs[0].transposed(perm, seqLens: nil, tape: ctx.tape)
        let shape = x.shape
        let batch = shape[0], n = shape[1], rowSize = ShapeUtil.count(Array(shape[2...]))
        let tDim = inputTemplate.dims[axis]
        let lens = tDim.isDynamic ? ctx.sizes(of: tDim)?.array.map(Int.init) : nil
        let chunks = Self.chunkCount(n, size: chunkSize, step: chunkStep)
        var rows = [Int32](repeating: -1, count: batch * chunks * chunkSize)
        var chunkLens = [Int32](repeating: 0, count: batch * chunks)
        for b in 0..<batch {
            let len = Swift.min(lens?[b] ?? n, n)
            for c in 0..<chunks {
                for t in 0..<chunkSize {
                    let src = c * chunkStep + t
                    guard src < len else { continue }
                    rows[(b * chunks + c) * chunkSize + t] = Int32(b * n + src)
                    chunkLens[b * chunks + c] += 1
                }
            }
        }
        let lengths = IntTensor(shape: [batch * chunks], chunkLens)
        ctx.setSizes(lengths, for: chunkDim)
        ctx.setSizes(IntTensor(shape: [2], [Int32(n), Int32(batch)]), for: inputShapeTag)
        let outShape = [batch * chunks, chunkSize] + Array(shape[2...])
        return x.take(rows: IntTensor(shape: [batch * chunks, chunkSize], rows), rowSize: rowSize, shape: outShape,
                      seqLens: lengths, tape: ctx.tape)
    }
}
