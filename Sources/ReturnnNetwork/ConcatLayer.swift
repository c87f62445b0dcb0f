import ReturnnConfig
import ReturnnTensor

/// Concatenates its sources along one axis each, possibly different ones (RETURNN `concat`).
///
/// `from` is a list of `(layer, axis)` pairs (the axis an axis description of that layer). The
/// concatenated axis gets the tag `tag_1 + tag_2 + ...` (static: the sum of the sizes; two layers
/// that concatenate the same axes alike share it), or `out_dim` (a dim tag of that size; a dynamic
/// tag is declared the same). The sources' other axes must match (in any order); with
/// `allow_broadcast` (False) a source may lack some, broadcast over them. The output follows the
/// source with the most axes.
///
/// Dynamic axes are concatenated per sequence: sequence `b` holds the first source's `len_1[b]`
/// frames, then the second's, ...; the lengths are the sums (upstream `tf.concat`s the padded
/// tensors, so there a shorter sequence's frames are followed by its padding; see Differences).
/// ```python
/// "cat": {"class": "concat", "from": [("enc", "T"), ("dec", "T")]}
/// "both": {"class": "concat", "from": [("a", "F"), ("b", "F")]}
/// ```
public final class ConcatLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "concat"`.
    public static let className = "concat"
    /// Every source is read as is.
    public static var concatenatesSources: Bool { false }
    /// See the type.
    public let output: DataTemplate
    /// Per source: its concatenated axis and tag, its tags with that axis replaced by the new tag.
    let axes: [Int]
    let concatDims: [Dim]
    let sourceDims: [[Dim]]
    /// The new axis' position in the output.
    let outAxis: Int

    /// No references beyond the sources.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] { [] }

    /// `from` as `(layer, axis)` pairs.
    public static func sourceNames(from value: ConfigValue, layer: String) throws -> [String]? {
        try pairs(value, layer: layer).map(\.0)
    }

    static func pairs(_ value: ConfigValue, layer: String) throws -> [(String, ConfigValue)] {
        guard let items = value.sequenceItems, !items.isEmpty else {
            throw NetworkError(.invalidOption, "concat needs 'from' as a list of (layer, axis) pairs like [(\"a\", \"F\"), (\"b\", \"F\")], got \(value.repr)",
                               layer: layer, at: value.location)
        }
        return try items.map { item in
            guard let p = item.sequenceItems, p.count == 2, let name = p[0].stringValue else {
                throw NetworkError(.invalidOption, "concat 'from' entries must be (layer, axis) pairs, got \(item.repr)", layer: layer, at: item.location)
            }
            return (name, p[1])
        }
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let fromValue = b.options.dict.get("from")!
        let pairs = try Self.pairs(fromValue, layer: b.name)
        var axes: [Int] = []
        for (t, (_, axisValue)) in zip(b.inputs, pairs) {
            axes.append(try AxisDescription.resolveSingle(axisValue, in: t, key: "axis of '\(axisValue.repr)'", layer: b))
        }
        let concatDims = zip(b.inputs, axes).map { $0.dims[$1] }
        if concatDims.contains(where: \.isBatch) { throw b.error(.invalidOption, "cannot concatenate along the batch axis", at: fromValue.location) }
        var dim = Dim.sum(concatDims)
        if let v = b.options.optionalValue("out_dim"), !v.isNone {
            guard let tag = b.externData.dimTags.dim(v), tag.size == nil || tag.size == dim.size else {
                throw b.error(.dimensionMismatch, "out_dim must be a dim tag of size \(dim.size.map(String.init) ?? "dynamic") (the sum of \(concatDims)), got \(v.repr)", at: v.location)
            }
            if tag.size == nil { dim.declareSame(as: tag) }
            dim = tag.size == dim.size ? tag : dim
        }
        let allowBroadcast = try b.read { try $0.bool("allow_broadcast", default: false) }
        let sourceDims = zip(b.inputs, axes).map { t, a in t.dims.enumerated().map { $0.offset == a ? dim : $0.element } }
        let baseIndex = sourceDims.indices.max { sourceDims[$0].count < sourceDims[$1].count }!
        let base = sourceDims[baseIndex]
        for (i, t) in b.inputs.enumerated() {
            let m = AxisMatch.map(sourceDims[i], onto: base)
            if m.contains(nil) || t.isInt != b.inputs[baseIndex].isInt || t.sparseDim != b.inputs[baseIndex].sparseDim {
                throw b.error(.dimensionMismatch, "cannot concatenate '\(b.sourceNames[i])' \(t) (axis \(concatDims[i])) with '\(b.sourceNames[baseIndex])' " +
                              "\(b.inputs[baseIndex]) (axis \(concatDims[baseIndex])): their other axes (or int/float, sparse) differ")
            }
            if sourceDims[i].count < base.count && !allowBroadcast {
                throw b.error(.dimensionMismatch, "'\(b.sourceNames[i])' \(t) lacks axes of '\(b.sourceNames[baseIndex])' \(b.inputs[baseIndex]); " +
                              "set allow_broadcast=True to broadcast it")
            }
        }
        self.axes = axes
        self.concatDims = concatDims
        self.sourceDims = sourceDims
        outAxis = base.firstIndex { $0 === dim }!
        output = DataTemplate(dims: base, sparseTag: b.inputs[baseIndex].sparseTag, isInt: b.inputs[baseIndex].isInt)
    }

    /// Concatenates; a dynamic axis is packed per sequence and gets the summed lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let base = output.dims
        var full = AxisMatch.runtimeShape(of: base, from: zip(sourceDims, inputs.map(\.shape)).enumerated().map { i, p in
            (p.0.enumerated().filter { $0.offset != axes[i] }.map(\.element), p.1.enumerated().filter { $0.offset != axes[i] }.map(\.element))
        })
        let parts = inputs.enumerated().map { i, v -> LayerValue in
            full[outAxis] = v.shape[axes[i]]
            return AxisMatch.align(v, sourceDims[i], to: base, shape: full, seqLens: nil, tape: ctx.tape)
        }
        let counts = parts.map { $0.shape[outAxis] }
        full[outAxis] = counts.reduce(0, +)
        let joined: LayerValue
        if parts[0].ints != nil {
            let (outer, _, inner) = ShapeUtil.split(full, at: outAxis)
            var out = [Int32]()
            out.reserveCapacity(outer * full[outAxis] * inner)
            let arrays = parts.map { $0.ints!.array }
            for o in 0..<outer { for (a, c) in zip(arrays, counts) { out += a[(o * c * inner)..<((o + 1) * c * inner)] } }
            joined = LayerValue(ints: IntTensor(shape: full, out), seqLens: nil)
        } else {
            joined = LayerValue(values: ctx.tape.concat(parts.map(\.dense), axis: outAxis), seqLens: nil)
        }
        let outDim = output.dims[outAxis]
        guard outDim.isDynamic, let bAxis = output.batchAxis else { return LayerValue(values: joined.values, ints: joined.ints, seqLens: ctx.seqLens(of: output)) }
        // Pack the sequences: frames of part k start at the sum of the earlier parts' lengths.
        let batch = full[bAxis]
        let lens: [[Int]] = zip(concatDims, counts).map { d, c in
            d.isDynamic ? (ctx.sizes(of: d)?.array.map { Swift.min(Int($0), c) } ?? [Int](repeating: c, count: batch)) : [Int](repeating: c, count: batch)
        }
        let totals = (0..<batch).map { b in lens.reduce(0) { $0 + $1[b] } }
        if ctx.sizes(of: outDim) == nil { ctx.setSizes(IntTensor(shape: [batch], totals.map { Int32($0) }), for: outDim) }
        let offsets = counts.reduce(into: [0]) { $0.append($0.last! + $1) }
        let last = Swift.max(outAxis, bAxis)
        let prefix = Array(full[...last]), strides = ShapeUtil.strides(prefix)
        var src = [Int](repeating: 0, count: prefix.count)
        let rows = RowMap.build(prefix) { o in
            let b = o[bAxis]
            var t = o[outAxis]
            for k in 0..<lens.count {
                if t < lens[k][b] {
                    src = o
                    src[outAxis] = offsets[k] + t
                    return RowMap.flat(src, strides)
                }
                t -= lens[k][b]
            }
            return -1
        }
        let rowSize = ShapeUtil.count(Array(full[(last + 1)...]))
        return joined.take(rows: rows, rowSize: rowSize, shape: full, seqLens: ctx.seqLens(of: output), tape: ctx.tape)
    }
}
