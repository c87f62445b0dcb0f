import ReturnnConfig
import ReturnnTensor

/// Learned (or sinusoidal) encodings of the clipped distance between key and query positions
/// (RETURNN `relative_positional_encoding`, Shaw et al. 2018), usually the `key_shift` of
/// `self_attention`: `output[i, j] = encoding_matrix[clip(j - i, -clipping, clipping) + clipping]`.
///
/// Options: `n_out` or `out_dim` (required), `clipping` (16), `fixed` (False; True: the sinusoids of
/// `positional_encoding` for positions `0 ... 2·clipping` instead of a parameter),
/// `forward_weights_init` ("glorot_uniform"). Parameter `<layer>/encoding_matrix` `[2·clipping+1, n_out]`.
/// Over whole sequences the output is `[T, T, n_out]` (the input's time axis twice, no batch); inside
/// a rec loop at frame `t` it is `[1, t+1, n_out]` (queries: the frame; keys: all frames so far).
/// ```python
/// "rel": {"class": "relative_positional_encoding", "from": "ln", "n_out": 64, "clipping": 16}
/// ```
public final class RelativePositionalEncodingLayer: RecStepLayer {
    /// The class name in a net dict: `"class": "relative_positional_encoding"`.
    public static let className = "relative_positional_encoding"
    /// Its value depends on the frame index.
    public static var mixesFrames: Bool { true }
    /// `[T, T, n_out]`, or `[1, t+1, n_out]` per frame.
    public let output: DataTemplate
    let channels: Int, clipping: Int
    let matrix: String?
    let keyDim: Dim

    /// Reads the options and declares `encoding_matrix` (unless `fixed`).
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        channels = try b.nOut()!
        clipping = try b.read { try $0.int("clipping", default: 16) }
        guard clipping >= 0 else { throw b.error(.invalidOption, "clipping must be >= 0, got \(clipping)") }
        let fixed = try b.read { try $0.bool("fixed", default: false) }
        for key in ["query_spatial_dim", "key_value_spatial_dim", "query_offset"] {
            if let v = b.options.optionalValue(key) {
                throw b.error(.invalidOption, "\(key) is not supported by swift-returnn (the input's time axis, or the loop's frames)", at: v.location)
            }
        }
        let feature = b.outDimTag ?? .feature("\(b.name)_rel_pos_enc_feat", channels)
        if let loop = b.recLoop {
            guard input.timeAxis == nil else {
                throw b.error(.dimensionMismatch, "inside the loop of rec layer '\(loop.recLayer)' the input must be one frame, got \(input)")
            }
            keyDim = .spatial("\(b.name)_rel_pos_enc_time")
            output = DataTemplate(dims: [.spatial("\(b.name)_rel_pos_enc_dummy", size: 1), keyDim, feature])
        } else {
            guard let time = input.timeDim else {
                throw b.error(.dimensionMismatch, "relative_positional_encoding needs an input with a time axis outside a rec loop, got \(input)")
            }
            keyDim = time
            output = DataTemplate(dims: [time, time, feature])
        }
        if fixed {
            guard channels >= 4 else { throw b.error(.invalidOption, "fixed encodings need at least 4 channels, got \(channels)") }
            matrix = nil
        } else {
            let fw = try b.initializer("forward_weights_init", default: .glorotUniform)
            matrix = b.parameter("encoding_matrix", shape: [2 * clipping + 1, channels], initializer: fw)
        }
    }

    /// `[q, k, n]` for query positions `queries` and key positions `0..<keys`.
    func encodings(queries: [Int], keys: Int, _ ctx: ForwardContext) -> Variable {
        let idx = queries.flatMap { i in (0..<keys).map { j in Int32(Swift.min(Swift.max(j - i, -clipping), clipping) + clipping) } }
        let table = matrix.map { ctx.parameter($0) }
            ?? Variable(Tensor(shape: [2 * clipping + 1, channels],
                               PositionalEncodingLayer.signal(positions: Array(0...(2 * clipping)), channels: channels)))
        return ctx.tape.gather(table, indices: IntTensor(shape: [queries.count, keys], idx))
    }

    /// All frames: `[T, T, n]`.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        guard output.dims[0] == keyDim else {
            let s = try initialStepState(batch: x.batch, references: [], ctx)
            return try step(inputs, state: s, ctx).output
        }
        return LayerValue(values: encodings(queries: Array(0..<x.time), keys: x.time, ctx), seqLens: x.seqLens)
    }

    /// The frame counter (`[1]`, -1 before the first frame).
    public func initialStepState(batch: Int, references: [LayerValue], _ ctx: ForwardContext) throws -> RecStepState {
        RecStepState(values: [Variable(Tensor(shape: [1], [-1]))])
    }

    /// Frame `t`: `[1, t+1, n]`; registers the key axis size `t+1`.
    public func step(_ inputs: [LayerValue], state: RecStepState, _ ctx: ForwardContext) throws -> (output: LayerValue, state: RecStepState) {
        let t = Int(state.values[0].value.array[0]) + 1
        ctx.setSizes(IntTensor(shape: [inputs[0].batch], repeating: Int32(t + 1)), for: keyDim)
        return (LayerValue(values: encodings(queries: [t], keys: t + 1, ctx), seqLens: nil),
                RecStepState(values: [Variable(Tensor(shape: [1], [Float(t)]))]))
    }
}
