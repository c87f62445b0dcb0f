import ReturnnConfig
import ReturnnTensor

/// Concatenates all frames so far along a new dynamic axis (RETURNN `cum_concat`, `CumConcatLayer`:
/// like `cumsum` with `concat`), the base of auto-regressive self-attention built from layers.
///
/// Options: `out_spatial_dim` (required: a dynamic dim tag from the config, e.g.
/// `SpatialDim("history")`), `axis` (None: the rec loop's frames). Inside a rec loop at frame `t`
/// the output is `[B, t+1, ...]` (the input frame `[B, ...]` appended to the state; the new axis
/// has size `t+1`). Over whole sequences (moved out of the loop) the output is the input with its
/// time axis replaced by `out_spatial_dim`, whose sizes are the input's lengths (upstream keeps one
/// size per loop frame, `[T]`: swift-returnn's sizes are per sequence, so a layer reading the moved-out
/// value sees each sequence's full history, not the history up to each frame).
/// ```python
/// "kv_hist": {"class": "cum_concat", "from": "kv", "out_spatial_dim": hist_dim}
/// ```
public final class CumConcatLayer: RecStepLayer {
    /// The class name in a net dict: `"class": "cum_concat"`.
    public static let className = "cum_concat"
    /// The order of frames matters.
    public static var mixesFrames: Bool { true }
    /// `[B, new, ...]`.
    public let output: DataTemplate
    let newDim: Dim
    let perFrame: Bool

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        let v = try b.read { try $0.value("out_spatial_dim") }
        guard let tag = b.externData.dimTags.dim(v), tag.isDynamic else {
            throw b.error(.invalidOption, "out_spatial_dim must be a dynamic dim tag (SpatialDim(\"name\")), got \(v.repr)", at: v.location)
        }
        newDim = tag
        perFrame = b.recLoop != nil
        if let a = b.options.optionalValue("axis"), !a.isNone {
            throw b.error(.invalidOption, "cum_concat axis \(a.repr) is not supported by swift-returnn; leave it None (the rec loop's frames)",
                          at: a.location)
        }
        guard let batchAxis = input.batchAxis, batchAxis == 0 else {
            throw b.error(.dimensionMismatch, "cum_concat needs an input with the batch axis first, got \(input)")
        }
        var dims = input.dims
        if let loop = b.recLoop {
            guard input.timeAxis == nil || !input.dims.contains(loop.timeDim) else {
                throw b.error(.dimensionMismatch, "inside the loop of rec layer '\(loop.recLayer)' the input must be one frame, got \(input)")
            }
            dims.insert(tag, at: 1)
        } else {
            guard let t = input.timeAxis else {
                throw b.error(.dimensionMismatch, "cum_concat runs inside a rec layer's unit; moved out of the loop its input needs the " +
                              "loop's time axis, but \(input) from \(b.sourceNames.map { "'\($0)'" }.joined(separator: ", ")) has none")
            }
            dims[t] = tag
        }
        output = DataTemplate(dims: dims, sparseTag: input.sparseTag, isInt: input.isInt)
    }

    /// Moved out: the input as it is, its time axis now `out_spatial_dim` (per frame: one step).
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        if perFrame { return try step(inputs, state: initialStepState(batch: x.batch, references: [], ctx), ctx).output }
        let lens = x.seqLens ?? IntTensor(shape: [x.batch], repeating: Int32(x.time))
        ctx.setSizes(lens, for: newDim)
        var out = x
        out.seqLens = lens
        return out
    }

    /// No frames: `[B, 0, ...]` (dense) or an empty int tensor.
    public func initialStepState(batch: Int, references: [LayerValue], _ ctx: ForwardContext) throws -> RecStepState {
        var shape = output.dims.map { $0.size ?? 0 }
        shape[0] = batch
        return RecStepState(values: [Variable(Tensor(zeros: shape))])
    }

    /// Frame `t`: the state with the frame appended, `[B, t+1, ...]`.
    public func step(_ inputs: [LayerValue], state: RecStepState, _ ctx: ForwardContext) throws -> (output: LayerValue, state: RecStepState) {
        let tape = ctx.tape
        let x = inputs[0].values ?? Variable(Tensor(shape: inputs[0].shape, inputs[0].ints!.array.map(Float.init)))
        let b = x.shape[0]
        let all = tape.concat([state.values[0], tape.reshape(x, [b, 1] + x.shape.dropFirst())], axis: 1)
        let lens = IntTensor(shape: [b], repeating: Int32(all.shape[1]))
        ctx.setSizes(lens, for: newDim)
        let out = output.isInt ? LayerValue(ints: IntTensor(shape: all.shape, all.value.array.map { Int32($0) }), seqLens: lens)
                               : LayerValue(values: all, seqLens: lens)
        return (out, RecStepState(values: [all]))
    }
}
