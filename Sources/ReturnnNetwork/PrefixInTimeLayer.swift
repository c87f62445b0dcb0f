import ReturnnConfig
import ReturnnTensor

/// Puts constant frames before every sequence (RETURNN `prefix_in_time`).
///
/// Options: `prefix` (0.0: a number; a layer is not supported, as upstream), `repeat` (1: an int,
/// or a layer with an int per sequence `[B]`), `axis` (`"T"`), `out_dim` (a dim tag for the new
/// axis), `size_base` (a layer whose time axis and lengths the output takes).
/// With an int `repeat` the axis gets the tag `repeat + T` (not the same axis as `T + repeat` of
/// `postfix_in_time`) and the lengths `len + repeat`; with a layer, sequence `b` gets `repeat[b]`
/// prefix frames, a new dynamic axis with lengths `len + repeat[b]`.
/// ```python
/// "bos": {"class": "prefix_in_time", "prefix": 0.0, "repeat": 1, "from": "data"}
/// ```
public final class PrefixInTimeLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "prefix_in_time"`.
    public static let className = "prefix_in_time"
    /// Shifts frames in time.
    public static var mixesFrames: Bool { true }
    /// The input with the axis grown.
    public let output: DataTemplate
    let axis: Int
    let repeatCount: Int?
    let constant: Double
    let inDim: Dim
    let hasSizeBase: Bool

    /// `repeat` and `size_base` when they name layers (in that order).
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        [options.layerName("repeat"), options.layerName("size_base")].compactMap { $0 }
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        let axisValue = b.options.optionalValue("axis") ?? .str("T")
        axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        inDim = input.dims[axis]
        if inDim.isBatch { throw b.error(.invalidOption, "cannot prefix the batch axis", at: axisValue.location) }
        if let v = b.options.optionalValue("prefix"), v.stringValue != nil {
            throw b.error(.invalidOption, "prefix must be a number; a layer as prefix is not supported (as upstream)", at: v.location)
        }
        constant = try b.read { try $0.double("prefix", default: 0) }
        var refs = b.referencedNodes[...]
        var out = input
        if b.options.layerName("repeat") != nil {
            _ = b.options.optionalValue("repeat")
            let node = refs.removeFirst()
            guard node.output.isInt, node.output.dims.allSatisfy(\.isBatch), !node.output.dims.isEmpty, inDim.isDynamic else {
                throw b.error(.dimensionMismatch, "repeat layer '\(node.name)' \(node.output) must hold an int per sequence [B] " +
                              "(and the axis must be dynamic)")
            }
            repeatCount = nil
            out.dims[axis] = Dim(kind: inDim.kind, name: "\(node.name):repeat+\(inDim.name)")
        } else {
            let r = try b.read { try $0.int("repeat", default: 1) }
            guard r >= 0 else { throw b.error(.invalidOption, "repeat must be >= 0, got \(r)") }
            repeatCount = r
            out.dims[axis] = inDim.plusLeft(r)
        }
        hasSizeBase = b.options.layerName("size_base") != nil
        if hasSizeBase {
            _ = b.options.optionalValue("size_base")
            let node = refs.removeFirst()
            guard let t = node.output.timeDim else { throw b.error(.dimensionMismatch, "size_base '\(node.name)' \(node.output) has no time axis") }
            guard repeatCount != nil else { throw b.error(.invalidOption, "size_base and a repeat layer exclude each other") }
            out.dims[axis] = t
        }
        if let v = b.options.optionalValue("out_dim"), !v.isNone {
            if hasSizeBase { throw b.error(.invalidOption, "out_dim and size_base exclude each other", at: v.location) }
            guard let tag = b.externData.dimTags.dim(v), tag.size == out.dims[axis].size else {
                throw b.error(.dimensionMismatch, "out_dim must be a dim tag of size \(out.dims[axis].size.map(String.init) ?? "dynamic"), got \(v.repr)", at: v.location)
            }
            out.dims[axis].declareSame(as: tag)
            out.dims[axis] = tag
        }
        output = out
    }

    /// Prefixes; registers the new lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let inShape = x.shape, n = inShape[axis]
        let b0 = output.batchAxis
        let batch = b0.map { inShape[$0] } ?? 1
        let reps: [Int] = repeatCount.map { [Int](repeating: $0, count: batch) } ?? inputs[1].intArray.map { Swift.max(Int($0), 0) }
        let lens = inDim.isDynamic ? ctx.sizes(of: inDim)?.array.map(Int.init) : nil
        var outLength = n + (repeatCount ?? 0)
        let outDim = output.dims[axis]
        if repeatCount == nil, let lens {
            outLength = zip(lens, reps).map { $0 + $1 }.max() ?? 0
        }
        if outDim.isDynamic, ctx.sizes(of: outDim) == nil, let lens {
            ctx.setSizes(IntTensor(shape: [lens.count], zip(lens, reps).map { Int32($0 + $1) }), for: outDim)
        }
        var outShape = inShape
        outShape[axis] = outLength
        let strides = ShapeUtil.strides(Array(inShape[...axis]))
        let rowSize = ShapeUtil.count(Array(inShape[(axis + 1)...]))
        var src = [Int](repeating: 0, count: axis + 1)
        let rows = RowMap.build(Array(outShape[...axis])) { o in
            let r = reps[b0.map { o[$0] } ?? 0]
            let t = o[axis] - r
            guard t >= 0 && t < n else { return -1 }
            for i in 0..<axis { src[i] = o[i] }
            src[axis] = t
            return RowMap.flat(src, strides)
        }
        return x.take(rows: rows, rowSize: rowSize, shape: outShape, fill: constant, seqLens: ctx.seqLens(of: output), tape: ctx.tape)
    }
}
