import ReturnnConfig
import ReturnnTensor

/// The axes roles of a `conv`/`transposed_conv` input (RETURNN `ConvLayer.transform_input`): the
/// convolved axes (`in_spatial_dims`, by default every axis that is neither batch nor feature),
/// the feature axis (the input channels), and the other axes, which are treated like the batch
/// axis (merged into it while convolving, kept in the output in their order, before the convolved
/// axes).
///
/// `input_add_feature_dim=True` first turns the feature axis `F` into a spatial axis and adds a
/// feature axis of size 1; `input_split_feature_dim=k` splits `F` into a spatial `F/k` and a
/// feature `k` (both need the feature axis last).
struct ConvAxes {
    /// The input after `input_add_feature_dim` / `input_split_feature_dim`.
    let input: DataTemplate
    /// The convolved axes of `input`, in filter order.
    let spatial: [Int]
    /// The other axes (batch first), in input order.
    let batchLike: [Int]
    /// The channel axis of `input`.
    let feature: Int
    /// `input_add_feature_dim` (1) or `input_split_feature_dim` (k), applied to the raw input.
    let splitFeature: Int?

    /// Reads `in_spatial_dims` (and, when `transform`, the input transform options).
    init(_ b: LayerBuilder, transform: Bool) throws {
        var input = b.input
        try b.requireDense(input)
        var split: Int?
        if transform {
            let addFeature = try b.read { try $0.bool("input_add_feature_dim", default: false) }
            let k = try b.read { try $0.optionalInt("input_split_feature_dim") }
            if try b.read({ try $0.int("input_expand_dims", default: 0) }) != 0 {
                throw b.error(.invalidOption, "input_expand_dims is not supported; use input_add_feature_dim instead")
            }
            if addFeature && k != nil { throw b.error(.invalidOption, "use either input_add_feature_dim or input_split_feature_dim, not both") }
            if addFeature || k != nil {
                let f = input.featureDim!, n = k ?? 1
                guard input.featureAxis == input.rank - 1 else {
                    throw b.error(.dimensionMismatch, "input_add_feature_dim/input_split_feature_dim need the feature axis last, got \(input)")
                }
                guard n >= 1, f % n == 0 else {
                    throw b.error(.dimensionMismatch, "input_split_feature_dim \(n) does not divide the input feature dim \(f)")
                }
                let old = input.featureTag!
                input.dims[input.rank - 1] = Dim(kind: .spatial, name: n == 1 ? old.name : "\(old.name)//\(n)", size: f / n)
                input.dims.append(.feature("\(b.name):feature-split", n))
                split = n
            }
        }
        splitFeature = split
        guard let feature = input.featureAxis else { throw b.error(.dimensionMismatch, "input \(input) has no feature axis") }
        self.feature = feature
        let spatialAxes: [Int]
        if let v = b.options.optionalValue("in_spatial_dims"), !v.isNone {
            guard let items = v.sequenceItems, !items.isEmpty else {
                throw b.error(.invalidOption, "in_spatial_dims must be a list of axes (dim tags or descriptions), got \(v.repr)", at: v.location)
            }
            let axes = try items.map { try AxisDescription.resolveSingle($0, in: input, key: "in_spatial_dims", layer: b) }
            if Set(axes).count != axes.count { throw b.error(.invalidOption, "in_spatial_dims \(v.repr) names an axis twice", at: v.location) }
            if let a = axes.first(where: { input.dims[$0].isBatch || $0 == feature }) {
                throw b.error(.invalidOption, "in_spatial_dims \(v.repr) names the \(a == feature ? "feature" : "batch") axis of the input \(input)",
                              at: v.location)
            }
            spatialAxes = axes
        } else {
            spatialAxes = input.dims.indices.filter { !input.dims[$0].isBatch && $0 != feature }
        }
        let spatial = spatialAxes
        self.spatial = spatial
        guard !spatial.isEmpty else {
            throw b.error(.dimensionMismatch, "input \(input) has no axis to convolve; add one with input_add_feature_dim=True")
        }
        guard spatial.count <= 2 else {
            throw b.error(.dimensionMismatch, "input \(input) has \(spatial.count) axes to convolve (\(spatial.map { input.dims[$0].description })); " +
                          "only 1-D and 2-D convolutions are supported (set in_spatial_dims)")
        }
        batchLike = input.dims.indices.filter { !spatial.contains($0) && $0 != feature }
        self.input = input
    }

    /// The convolved axes' tags.
    var spatialDims: [Dim] { spatial.map { input.dims[$0] } }

    /// `[batch-like..., outSpatial..., outFeature]`.
    func outputTemplate(spatial out: [Dim], feature f: Dim) -> DataTemplate {
        DataTemplate(dims: batchLike.map { input.dims[$0] } + out + [f])
    }

    /// Declares the output tags the same as `out_spatial_dims` when given (RETURNN `declare_same_as`).
    static func declareOutSpatialDims(_ b: LayerBuilder, _ dims: [Dim]) throws {
        guard let v = b.options.optionalValue("out_spatial_dims"), !v.isNone else { return }
        guard let items = v.sequenceItems, items.count == dims.count else {
            throw b.error(.invalidOption, "out_spatial_dims must be a list of \(dims.count) dim tags, got \(v.repr)", at: v.location)
        }
        for (item, d) in zip(items, dims) {
            guard let tag = b.externData.dimTags.dim(item) else {
                throw b.error(.invalidOption, "out_spatial_dims entries must be dim tags, got \(item.repr)", at: item.location)
            }
            if let s = tag.size, s != d.size {
                throw b.error(.dimensionMismatch, "out_spatial_dims entry \(tag) does not match the computed output axis \(d)", at: item.location)
            }
            d.declareSame(as: tag)
        }
    }

    /// The raw input as `[N, spatial..., C]` (after the input transform and the optional time mask),
    /// with the sizes of the batch-like axes.
    func flatten(_ raw: Variable, useTimeMask: Bool, _ ctx: ForwardContext) -> (Variable, batchShape: [Int]) {
        let tape = ctx.tape
        var x = raw
        if let k = splitFeature {
            var shape = x.shape
            let f = shape.removeLast()
            x = tape.reshape(x, shape + [f / k, k])
        }
        if useTimeMask {
            for a in spatial where input.dims[a].isDynamic { x = AxisMask.masked(x, template: input, axis: a, value: 0, ctx: ctx) }
        }
        let perm = batchLike + spatial + [feature]
        if perm != Array(perm.indices) { x = tape.transpose(x, perm) }
        let batchShape = Array(x.shape[..<batchLike.count])
        let n = batchShape.reduce(1, *)
        return (tape.reshape(x, [n] + Array(x.shape[batchLike.count...])), batchShape)
    }

    /// Registers the run-time sizes of the output's new dynamic axes and returns the output lengths
    /// (of its time axis). `lengths(i, inLens)` maps the input lengths of convolved axis `i`.
    static func registerSizes(input: DataTemplate, spatial: [Int], outDims: [Dim], output: DataTemplate, _ ctx: ForwardContext,
                              lengths: (Int, IntTensor) -> IntTensor) -> IntTensor? {
        for (i, a) in spatial.enumerated() where outDims[i].isDynamic && ctx.sizes(of: outDims[i]) == nil {
            if let inLens = ctx.sizes(of: input.dims[a]) { ctx.setSizes(lengths(i, inLens), for: outDims[i]) }
        }
        return output.timeDim.flatMap { ctx.sizes(of: $0) }
    }
}
