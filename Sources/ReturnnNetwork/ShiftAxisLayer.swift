import ReturnnConfig
import ReturnnTensor

/// Shifts the values along one axis by slicing and padding (RETURNN `shift_axis`).
///
/// Options: `axis` (required), `amount` (required, non-zero int: < 0 shifts left, dropping the
/// first `-amount` frames; > 0 shifts right, dropping the last `amount`), `pad` (True: pad with
/// `pad_value` (0) so the axis keeps its size), `adjust_size_info` (True: the lengths of a dynamic
/// axis become `clip(len + delta, 0, size)` with `delta = amount` for a left shift, `amount` for a
/// padded right shift, 0 otherwise).
/// The axis gets a new tag unless `pad` and not `adjust_size_info`. A static axis keeps its size
/// when padded (upstream's template then claims `size - |amount|` while its tensor keeps `size`; see
/// Differences) and becomes `size - |amount|` otherwise.
/// ```python
/// "prev": {"class": "shift_axis", "axis": "T", "amount": 1, "from": "data"}
/// ```
public final class ShiftAxisLayer: Layer {
    /// The class name in a net dict: `"class": "shift_axis"`.
    public static let className = "shift_axis"
    /// Moves frames in time.
    public static var mixesFrames: Bool { true }
    /// See the type.
    public let output: DataTemplate
    let axis: Int
    let amount: Int
    let pad: Bool
    let padValue: Double
    let adjust: Bool
    let inDim: Dim

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        let axisValue = try b.read { try $0.value("axis") }
        axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        inDim = input.dims[axis]
        if inDim.isBatch { throw b.error(.invalidOption, "cannot shift the batch axis", at: axisValue.location) }
        amount = try b.read { try $0.int("amount") }
        guard amount != 0 else { throw b.error(.invalidOption, "amount must not be 0 (that would change nothing)") }
        pad = try b.read { try $0.bool("pad", default: true) }
        padValue = try b.read { try $0.double("pad_value", default: 0) }
        adjust = try b.read { try $0.bool("adjust_size_info", default: true) }
        var out = input
        if inDim.isDynamic {
            if adjust || !pad { out.dims[axis] = inDim.derived("shift_axis", [amount, pad ? 1 : 0], name: "\(b.name)_shift_axis") { $0 } }
        } else if !pad {
            let n = Swift.max(0, inDim.size! - Swift.abs(amount))
            out.dims[axis] = Dim(kind: inDim.kind, name: "\(b.name)_shift_axis", size: n)
        }
        output = out
    }

    /// Shifts; registers the new lengths of a dynamic axis.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let inShape = x.shape, n = inShape[axis], k = Swift.abs(amount)
        let kept = Swift.max(n - k, 0)
        var outShape = inShape
        outShape[axis] = pad ? n : kept
        let outDim = output.dims[axis]
        if outDim != inDim, let s = ctx.sizes(of: inDim), ctx.sizes(of: outDim) == nil {
            let delta = amount < 0 ? amount : (pad ? amount : 0)
            let limit = Int32(outShape[axis])
            ctx.setSizes(IntTensor(shape: s.shape, s.array.map { Swift.min(Swift.max($0 + Int32(adjust ? delta : 0), 0), limit) }), for: outDim)
        }
        let strides = ShapeUtil.strides(Array(inShape[...axis]))
        let rowSize = ShapeUtil.count(Array(inShape[(axis + 1)...]))
        var src = [Int](repeating: 0, count: axis + 1)
        let rows = RowMap.build(Array(outShape[...axis])) { o in
            // Output position p holds input position p + shift of the sliced tensor.
            let p = o[axis]
            let q: Int
            if amount < 0 {
                q = p + k  // x[k:] then padding at the end
            } else {
                q = pad ? p - Swift.min(k, n) : p  // padding at the start, then x[:-k]
            }
            guard q >= 0 && q < n, amount < 0 || q < kept else { return -1 }
            for i in 0..<axis { src[i] = o[i] }
            src[axis] = q
            return RowMap.flat(src, strides)
        }
        return x.take(rows: rows, rowSize: rowSize, shape: outShape, fill: padValue, seqLens: ctx.seqLens(of: output), tape: ctx.tape)
    }
}
