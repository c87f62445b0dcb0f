import ReturnnConfig
import ReturnnTensor

/// `x[start:start+size]` along one axis with a start per sequence (or per frame) (RETURNN
/// `slice_nd`): for input `[B,T,F]` and start `[B]` the output is `[B,size,F]`; for start `[B,T]`
/// it is `[B,T,size,F]`.
///
/// Options: `start` (0; an int or a layer with int values), `size` (required: an int (a static
/// axis), a layer with int sizes `[B]` (a dynamic axis with those lengths), a static dim tag, or
/// None: up to the end of each sequence, `len - start`, a dynamic axis), `min_size` (with `size`
/// None or a layer: at least this many frames), `axis` (`"T"`), `out_spatial_dim` (a dim tag for
/// the new axis). With a layer `start`, frames outside the sequence (or beyond `size`) are 0 (as
/// upstream, which also masks them for the gradient); with an int `start` the slice is plain.
/// ```python
/// "win": {"class": "slice_nd", "from": "enc", "start": "pos", "size": 5}   # [B,T,F] -> [B,5,F]
/// ```
public final class SliceNdLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "slice_nd"`.
    public static let className = "slice_nd"
    /// Reads other frames.
    public static var mixesFrames: Bool { true }
    /// See the type.
    public let output: DataTemplate
    let geometry: GatherGeometry
    let startConstant: Int?
    let sizeConstant: Int?
    let sizeFromLayer: Bool
    let minSize: Int
    let sliceDim: Dim
    let inputTemplate: DataTemplate
    let startDims: [Dim]

    /// `start` and `size` when they name layers (in that order).
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        [options.layerName("start"), options.layerName("size")].compactMap { $0 }
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        inputTemplate = input
        let axisValue = b.options.optionalValue("axis") ?? .str("T")
        let axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        if input.dims[axis].isBatch { throw b.error(.invalidOption, "cannot slice the batch axis", at: axisValue.location) }
        var refs = b.referencedNodes[...]
        let startValue = b.options.optionalValue("start")
        if b.options.layerName("start") != nil {
            let node = refs.removeFirst()
            guard node.output.isInt else { throw b.error(.sparseMismatch, "start layer '\(node.name)' \(node.output) must have int values") }
            startDims = node.output.dims
            startConstant = nil
        } else if let v = startValue, !v.isNone {
            guard let i = v.intValue, v.boolValue == nil, i >= 0 else {
                throw b.error(.invalidOption, "start must be a layer name or an int >= 0, got \(v.repr)", at: v.location)
            }
            startDims = []
            startConstant = i
        } else {
            startDims = []
            startConstant = 0
        }
        minSize = try b.read { try $0.int("min_size", default: 0) }
        let sizeValue = try b.read { try $0.value("size") }
        var dim: Dim
        if b.options.layerName("size") != nil {
            let node = refs.removeFirst()
            guard node.output.isInt, node.output.dims.allSatisfy(\.isBatch) else {
                throw b.error(.dimensionMismatch, "size layer '\(node.name)' \(node.output) must hold int sizes [B]")
            }
            sizeFromLayer = true
            sizeConstant = nil
            dim = Dim(kind: .spatial, name: "sliced-time:\(b.name)")
        } else if let tag = b.externData.dimTags.dim(sizeValue) {
            guard let n = tag.size else {
                throw b.error(.invalidOption, "size \(tag) is dynamic; give a static dim tag, an int, a layer with the sizes, or None", at: sizeValue.location)
            }
            sizeFromLayer = false
            sizeConstant = Swift.max(n, minSize)
            dim = minSize > n ? Dim(kind: .spatial, name: "sliced-time:\(b.name)", size: sizeConstant) : tag
        } else if let n = sizeValue.intValue, sizeValue.boolValue == nil, n >= 0 {
            sizeFromLayer = false
            sizeConstant = n
            dim = Dim(kind: .spatial, name: "sliced-time:\(b.name)", size: n)
        } else if sizeValue.isNone {
            sizeFromLayer = false
            sizeConstant = nil
            let a = input.dims[axis]
            if let n = a.size, let s = startConstant {
                dim = Dim(kind: .spatial, name: "sliced-time:\(b.name)", size: Swift.max(n - s, minSize))
            } else {
                guard startDims.allSatisfy(\.isBatch) else {
                    throw b.error(.invalidOption, "size=None with a start of shape \(startDims) would give every frame its own length; " +
                                  "give an int size")
                }
                dim = Dim(kind: .spatial, name: "sliced-time:\(b.name)")
            }
        } else {
            throw b.error(.invalidOption, "size must be an int, a static dim tag, a layer name or None, got \(sizeValue.repr)", at: sizeValue.location)
        }
        if let v = b.options.optionalValue("out_spatial_dim"), !v.isNone {
            guard let tag = b.externData.dimTags.dim(v), tag.size == nil || tag.size == dim.size else {
                throw b.error(.dimensionMismatch, "out_spatial_dim must be a dim tag that fits the slice \(dim), got \(v.repr)", at: v.location)
            }
            dim.declareSame(as: tag)
            dim = tag.size == dim.size ? tag : dim
        }
        sliceDim = dim
        geometry = GatherGeometry(input: input.dims, position: startDims + [dim], axis: axis)
        output = DataTemplate(dims: geometry.dims, sparseTag: input.sparseTag, isInt: input.isInt)
    }

    /// Slices; a dynamic slice axis gets its lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let inShape = x.shape, n = inShape[geometry.axis]
        var next = 1
        let start: [Int32], startShape: [Int]
        if let s = startConstant {
            start = [Int32(s)]
            startShape = []
        } else {
            start = inputs[next].intArray
            startShape = inputs[next].shape
            next += 1
        }
        let gDim = inputTemplate.dims[geometry.axis]
        let lens = gDim.isDynamic ? ctx.sizes(of: gDim)?.array : nil
        let batch = x.shape[inputTemplate.batchAxis ?? 0]
        // The slice sizes per sequence (dynamic slice axis) and the padded slice length.
        var sizes: [Int32]?
        if sizeFromLayer {
            sizes = inputs[next].intArray.map { Swift.max($0, Int32(minSize)) }
        } else if sizeConstant == nil && sliceDim.isDynamic {
            sizes = (0..<batch).map { b in
                let len = lens.map { Int($0[b]) } ?? n
                return Int32(Swift.max(len - Int(start[startShape.isEmpty ? 0 : b]), minSize))
            }
        }
        if let sizes, ctx.sizes(of: sliceDim) == nil { ctx.setSizes(IntTensor(shape: [sizes.count], sizes), for: sliceDim) }
        let count = sizeConstant ?? sliceDim.size ?? Int(sizes?.max() ?? 0)
        let startStrides = ShapeUtil.strides(startShape)
        let pShape = startShape + [count]
        let outShape = geometry.shape(input: inShape, position: pShape)
        let bOut = output.batchAxis
        let trailing = geometry.trailingInputAxes(inputRank: inShape.count)
        let rows = geometry.rows(inputShape: inShape, positionShape: pShape, outputShape: outShape, trailing: trailing) { o, p in
            let j = p[p.count - 1]
            let s = Int(start[RowMap.flat(Array(p.dropLast()), startStrides)])
            let pos = s + j
            if startConstant != nil && sizes == nil { return pos < n ? pos : nil }
            let b = bOut.map { o[$0] }
            let len = b.flatMap { b in lens.map { Int($0[b]) } } ?? n
            if pos < 0 || pos >= Swift.min(len, n) { return nil }
            if let sizes, let b, j >= Int(sizes[b]) { return nil }
            return pos
        }
        let rowSize = ShapeUtil.count(Array(inShape.suffix(trailing)))
        return x.take(rows: rows, rowSize: rowSize, shape: outShape, seqLens: ctx.seqLens(of: output), tape: ctx.tape)
    }
}
