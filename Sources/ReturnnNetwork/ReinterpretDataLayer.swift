import ReturnnConfig
import ReturnnTensor

/// Passes the values through unchanged but reinterprets the axes (RETURNN `reinterpret_data`).
///
/// Options (all optional):
/// - `set_dim_tags`: dict axis → dim tag (or a list of `(axis, tag)` pairs): the axis gets that tag.
///   A static axis needs a tag of the same size; a dynamic tag without run-time sizes of its own
///   gets the old axis' sizes (the usual way to give an axis a new identity, e.g. for self
///   attention over `T` against `T'`).
/// - `size_base`: a layer: the dynamic axes take that layer's tags (and sequence lengths), in order.
/// - `set_axes`: dict `"B"`/`"T"`/`"F"` → axis description or None: `"F"` makes a static axis the
///   feature axis (None: no feature axis); `"T"` may only name the time axis (the first dynamic
///   axis), `"B"` only the batch axis (see Differences).
/// - `set_sparse` (bool): True turns int values into sparse class indices (over `set_sparse_dim`,
///   default the feature dim), False drops the sparse dim (plain int32).
/// - `set_sparse_dim`: int or dim tag, the new number of classes; `increase_sparse_dim`: int added
///   to it (the tag `classes + n`).
/// - `enforce_batch_major`: moves the batch axis first; `enforce_time_major`: accepted, the values
///   stay batch-major (this runtime's layout; every layer finds its axes by tag).
/// ```python
/// "kv": {"class": "reinterpret_data", "set_dim_tags": {"T": SpatialDim("kv-time")}, "from": "enc"}
/// "y": {"class": "reinterpret_data", "set_sparse_dim": 11, "from": "data:classes"}
/// ```
public final class ReinterpretDataLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "reinterpret_data"`.
    public static let className = "reinterpret_data"
    /// The reinterpreted input.
    public let output: DataTemplate
    /// The input's batch axis when `enforce_batch_major` moves it first.
    let moveBatchFrom: Int?
    /// Input tag → new dynamic tag whose sizes this layer registers (`set_dim_tags`).
    let newSizes: [(old: Dim, new: Dim)]
    /// Whether `size_base` gives the lengths.
    let hasSizeBase: Bool

    /// `size_base` when it names a layer.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        options.layerName("size_base").map { [$0] } ?? []
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        var out = b.input
        for key in ["switch_axes", "batch_dim_base"] where b.options.optionalValue(key).map({ !$0.isNone }) ?? false {
            throw b.error(.invalidOption, "\(key) is not supported; use set_axes, set_dim_tags or transpose")
        }
        let batchMajor = try b.read { try $0.bool("enforce_batch_major", default: false) }
        let timeMajor = try b.read { try $0.bool("enforce_time_major", default: false) }
        if batchMajor && timeMajor { throw b.error(.invalidOption, "enforce_batch_major and enforce_time_major exclude each other") }
        moveBatchFrom = batchMajor && (out.batchAxis ?? 0) != 0 ? out.batchAxis : nil
        if let i = moveBatchFrom { out.dims.insert(out.dims.remove(at: i), at: 0) }
        if let setAxes = try b.read({ try $0.optionalDict("set_axes") }) {
            out = try Self.setAxes(setAxes, out, b)
        }
        hasSizeBase = !b.referencedNodes.isEmpty
        _ = b.options.optionalValue("size_base")
        if let base = b.referencedNodes.first {
            let ours = out.dims.indices.filter { out.dims[$0].isDynamic }
            let theirs = base.output.dims.filter(\.isDynamic)
            guard ours.count == theirs.count else {
                throw b.error(.dimensionMismatch, "size_base '\(base.name)' \(base.output) has \(theirs.count) dynamic axes, but the input \(out) has \(ours.count)")
            }
            for (i, d) in zip(ours, theirs) { out.dims[i] = d }
        }
        var sizes: [(Dim, Dim)] = []
        if let v = b.options.optionalValue("set_dim_tags"), !v.isNone {
            let pairs: [(ConfigValue, ConfigValue)]
            if let d = v.dictValue {
                pairs = d.entries.map { ($0.key, $0.value) }
            } else if let items = v.sequenceItems, items.allSatisfy({ $0.sequenceItems?.count == 2 }) {
                pairs = items.map { ($0.sequenceItems![0], $0.sequenceItems![1]) }
            } else {
                throw b.error(.invalidOption, "set_dim_tags must be a dict axis -> dim tag or a list of (axis, dim tag) pairs, got \(v.repr)", at: v.location)
            }
            for (axisValue, tagValue) in pairs {
                let axis = try AxisDescription.resolveSingle(axisValue, in: out, key: "set_dim_tags key", layer: b)
                guard let tag = b.externData.dimTags.dim(tagValue) else {
                    throw b.error(.invalidOption, "set_dim_tags[\(axisValue.repr)] must be a dim tag (SpatialDim(...), FeatureDim(...)), got \(tagValue.repr)", at: tagValue.location)
                }
                let old = out.dims[axis]
                if old.isBatch != tag.isBatch || old.size != tag.size {
                    throw b.error(.dimensionMismatch, "set_dim_tags[\(axisValue.repr)]: the axis \(old) of the input \(out) cannot get the tag \(tag) " +
                                  "(size \(tag.size.map(String.init) ?? "dynamic") instead of \(old.size.map(String.init) ?? "dynamic"))", at: tagValue.location)
                }
                if tag.isDynamic { sizes.append((old, tag)) }
                out.dims[axis] = tag
            }
        }
        newSizes = sizes
        out = try Self.sparse(out, b)
        output = out
    }

    /// `set_axes`.
    static func setAxes(_ r: OptionReader, _ input: DataTemplate, _ b: LayerBuilder) throws -> DataTemplate {
        var out = input
        for (k, v) in r.dict.entries {
            guard let key = k.stringValue else { throw b.error(.invalidOption, "set_axes keys must be \"B\", \"T\" or \"F\", got \(k.repr)", at: k.location) }
            switch key.lowercased() {
            case "f", "feature_dim_axis":
                if v.isNone {
                    if let f = out.featureAxis { out.dims[f] = Dim(kind: .spatial, name: out.dims[f].name, size: out.dims[f].size) }
                    continue
                }
                let a = try AxisDescription.resolveSingle(v, in: out, key: "set_axes['\(key)']", layer: b)
                let d = out.dims[a]
                guard !d.isBatch && !d.isDynamic else {
                    throw b.error(.invalidOption, "set_axes['\(key)'] names \(d) of the input \(out), but the feature axis must be a static axis", at: v.location)
                }
                if d.kind != .feature { out.dims[a] = Dim(kind: .feature, name: d.name, size: d.size) }
                for j in (a + 1)..<out.rank where out.dims[j].kind == .feature {
                    out.dims[j] = Dim(kind: .spatial, name: out.dims[j].name, size: out.dims[j].size)
                }
            case "t", "time_dim_axis":
                let a = v.isNone ? nil : try AxisDescription.resolveSingle(v, in: out, key: "set_axes['\(key)']", layer: b)
                guard a == out.timeAxis else {
                    throw b.error(.invalidOption, "set_axes['\(key)']=\(v.repr) on the input \(out): the time axis here is always the first " +
                                  "dynamic axis (\(out.timeDim.map(\.description) ?? "none")); move axes with 'transpose' instead", at: v.location)
                }
            case "b", "batch_dim_axis":
                let a = v.isNone ? nil : try AxisDescription.resolveSingle(v, in: out, key: "set_axes['\(key)']", layer: b)
                guard a == out.batchAxis else {
                    throw b.error(.invalidOption, "set_axes['\(key)']=\(v.repr): only the batch axis can be the batch axis", at: v.location)
                }
            default:
                throw b.error(.invalidOption, "set_axes keys must be \"B\", \"T\" or \"F\", got '\(key)'", at: k.location)
            }
        }
        return out
    }

    /// `set_sparse`, `set_sparse_dim`, `increase_sparse_dim`.
    static func sparse(_ input: DataTemplate, _ b: LayerBuilder) throws -> DataTemplate {
        var out = input
        let setSparse = try b.read { try $0.optionalBool("set_sparse") }
        let sparseDimValue = b.options.optionalValue("set_sparse_dim")
        if setSparse == true && out.sparseTag == nil {
            guard out.isInt else {
                throw b.error(.sparseMismatch, "set_sparse=True needs int values, but the input \(out) is float; cast it with " +
                              "{\"class\": \"cast\", \"dtype\": \"int32\"} first")
            }
            if sparseDimValue == nil || sparseDimValue!.isNone {
                guard let f = out.featureTag else {
                    throw b.error(.invalidOption, "set_sparse=True on \(out) needs set_sparse_dim (the number of classes)")
                }
                out.sparseTag = f
            }
        } else if setSparse == false {
            out.sparseTag = nil
        }
        if let v = sparseDimValue, !v.isNone {
            if let tag = b.externData.dimTags.dim(v) {
                out.sparseTag = tag
            } else if let n = v.intValue, v.boolValue == nil, n > 0 {
                if out.sparseDim != n { out.sparseTag = Dim(kind: .feature, name: "\(b.name):set-sparse-dim", size: n) }
            } else {
                throw b.error(.invalidOption, "set_sparse_dim must be a positive int or a dim tag, got \(v.repr)", at: v.location)
            }
            guard out.isInt else { throw b.error(.sparseMismatch, "set_sparse_dim needs int values, but the input \(input) is float") }
            out.isInt = true
        }
        if let n = try b.read({ try $0.optionalInt("increase_sparse_dim") }), n != 0 {
            guard let s = out.sparseTag else {
                throw b.error(.sparseMismatch, "increase_sparse_dim needs sparse input, but \(out) is not sparse")
            }
            out.sparseTag = s.plus(n)
        }
        return out
    }

    /// The same values; new dynamic tags get their sizes.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        var x = inputs[0]
        if let i = moveBatchFrom {
            var perm = Array(0..<x.shape.count)
            perm.insert(perm.remove(at: i), at: 0)
            x = x.transposed(perm, seqLens: x.seqLens, tape: ctx.tape)
        }
        for (old, new) in newSizes where ctx.sizes(of: new) == nil {
            if let s = ctx.sizes(of: old) { ctx.setSizes(s, for: new) }
        }
        x.seqLens = hasSizeBase ? inputs[1].seqLens : (ctx.seqLens(of: output) ?? x.seqLens)
        return x
    }
}
