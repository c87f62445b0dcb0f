import ReturnnConfig
import ReturnnTensor

/// Pads one or more axes (RETURNN `pad`, `tf.pad`).
///
/// Options: `axes` (required: one axis description or a list), `padding` (required: an int for
/// both sides of every axis, a pair `(left, right)` for every axis, or a list of pairs, one per
/// axis), `value` (0; a number or a layer with a scalar output), `mode` (`"constant"`; also
/// `"reflect"` (mirror without the edge), `"symmetric"` (with the edge), `"replication"` (repeat
/// the edge)), `out_dims` (dim tags for the padded axes), `handle_dynamic_dims` (default False, as
/// upstream without `behavior_version` >= 21: a dynamic axis is padded at the end of the padded
/// batch, so a shorter sequence's new frames `len+left ... len+left+right` are its old padding;
/// True puts `value` right after each sequence (constant mode only)).
///
/// A padded axis gets the tag `left + tag + right` (two layers padding the same axis alike share
/// it); dynamic axes get the lengths `len + left + right`.
/// ```python
/// "p": {"class": "pad", "axes": "T", "padding": (2, 1), "from": "data"}
/// "pf": {"class": "pad", "axes": "F", "padding": 3, "mode": "reflect", "from": "data"}
/// ```
public final class PadLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "pad"`.
    public static let className = "pad"
    /// Padding the time axis shifts frames.
    public static var mixesFrames: Bool { true }
    /// The input with the padded axes grown.
    public let output: DataTemplate
    let axes: [Int]
    let padding: [(left: Int, right: Int)]
    let mode: String
    let constant: Double
    let valueFromLayer: Bool
    let handleDynamic: Bool
    /// The input's tags (the sizes of padded dynamic axes derive from them).
    let inputDims: [Dim]
    let name: String

    /// `value` when it names a layer.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        options.layerName("value").map { [$0] } ?? []
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        inputDims = input.dims
        name = b.name
        let axesValue = try b.read { try $0.value("axes") }
        axes = try (axesValue.sequenceItems ?? [axesValue]).map { try AxisDescription.resolveSingle($0, in: input, key: "axes", layer: b) }
        guard Set(axes).count == axes.count else { throw b.error(.invalidOption, "axes \(axesValue.repr) names an axis twice", at: axesValue.location) }
        if axes.contains(where: { input.dims[$0].isBatch }) { throw b.error(.invalidOption, "cannot pad the batch axis", at: axesValue.location) }
        let padValue = try b.read { try $0.value("padding") }
        padding = try Self.padding(padValue, count: axes.count, b)
        mode = try b.read { try $0.string("mode", default: "constant") }.lowercased()
        guard ["constant", "reflect", "symmetric", "replication"].contains(mode) else {
            throw b.error(.invalidOption, "mode must be \"constant\", \"reflect\", \"symmetric\" or \"replication\", got '\(mode)'")
        }
        if mode == "replication" && axes.count != 1 {
            throw b.error(.invalidOption, "mode \"replication\" pads one axis only (as upstream), got \(axes.count)")
        }
        handleDynamic = try b.read { try $0.optionalBool("handle_dynamic_dims") } ?? false
        if handleDynamic && mode != "constant" && axes.contains(where: { input.dims[$0].isDynamic }) {
            throw b.error(.invalidOption, "handle_dynamic_dims=True on a dynamic axis needs mode \"constant\" (as upstream)")
        }
        valueFromLayer = !b.referencedNodes.isEmpty
        if let node = b.referencedNodes.first {
            _ = b.options.optionalValue("value")
            guard node.output.dims.isEmpty else {
                throw b.error(.dimensionMismatch, "value layer '\(node.name)' must be a scalar, got \(node.output)")
            }
            constant = 0
        } else {
            constant = try b.read { try $0.double("value", default: 0) }
        }
        var out = input
        for (a, p) in zip(axes, padding) { out.dims[a] = input.dims[a].plusLeft(p.left).plus(p.right) }
        if let v = b.options.optionalValue("out_dims"), !v.isNone {
            let items = v.sequenceItems ?? [v]
            guard items.count == axes.count else {
                throw b.error(.invalidOption, "out_dims has \(items.count) tags for \(axes.count) padded axes", at: v.location)
            }
            for (a, item) in zip(axes, items) {
                guard let tag = b.externData.dimTags.dim(item), tag.size == out.dims[a].size else {
                    throw b.error(.dimensionMismatch, "out_dims entry \(item.repr) must be a dim tag of size \(out.dims[a].size.map(String.init) ?? "dynamic")", at: item.location)
                }
                out.dims[a].declareSame(as: tag)
                out.dims[a] = tag
            }
        }
        output = out
    }

    /// `padding` as one `(left, right)` per axis.
    static func padding(_ v: ConfigValue, count: Int, _ b: LayerBuilder) throws -> [(left: Int, right: Int)] {
        func int(_ x: ConfigValue) throws -> Int {
            guard let i = x.intValue, x.boolValue == nil, i >= 0 else {
                throw b.error(.invalidOption, "padding must hold non-negative ints, got \(x.repr)", at: x.location)
            }
            return i
        }
        func pair(_ x: ConfigValue) throws -> (Int, Int) {
            guard let items = x.sequenceItems, items.count == 2 else {
                throw b.error(.invalidOption, "padding entries must be (left, right) pairs, got \(x.repr)", at: x.location)
            }
            return (try int(items[0]), try int(items[1]))
        }
        if let items = v.sequenceItems {
            if let first = items.first, first.sequenceItems != nil {
                guard items.count == count else {
                    throw b.error(.invalidOption, "padding has \(items.count) pairs for \(count) axes", at: v.location)
                }
                return try items.map(pair)
            }
            let p = try pair(v)
            return Array(repeating: p, count: count)
        }
        let n = try int(v)
        return Array(repeating: (n, n), count: count)
    }

    /// The source position of output position `p` on an axis of padded size `n`, nil for padding.
    func source(_ p: Int, left: Int, n: Int) -> Int? {
        let s = p - left
        if s >= 0 && s < n { return s }
        switch mode {
        case "reflect": return s < 0 ? -s : 2 * (n - 1) - s
        case "symmetric": return s < 0 ? -s - 1 : 2 * n - 1 - s
        case "replication": return s < 0 ? 0 : n - 1
        default: return nil
        }
    }

    /// Pads the values; new dynamic axes get their lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let inShape = x.shape
        for (a, p) in zip(axes, padding) {
            let n = inShape[a], limit = mode == "reflect" ? n - 1 : n
            if mode == "reflect" || mode == "symmetric", p.left > limit || p.right > limit {
                throw NetworkError(.dimensionMismatch, "mode \"\(mode)\" cannot pad \(p.left), \(p.right) on an axis of size \(n) in this batch (at most \(limit))",
                                   layer: name)
            }
            if mode == "replication" && n == 0 { throw NetworkError(.dimensionMismatch, "mode \"replication\" cannot pad an empty axis", layer: name) }
        }
        let last = axes.max()!
        let rowSize = ShapeUtil.count(Array(inShape[(last + 1)...]))
        var outShape = inShape
        for (a, p) in zip(axes, padding) { outShape[a] += p.left + p.right }
        let prefix = Array(outShape[...last]), strides = ShapeUtil.strides(Array(inShape[...last]))
        let batchAxis = output.batchAxis
        // handle_dynamic_dims: per padded dynamic axis, the input lengths.
        var lens: [Int: [Int32]] = [:]
        if handleDynamic {
            for a in axes where output.dims[a].isDynamic { lens[a] = ctx.sizes(of: inputDims[a]).map(\.array) }
        }
        let rows = RowMap.build(prefix) { idx in
            var r = 0
            for i in 0...last {
                var s = idx[i]
                if let k = axes.firstIndex(of: i) {
                    let p = padding[k]
                    if let l = lens[i], let bi = batchAxis, idx[i] >= p.left + Int(l[idx[bi]]) { return -1 }
                    guard let src = source(idx[i], left: p.left, n: inShape[i]) else { return -1 }
                    s = src
                }
                r += s * strides[i]
            }
            return r
        }
        let fill = valueFromLayer ? Double(inputs[1].values?.value.scalar ?? Float(inputs[1].intArray.first ?? 0)) : constant
        for (a, p) in zip(axes, padding) where output.dims[a].isDynamic && ctx.sizes(of: output.dims[a]) == nil {
            if let s = ctx.sizes(of: inputDims[a]) {
                ctx.setSizes(IntTensor(shape: s.shape, s.array.map { $0 + Int32(p.left + p.right) }), for: output.dims[a])
            }
        }
        return x.take(rows: rows, rowSize: rowSize, shape: outShape, fill: fill, seqLens: ctx.seqLens(of: output), tape: ctx.tape)
    }
}
