import ReturnnConfig
import ReturnnTensor

/// Appends frames after the end of every sequence (RETURNN `postfix_in_time`).
///
/// Options: `postfix` (0.0: a number, or a layer without the time axis whose value is appended,
/// broadcast over the axes it lacks), `repeat` (1: how many frames), `axis` (`"T"`), `out_dim` (a
/// dim tag for the new axis). The axis gets the tag `T + repeat` (two layers that postfix the same
/// axis alike share it) and the lengths `len + repeat`; frame `t` of sequence `b` is the input for
/// `t < len_b` and the postfix after it (also in the padding, as upstream).
/// ```python
/// "eos": {"class": "postfix_in_time", "postfix": 0.0, "repeat": 1, "from": "data"}
/// ```
public final class PostfixInTimeLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "postfix_in_time"`.
    public static let className = "postfix_in_time"
    /// Adds frames in time.
    public static var mixesFrames: Bool { true }
    /// The input with the axis grown by `repeat`.
    public let output: DataTemplate
    let axis: Int
    let repeatCount: Int
    let constant: Double
    let postfixDims: [Dim]?
    let inDim: Dim

    /// `postfix` when it names a layer.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        options.layerName("postfix").map { [$0] } ?? []
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        let axisValue = b.options.optionalValue("axis") ?? .str("T")
        axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        let inDim = input.dims[axis]
        self.inDim = inDim
        if inDim.isBatch { throw b.error(.invalidOption, "cannot postfix the batch axis", at: axisValue.location) }
        repeatCount = try b.read { try $0.int("repeat", default: 1) }
        guard repeatCount >= 0 else { throw b.error(.invalidOption, "repeat must be >= 0, got \(repeatCount)") }
        var out = input
        out.dims[axis] = inDim.plus(repeatCount)
        if let v = b.options.optionalValue("out_dim"), !v.isNone {
            guard let tag = b.externData.dimTags.dim(v), tag.size == out.dims[axis].size else {
                throw b.error(.dimensionMismatch, "out_dim must be a dim tag of size \(out.dims[axis].size.map(String.init) ?? "dynamic"), got \(v.repr)", at: v.location)
            }
            out.dims[axis].declareSame(as: tag)
            out.dims[axis] = tag
        }
        if let node = b.referencedNodes.first {
            _ = b.options.optionalValue("postfix")
            let p = node.output
            if p.dims.contains(where: { $0 == inDim }) {
                throw b.error(.dimensionMismatch, "postfix layer '\(node.name)' \(p) has the axis \(inDim) itself; a postfix with that axis is not supported (as upstream)")
            }
            var rest = out
            rest.dims.remove(at: axis)
            if AxisMatch.map(p.dims, onto: rest.dims).contains(nil) {
                throw b.error(.dimensionMismatch, "postfix layer '\(node.name)' \(p) has axes that the input \(input) lacks")
            }
            if p.isInt != input.isInt { throw b.error(.sparseMismatch, "postfix layer '\(node.name)' \(p) and the input \(input) differ in int/float") }
            postfixDims = p.dims
            constant = 0
        } else {
            postfixDims = nil
            constant = try b.read { try $0.double("postfix", default: 0) }
        }
        output = out
    }

    /// Appends; registers the new lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let inShape = x.shape, n = inShape[axis]
        var outShape = inShape
        outShape[axis] += repeatCount
        let lens = inDim.isDynamic ? ctx.sizes(of: inDim)?.array : nil
        let b0 = output.batchAxis
        let outDim = output.dims[axis]
        if let s = ctx.sizes(of: inDim), outDim.isDynamic, ctx.sizes(of: outDim) == nil {
            ctx.setSizes(IntTensor(shape: s.shape, s.array.map { $0 + Int32(repeatCount) }), for: outDim)
        }
        func length(_ o: [Int]) -> Int { lens.flatMap { l in b0.map { Int(l[o[$0]]) } } ?? n }
        let strides = ShapeUtil.strides(Array(inShape[...axis]))
        let rowSize = ShapeUtil.count(Array(inShape[(axis + 1)...]))
        let rows = RowMap.build(Array(outShape[...axis])) { o in
            o[axis] < length(o) ? RowMap.flat(o, strides) : -1
        }
        let seqLens = ctx.seqLens(of: output)
        let body = x.take(rows: rows, rowSize: rowSize, shape: outShape, fill: constant, seqLens: seqLens, tape: ctx.tape)
        guard let postfixDims else { return body }
        // The postfix where the body is filled.
        let p = AxisMatch.align(inputs[1], postfixDims, to: output.dims, shape: outShape.enumerated().map { $0.offset == axis ? 1 : $0.element },
                                seqLens: nil, tape: ctx.tape)
        let pStrides = ShapeUtil.strides(p.shape)
        let pRows = RowMap.build(outShape) { o in
            if o[axis] < length(o) { return -1 }
            var r = 0
            for (a, s) in pStrides.enumerated() where a != axis { r += o[a] * s }
            return r
        }
        if let pi = p.ints, let bi = body.ints {
            let extra = pi.take(rows: pRows, rowSize: 1, shape: outShape)
            return LayerValue(ints: IntTensor(shape: outShape, zip(bi.array, extra.array).map { $0 + $1 }), seqLens: seqLens)
        }
        let extra = ctx.tape.take(p.dense, rows: pRows, rowSize: 1, shape: outShape)
        return LayerValue(values: ctx.tape.add(body.dense, extra), seqLens: seqLens)
    }
}
