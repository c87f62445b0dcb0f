import ReturnnConfig
import ReturnnTensor

/// Splits one static axis into parts that are sub-layers `"<name>/0"`, `"<name>/1"`, ...
/// (RETURNN `split`, `tf.split`); the layer's own output is its (concatenated) input unchanged.
///
/// Options: `axis` (default `"F"`; any axis description or a dim tag; the axis must have a static
/// size), and the parts as one of `num_splits` (equal parts; must divide the size), `size_splits`
/// (a list of sizes summing to the size) or `out_dims` (a list of static dim tags whose sizes sum
/// to the size; part `i` gets tag `i`). Without `out_dims`, part `i` gets a new tag named
/// `<name>_split<i>` of the split axis' kind. Part `i` is the input with the axis cut to its range;
/// other axes, their tags and the sequence lengths are the input's.
/// ```python
/// "s": {"class": "split", "axis": "F", "size_splits": [2, 4], "from": "data"},
/// "gate": {"class": "activation", "activation": "sigmoid", "from": "s/0"},
/// ```
public final class SplitLayer: SubLayerOutputs {
    /// The class name in a net dict: `"class": "split"`.
    public static let className = "split"
    /// The input unchanged (upstream: `self.output = self.input_data`).
    public let output: DataTemplate
    /// The split axis.
    let axis: Int
    /// The tag of each part's axis.
    let outDims: [Dim]
    /// The first index of each part on the axis.
    let offsets: [Int]

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        let axisValue = b.options.optionalValue("axis").flatMap { $0.isNone ? nil : $0 } ?? ConfigValue(.str("F"), at: b.location)
        axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        let dim = input.dims[axis]
        guard let size = dim.size, !dim.isBatch else {
            throw b.error(.invalidOption, "axis=\(axisValue.repr) names the \(dim.isBatch ? "batch" : "dynamic") axis \(dim) of the input " +
                          "from \(b.sourceNames.map { "'\($0)'" }.joined(separator: ", ")) \(input); only an axis of static size can be " +
                          "split (use e.g. \"F\" or a static spatial axis)", at: axisValue.location)
        }
        let numValue = b.options.optionalValue("num_splits")
        let num = try b.read { try $0.optionalInt("num_splits") }
        let sizesValue = b.options.optionalValue("size_splits")
        let given = try b.read { try $0.optionalIntList("size_splits") }
        let dimsValue = b.options.optionalValue("out_dims").flatMap { $0.isNone ? nil : $0 }
        var tags: [Dim]?
        if let dimsValue {
            guard let items = dimsValue.sequenceItems, !items.isEmpty else {
                throw b.error(.invalidOption, "out_dims must be a non-empty list of dim tags like [FeatureDim(\"a\", 2), FeatureDim(\"b\", 4)], " +
                              "got \(dimsValue.repr)", at: dimsValue.location)
            }
            tags = try items.map { item in
                guard let tag = b.externData.dimTags.dim(item), tag.size != nil else {
                    throw b.error(.invalidOption, "out_dims entries must be dim tags of static size, got \(item.repr)", at: item.location)
                }
                return tag
            }
        }
        // Each given option must describe the same parts (upstream reads the first given one).
        var candidates: [(what: String, sizes: [Int], at: SourceLocation?)] = []
        if let num, num != 0 {
            guard num > 0, size % num == 0 else {
                throw b.error(.dimensionMismatch, "num_splits=\(num) does not divide the size \(size) of axis \(dim) of the input \(input); " +
                              "use a divisor of \(size) or size_splits", at: numValue?.location)
            }
            candidates.append(("num_splits=\(num)", Array(repeating: size / num, count: num), numValue?.location))
        }
        if let given, !given.isEmpty {
            candidates.append(("size_splits=\(sizesValue!.repr)", given, sizesValue?.location))
        }
        if let tags {
            candidates.append(("out_dims=\(tags)", tags.map { $0.size! }, dimsValue?.location))
        }
        guard let first = candidates.first else {
            throw b.error(.invalidOption, "split needs num_splits, size_splits or out_dims (the parts of axis \(dim) of size \(size))")
        }
        for c in candidates {
            guard c.sizes.allSatisfy({ $0 >= 0 }), c.sizes.reduce(0, +) == size else {
                throw b.error(.dimensionMismatch, "\(c.what) must sum to the size \(size) of axis \(dim) of the input from " +
                              "\(b.sourceNames.map { "'\($0)'" }.joined(separator: ", ")) \(input), but the sizes sum to " +
                              "\(c.sizes.reduce(0, +))", at: c.at)
            }
            guard c.sizes == first.sizes else {
                throw b.error(.invalidOption, "\(c.what) gives the parts \(c.sizes), but \(first.what) gives \(first.sizes); give one of them",
                              at: c.at)
            }
        }
        let sizes = first.sizes
        outDims = tags ?? sizes.indices.map { Dim(kind: dim.kind, name: "\(b.name)_split\($0)", size: sizes[$0]) }
        var offsets: [Int] = []
        var o = 0
        for s in sizes {
            offsets.append(o)
            o += s
        }
        self.offsets = offsets
        output = input
    }

    /// `"0"`, `"1"`, ...: one per part.
    public var subLayerNames: [String] { outDims.indices.map(String.init) }

    /// The input with the split axis replaced by part `name`'s tag.
    public func subLayerOutput(_ name: String) -> DataTemplate? {
        guard let i = subLayerNames.firstIndex(of: name) else { return nil }
        var t = output
        t.dims[axis] = outDims[i]
        return t
    }

    /// The slice of the parent's value on the split axis.
    public func forwardSubLayer(_ name: String, parent: LayerValue, _ ctx: ForwardContext) throws -> LayerValue {
        let i = subLayerNames.firstIndex(of: name)!
        let count = outDims[i].size!
        if let ints = parent.ints {
            return LayerValue(ints: SliceLayer.slice(ints, axis: axis, first: offsets[i], count: count, step: 1), seqLens: parent.seqLens)
        }
        return LayerValue(values: ctx.tape.slice(parent.dense, axis: axis, offsets[i]..<(offsets[i] + count)), seqLens: parent.seqLens)
    }

    /// The input unchanged.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue { inputs[0] }
}
