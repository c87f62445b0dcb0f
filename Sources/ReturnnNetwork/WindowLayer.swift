import ReturnnConfig
import ReturnnTensor

/// A sliding window over time as a new axis right after time (RETURNN `window`): `[B,T,F]` ->
/// `[B,T',W,F]` with `out[b,t,w] = x[b, t + w - window_left]`.
///
/// Padded frames of the input are treated as zeros, so every sequence is windowed as if it stood
/// alone (its window sees zeros beyond its end).
/// Options: `window_size` (required), `window_left`, `window_right` (padding `"same"`: default
/// right = size // 2, left = size - right - 1; they must sum to size - 1), `axis` (`"T"`, the only
/// supported axis), `padding` (`"same"`: same lengths; `"valid"`: lengths `len - size + 1`, no
/// `window_left`/`window_right`), `stride` (1; with stride `s` only every s-th window is kept, lengths
/// `ceil(len / s)` for "same", `ceil((len - size + 1) / s)` for "valid").
/// ```python
/// "win": {"class": "window", "window_size": 5, "from": "data"}   # [B,T,F] -> [B,T,5,F]
/// ```
public final class WindowLayer: Layer {
    /// The class name in a net dict: `"class": "window"`.
    public static let className = "window"
    /// It mixes frames over time.
    public static var mixesFrames: Bool { true }
    /// `[B, T', W, spatial..., F]`.
    public let output: DataTemplate
    let size: Int, left: Int, right: Int
    let padding: Padding
    let stride: Int

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        guard input.isFloat else { throw b.error(.sparseMismatch, "input \(input) holds int values; window needs float input") }
        let ws = try b.read { try $0.int("window_size") }
        guard ws >= 1 else { throw b.error(.invalidOption, "window_size must be positive, got \(ws)") }
        size = ws
        let l = try SliceLayer.optionalInt(b, "window_left"), r = try SliceLayer.optionalInt(b, "window_right")
        let axisValue = b.options.optionalValue("axis") ?? .str("T")
        let axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        guard AxisDescription.roles(input)[axis] == .time else {
            throw b.error(.invalidOption, "window over axis \(axisValue.repr) is not supported; only the time axis \"T\"", at: axisValue.location)
        }
        let p = try b.read { try $0.string("padding", default: "same") }
        guard let pad = Padding(rawValue: p) else { throw b.error(.invalidOption, "padding must be \"same\" or \"valid\", got '\(p)'") }
        padding = pad
        let stride = try b.read { try $0.int("stride", default: 1) }
        guard stride >= 1 else { throw b.error(.invalidOption, "stride must be positive, got \(stride)") }
        self.stride = stride
        var out = input
        switch pad {
        case .same:
            let rr = r ?? (l.map { ws - $0 - 1 } ?? ws / 2)
            let ll = l ?? ws - rr - 1
            guard ll >= 0 && rr >= 0 && ll + rr + 1 == ws else {
                throw b.error(.invalidOption, "window_left \(ll) + window_right \(rr) + 1 must equal window_size \(ws)")
            }
            (left, right) = (ll, rr)
        case .valid:
            guard l == nil && r == nil else { throw b.error(.invalidOption, "padding \"valid\" takes no window_left/window_right") }
            (left, right) = (0, 0)
            out.timeDim = input.timeDim!.plus(-(ws - 1))
        }
        if stride != 1 { out.timeDim = out.timeDim!.ceilDiv(stride) }
        out.spatial.insert(ws, at: 0)
        output = out
    }

    /// Masks padded frames, pads the time axis with zeros and stacks the shifted views.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        var x = inputs[0].dense
        var lens = inputs[0].seqLens
        if let l = lens { x = tape.maskSequences(x, lengths: l) }
        let time = x.shape[1]
        var parts = [x]
        var padShape = x.shape
        if left > 0 { padShape[1] = left; parts.insert(Variable(Tensor(zeros: padShape)), at: 0) }
        if right > 0 { padShape[1] = right; parts.append(Variable(Tensor(zeros: padShape))) }
        let padded = parts.count == 1 ? x : tape.concat(parts, axis: 1)
        let outTime = padding == .same ? time : Swift.max(time - size + 1, 0)
        var viewShape = x.shape
        viewShape[1] = outTime
        viewShape.insert(1, at: 2)
        let views = (0..<size).map { w in tape.reshape(tape.slice(padded, axis: 1, w..<(w + outTime)), viewShape) }
        var y = views.count == 1 ? views[0] : tape.concat(views, axis: 2)
        if padding == .valid, let l = lens { lens = IntTensor(shape: l.shape, l.array.map { Swift.max($0 - Int32(size) + 1, 0) }) }
        if stride > 1 {
            y = tape.stridedSlice(y, axis: 1, start: 0, count: (outTime + stride - 1) / stride, step: stride)
            if let l = lens { lens = IntTensor(shape: l.shape, l.array.map { ($0 + Int32(stride) - 1) / Int32(stride) }) }
        }
        return LayerValue(values: y, seqLens: lens)
    }
}
