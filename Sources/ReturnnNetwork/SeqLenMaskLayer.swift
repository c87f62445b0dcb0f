import ReturnnConfig
import ReturnnTensor

/// Sets the frames beyond each sequence's length to a value (RETURNN `seq_len_mask`).
///
/// Options: `mask_value` (required, e.g. 0.0 or `float("-inf")`), `axis` (`"T"`: a dynamic axis),
/// `seq_len_source` (a layer whose lengths of that axis to use instead), `start` (a layer `[B]`:
/// frames before it are masked too), `window_start` (a layer `[B]` or an int) with `window_size`
/// (an int or a layer): only frames `window_start ... window_start + window_size - 1` are kept.
/// The gradient reaches only the kept frames.
/// ```python
/// "masked": {"class": "seq_len_mask", "mask_value": float("-inf"), "axis": "T", "from": "energy"}
/// ```
public final class SeqLenMaskLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "seq_len_mask"`.
    public static let className = "seq_len_mask"
    /// The input's template.
    public let output: DataTemplate
    let axis: Int
    let maskValue: Double
    /// Reference index of each optional layer (nil: not given).
    let lenSource: Int?, start: Int?, windowStart: Int?, windowSize: Int?
    let windowStartConstant: Int?, windowSizeConstant: Int?

    /// `seq_len_source`, `start`, `window_start`, `window_size` when they name layers (in that order).
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        ["seq_len_source", "start", "window_start", "window_size"].compactMap { options.layerName($0) }
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        maskValue = try b.read { try $0.double("mask_value") }
        let axisValue = b.options.optionalValue("axis") ?? .str("T")
        axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        guard input.dims[axis].isDynamic, input.batchAxis != nil else {
            throw b.error(.invalidOption, "axis=\(axisValue.repr) is \(input.dims[axis]) in \(input); seq_len_mask needs a dynamic axis (and a batch axis)", at: axisValue.location)
        }
        var index: [String: Int] = [:]
        for key in ["seq_len_source", "start", "window_start", "window_size"] where b.options.layerName(key) != nil {
            index[key] = index.count + 1
        }
        lenSource = index["seq_len_source"]; start = index["start"]
        windowStart = index["window_start"]; windowSize = index["window_size"]
        for (key, i) in [("seq_len_source", lenSource), ("start", start), ("window_start", windowStart), ("window_size", windowSize)] {
            _ = b.options.optionalValue(key)
            guard let i else { continue }
            let node = b.referencedNodes[i - 1]
            if key == "seq_len_source" {
                guard node.output.timeDim != nil else { throw b.error(.dimensionMismatch, "seq_len_source '\(node.name)' \(node.output) has no time axis") }
            } else if !(node.output.isInt && node.output.dims.allSatisfy(\.isBatch)) {
                throw b.error(.dimensionMismatch, "\(key) layer '\(node.name)' \(node.output) must hold an int per sequence [B]")
            }
        }
        func constant(_ key: String) throws -> Int? {
            guard b.options.layerName(key) == nil, let v = b.options.dict.get(key), !v.isNone else { return nil }
            guard let i = v.intValue, v.boolValue == nil else { throw b.error(.invalidOption, "\(key) must be an int or a layer name, got \(v.repr)", at: v.location) }
            return i
        }
        windowStartConstant = try constant("window_start")
        windowSizeConstant = try constant("window_size")
        if (windowStart != nil || windowStartConstant != nil) != (windowSize != nil || windowSizeConstant != nil) {
            throw b.error(.invalidOption, "window_start and window_size go together")
        }
        output = input
    }

    /// Masks.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let shape = x.shape
        let bAxis = output.batchAxis!
        var lens = [Int32](repeating: Int32(shape[axis]), count: shape[bAxis])
        if let i = lenSource, let l = inputs[i].seqLens { lens = l.array } else if let l = ctx.sizes(of: output.dims[axis]) { lens = l.array }
        let starts = start.map { inputs[$0].intArray }
        let wStart = windowStart.map { inputs[$0].intArray }, wSize = windowSize.map { inputs[$0].intArray }
        let strides = ShapeUtil.strides(shape)
        let last = Swift.max(axis, bAxis)
        let rowSize = ShapeUtil.count(Array(shape[(last + 1)...]))
        let rowStrides = strides[...last].map { $0 / rowSize }
        let rows = RowMap.build(Array(shape[...last])) { o in
            let b = o[bAxis], t = o[axis]
            if t >= Int(lens[b]) { return -1 }
            if let starts, t < Int(starts[b]) { return -1 }
            if let ws = wStart.map({ Int($0[b]) }) ?? windowStartConstant, let wz = wSize.map({ Int($0[b]) }) ?? windowSizeConstant,
               t < ws || t >= ws + wz { return -1 }
            return RowMap.flat(o, rowStrides)
        }
        return x.take(rows: rows, rowSize: rowSize, shape: shape, fill: maskValue, seqLens: x.seqLens, tape: ctx.tape)
    }
}
