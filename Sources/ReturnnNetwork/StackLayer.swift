import ReturnnConfig
import ReturnnTensor

/// Stacks its sources along a new static axis (RETURNN `stack`, `tf.stack`).
///
/// Options: `axis` (the batch-major position of the new axis; default as upstream's
/// `get_default_new_axis_for_dim_tag`: after the last spatial axis (time included), else before the
/// feature axis, else at the end), `out_spatial_dim` (a dim tag for the new axis, of size = the
/// number of sources). The sources must have the same axes (any order; one with fewer axes is
/// broadcast over the missing ones); the output follows the source with the most axes.
/// ```python
/// "both": {"class": "stack", "from": ["fwd", "bwd"]}   # 2 x [B,T,F] -> [B,T,2,F]
/// ```
public final class StackLayer: Layer {
    /// The class name in a net dict: `"class": "stack"`.
    public static let className = "stack"
    /// Every source is read as is.
    public static var concatenatesSources: Bool { false }
    /// `common` with the new axis.
    public let output: DataTemplate
    let common: DataTemplate
    let axis: Int
    /// The sources' tags.
    let sourceDims: [[Dim]]

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        guard !b.inputs.isEmpty else { throw b.error(.invalidNetwork, "stack needs at least one source in 'from'") }
        common = try Self.common(b.inputs, b)
        sourceDims = b.inputs.map(\.dims)
        var dim = Dim(kind: .spatial, name: "\(b.name):stack", size: b.inputs.count)
        if let v = b.options.optionalValue("out_spatial_dim"), !v.isNone {
            guard let tag = b.externData.dimTags.dim(v), tag.size == nil || tag.size == b.inputs.count else {
                throw b.error(.dimensionMismatch, "out_spatial_dim must be a dim tag of size \(b.inputs.count), got \(v.repr)", at: v.location)
            }
            dim.declareSame(as: tag)
            if tag.size != nil { dim = tag }
        }
        if let v = b.options.optionalValue("axis"), !v.isNone {
            guard let i = v.intValue, v.boolValue == nil, (-(common.rank + 1)...common.rank).contains(i) else {
                throw b.error(.invalidOption, "axis must be an int position in 0...\(common.rank) (negative counts from the end), got \(v.repr)", at: v.location)
            }
            axis = i < 0 ? i + common.rank + 1 : i
        } else {
            axis = Self.defaultNewAxis(common)
        }
        var out = common
        out.dims.insert(dim, at: axis)
        output = out
    }

    /// Upstream's `get_default_new_axis_for_dim_tag` for a static spatial tag.
    static func defaultNewAxis(_ t: DataTemplate) -> Int {
        let feature = t.isSparse ? nil : t.featureAxis
        let spatial = t.dims.indices.filter { !t.dims[$0].isBatch && $0 != feature }
        if let last = spatial.last { return last + 1 }
        if let f = feature { return f }
        return t.rank
    }

    /// The source with the most axes; every other source's axes must be among them.
    static func common(_ inputs: [DataTemplate], _ b: LayerBuilder) throws -> DataTemplate {
        let base = inputs.max { $0.rank < $1.rank }!
        for (i, t) in inputs.enumerated() {
            if AxisMatch.map(t.dims, onto: base.dims).contains(nil) || t.isInt != base.isInt {
                throw b.error(.dimensionMismatch, "cannot stack '\(b.sourceNames[i])' \(t) with \(base): their axes (or int/float) differ")
            }
        }
        return base
    }

    /// Stacks.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let full = AxisMatch.runtimeShape(of: common.dims, from: zip(sourceDims, inputs.map(\.shape)).map { ($0, $1) })
        var shape = full
        shape.insert(1, at: axis)
        let parts = zip(inputs, sourceDims).map { v, dims -> LayerValue in
            let p = AxisMatch.align(v, dims, to: common.dims, shape: full, seqLens: nil, tape: ctx.tape)
            return p.ints.map { LayerValue(ints: $0.reshaped(shape), seqLens: nil) } ?? LayerValue(values: ctx.tape.reshape(p.dense, shape), seqLens: nil)
        }
        let lens = ctx.seqLens(of: output) ?? inputs.first { $0.seqLens != nil }?.seqLens
        if parts[0].ints != nil {
            var outShape = shape
            outShape[axis] = parts.count
            let (outer, _, inner) = ShapeUtil.split(shape, at: axis)
            var out = [Int32]()
            out.reserveCapacity(outer * parts.count * inner)
            let arrays = parts.map { $0.ints!.array }
            for o in 0..<outer { for a in arrays { out += a[(o * inner)..<((o + 1) * inner)] } }
            return LayerValue(ints: IntTensor(shape: outShape, out), seqLens: lens)
        }
        return LayerValue(values: ctx.tape.concat(parts.map(\.dense), axis: axis), seqLens: lens)
    }
}
