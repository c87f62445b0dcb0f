import ReturnnConfig
import ReturnnTensor

/// `x[start:end:step]` along one axis (RETURNN `slice`).
///
/// Options: `axis` (required: `"F"`, `"T"`, `"s:0"`, an int, ...), `slice_start`, `slice_end`,
/// `slice_step` (None; Python slice rules; `step` must be positive). Int values (e.g. sparse targets)
/// are sliced too.
/// On a static axis the result is static. On the time axis `slice_start` must be >= 0; every
/// sequence gets the length `ceil((end_b - start) / step)` with `end_b = min(len, slice_end)` or
/// `len + slice_end` for a negative end (upstream makes a positive `slice_end` a static length
/// `slice_end - slice_start`; here short sequences keep their true, shorter length).
/// ```python
/// "first_half": {"class": "slice", "axis": "F", "slice_end": 128, "from": "data"}
/// "sub2": {"class": "slice", "axis": "T", "slice_step": 2, "from": "lstm"}
/// ```
public final class SliceLayer: Layer {
    /// The class name in a net dict: `"class": "slice"`.
    public static let className = "slice"
    /// The input with the sliced axis resized.
    public let output: DataTemplate
    let axis: Int
    let start: Int?, end: Int?, step: Int
    let onTime: Bool

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        let axisValue = try b.read { try $0.value("axis") }
        axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        start = try Self.optionalInt(b, "slice_start")
        end = try Self.optionalInt(b, "slice_end")
        step = try Self.optionalInt(b, "slice_step") ?? 1
        guard step >= 1 else { throw b.error(.invalidOption, "slice_step must be positive, got \(step) (reversing is not supported)") }
        var out = input
        var isTime = false
        switch AxisDescription.roles(input)[axis] {
        case .batch:
            throw b.error(.invalidOption, "cannot slice the batch axis", at: axisValue.location)
        case .time:
            if let start, start < 0 {
                throw b.error(.invalidOption, "slice_start on the time axis must be >= 0 (sequences have different lengths), got \(start)")
            }
            isTime = true
            if (start ?? 0) != 0 || end != nil || step != 1 {
                out.timeDim = input.timeDim!.derived("slice", [start ?? 0, end ?? Int.max, step], name: "\(input.timeDim!.name)[slice]") { $0 }
            }
        case .spatial(let s):
            out.spatial[s] = try Self.staticCount(input.spatial[s], start, end, step, b)
        case .feature:
            out.featureDim = try Self.staticCount(input.featureDim!, start, end, step, b)
        }
        onTime = isTime
        output = out
    }

    static func optionalInt(_ b: LayerBuilder, _ key: String) throws -> Int? {
        guard let v = b.options.optionalValue(key), !v.isNone else { return nil }
        guard let i = v.intValue, v.boolValue == nil else { throw b.error(.invalidOption, "\(key) must be an int or None, got \(v.repr)", at: v.location) }
        return i
    }

    /// Python's `slice(start, end, step).indices(n)` for `step > 0`: first index and count.
    static func bounds(_ n: Int, _ start: Int?, _ end: Int?, _ step: Int) -> (first: Int, count: Int) {
        func clamp(_ v: Int) -> Int { v < 0 ? Swift.max(v + n, 0) : Swift.min(v, n) }
        let s = start.map(clamp) ?? 0, e = end.map(clamp) ?? n
        return (s, e > s ? (e - s + step - 1) / step : 0)
    }

    static func staticCount(_ n: Int, _ start: Int?, _ end: Int?, _ step: Int, _ b: LayerBuilder) throws -> Int {
        let c = bounds(n, start, end, step).count
        guard c > 0 else {
            throw b.error(.dimensionMismatch, "slice [\(start.map(String.init) ?? ""):\(end.map(String.init) ?? ""):\(step)] of an axis " +
                          "of size \(n) is empty")
        }
        return c
    }

    /// Slices the padded values; on the time axis also the lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let (first, count) = Self.bounds(inputs[0].shape[axis], start, end, step)
        var lens = inputs[0].seqLens
        if onTime, let l = lens {
            let s = start ?? 0
            lens = IntTensor(shape: l.shape, l.array.map { len in
                let n = Int(len)
                let e = end.map { $0 >= 0 ? Swift.min($0, n) : Swift.max(n + $0, 0) } ?? n
                return Int32(e > s ? Swift.min((e - s + step - 1) / step, count) : 0)
            })
        }
        if let ints = inputs[0].ints { return LayerValue(ints: Self.slice(ints, axis: axis, first: first, count: count, step: step), seqLens: lens) }
        let x = inputs[0].dense
        let y = step == 1 ? ctx.tape.slice(x, axis: axis, first..<(first + count))
            : ctx.tape.stridedSlice(x, axis: axis, start: first, count: count, step: step)
        return LayerValue(values: y, seqLens: lens)
    }

    /// `count` elements of `x` along `axis`, every `step` from `first`.
    static func slice(_ x: IntTensor, axis: Int, first: Int, count: Int, step: Int) -> IntTensor {
        let outer = x.shape[..<axis].reduce(1, *), n = x.shape[axis], inner = x.shape[(axis + 1)...].reduce(1, *)
        let src = x.array
        var out: [Int32] = []
        out.reserveCapacity(outer * count * inner)
        for o in 0..<outer {
            for j in 0..<count {
                let base = (o * n + first + j * step) * inner
                out += src[base..<(base + inner)]
            }
        }
        var shape = x.shape
        shape[axis] = count
        return IntTensor(shape: shape, out)
    }
}
