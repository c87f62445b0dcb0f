import ReturnnConfig
import ReturnnTensor

/// The data the network reads (RETURNN `extern_data`): one template per data key.
///
/// Comes from the config's `extern_data` dict, or the legacy `num_inputs`/`num_outputs`, or (done by
/// the engine) the train dataset's data keys.
///
/// ```python
/// extern_data = {"data": {"dim": 9}, "classes": {"dim": 2, "sparse": True}}
/// num_inputs = 9; num_outputs = {"classes": [2, 1]}   # legacy: [dim, ndim], ndim 1 = sparse
/// ```
public struct ExternData: Sendable, Equatable {
    /// Templates by key, in config order.
    public var entries: [(key: String, template: DataTemplate)]
    /// Key of `"data"` references (RETURNN `default_input`, default `"data"`).
    public var defaultInput: String
    /// Default target key of losses (RETURNN `target`, default `"classes"`).
    public var defaultTarget: String
    /// The network tags of the config's dim tags (shared with the layers' `out_dim`, `axis`, ...).
    public let dimTags: DimTagMap
    /// Keys with `available_for_inference = False` (targets): forward and search need not read them.
    public var notForInference: Set<String> = []

    /// Creates extern data.
    public init(_ entries: [(key: String, template: DataTemplate)], defaultInput: String = "data", defaultTarget: String = "classes",
                dimTags: DimTagMap = DimTagMap()) {
        self.entries = entries
        self.defaultInput = defaultInput
        self.defaultTarget = defaultTarget
        self.dimTags = dimTags
    }

    /// The template of `key`, if any.
    public subscript(_ key: String) -> DataTemplate? { entries.first { $0.key == key }?.template }

    /// All keys.
    public var keys: [String] { entries.map(\.key) }

    public static func == (a: ExternData, b: ExternData) -> Bool {
        a.keys == b.keys && zip(a.entries, b.entries).allSatisfy { $0.template == $1.template }
            && a.defaultInput == b.defaultInput && a.defaultTarget == b.defaultTarget
    }

    /// A template for a data key with `dim` and sparse flag; each key has its own time axis
    /// (`time:<key>`), as upstream without `same_dim_tags_as`.
    public static func template(key: String, dim: Int, sparse: Bool, hasTime: Bool = true, spatial: [Int] = []) -> DataTemplate {
        let time = hasTime ? Dim.spatial("time:\(key)") : nil
        if sparse { return .sparse(dim: dim, hasTime: hasTime, timeDim: time) }
        return DataTemplate(hasTime: hasTime, timeDim: time, spatial: spatial, featureDim: dim)
    }

    /// Reads `extern_data`, or `num_inputs`/`num_outputs`; `nil` when the config has neither.
    public static func fromConfig(_ config: Config) throws -> ExternData? {
        let defaultInput = try config.value("default_input", default: "data") ?? "data"
        let defaultTarget = try config.value("target", default: "classes") ?? "classes"
        if let ed = config.typedValue("extern_data"), !ed.isNone {
            guard let dict = ed.dictValue else {
                throw ConfigError(.type, "extern_data must be a dict of data key -> options, got \(ed.typeName)", at: ed.location)
            }
            var entries: [(key: String, template: DataTemplate)] = []
            let tags = DimTagMap()
            var notForInference: Set<String> = []
            for (k, v) in dict.entries {
                guard let key = k.stringValue else { throw ConfigError(.type, "extern_data keys must be strings", at: k.location) }
                let (template, forInference) = try entry(key: key, v, tags: tags, isInput: key == defaultInput)
                entries.append((key, template))
                if !forInference { notForInference.insert(key) }
            }
            var ed = ExternData(entries, defaultInput: defaultInput, defaultTarget: defaultTarget, dimTags: tags)
            ed.notForInference = notForInference
            return ed
        }
        guard config.has("num_inputs") || config.has("num_outputs") else { return nil }
        var entries: [(key: String, template: DataTemplate)] = []
        if let n = try config.int("num_inputs", default: nil) {
            entries.append((defaultInput, template(key: defaultInput, dim: n, sparse: false)))
        }
        if let outs = config.typedValue("num_outputs"), let d = outs.dictValue {
            for (k, v) in d.entries {
                guard let key = k.stringValue else { continue }
                let (dim, ndim): (Int, Int)
                if let n = v.intValue { (dim, ndim) = (n, key == defaultInput ? 2 : 1) } else if let items = v.sequenceItems, items.count >= 1,
                    let n = items[0].intValue {
                    (dim, ndim) = (n, items.count > 1 ? (items[1].intValue ?? 1) : 1)
                } else {
                    throw ConfigError(.type, "num_outputs['\(key)'] must be an int or [dim, ndim], got \(v.repr)", at: v.location)
                }
                entries.removeAll { $0.key == key }
                entries.append((key, template(key: key, dim: dim, sparse: ndim <= 1, hasTime: ndim >= 1)))
            }
        } else if let n = try config.int("num_outputs", default: nil) {
            entries.append((defaultTarget, template(key: defaultTarget, dim: n, sparse: true)))
        }
        return ExternData(entries, defaultInput: defaultInput, defaultTarget: defaultTarget)
    }

    /// One `extern_data` entry: `dim`/`shape`/`sparse`/`dtype` (the old way) or `dim_tags`/`dims`
    /// (a list of dim tags, batch included) with `sparse_dim`; `same_dim_tags_as` maps axes
    /// (`"t"`, `"T"`, `"time"`, `"f"`, an index) to config tags; `available_for_inference`
    /// (default: only the default input).
    static func entry(key: String, _ v: ConfigValue, tags: DimTagMap, isInput: Bool) throws -> (DataTemplate, Bool) {
        var r = try OptionReader(v, context: "extern_data['\(key)']")
        let forInference = try r.bool("available_for_inference", default: isInput)
        let sparseDimTag = try r.optionalValue("sparse_dim").flatMap { sd -> Dim? in
            if sd.isNone { return nil }
            guard let d = tags.dim(sd) else { throw ConfigError(.type, "extern_data['\(key)']: sparse_dim must be a dim tag (FeatureDim(...)), got \(sd.repr)", at: sd.location) }
            return d
        }
        let dimsValue = r.optionalValue("dims") ?? r.optionalValue("dim_tags")
        var template: DataTemplate
        if let dimsValue, !dimsValue.isNone {
            guard let items = dimsValue.sequenceItems else {
                throw ConfigError(.type, "extern_data['\(key)']: dims must be a list of dim tags like [batch_dim, time_dim, feature_dim]", at: dimsValue.location)
            }
            let dims = try items.map { item -> Dim in
                guard let d = tags.dim(item) else {
                    throw ConfigError(.type, "extern_data['\(key)']: dims must be dim tags (from returnn.tensor import Dim, batch_dim, SpatialDim, FeatureDim), got \(item.repr)", at: item.location)
                }
                return d
            }
            // The data arrive batch-major: a time-major dims list describes the same axes.
            let batchFirst = dims.filter(\.isBatch) + dims.filter { !$0.isBatch }
            let dtype = try r.optionalString("dtype")
            let isInt = sparseDimTag != nil || (dtype.map { $0.hasPrefix("int") } ?? false)
            template = DataTemplate(dims: batchFirst, sparseTag: sparseDimTag, isInt: isInt)
            let sparseFlag = try r.bool("sparse", default: sparseDimTag != nil)
            if sparseFlag && sparseDimTag == nil {
                guard let d = try r.optionalInt("dim") else {
                    throw ConfigError(.value, "extern_data['\(key)']: sparse data with dims needs sparse_dim (or dim)", at: v.location)
                }
                template.sparseTag = .feature("classes:\(key)", d)
                template.isInt = true
            } else {
                _ = try r.optionalInt("dim")
            }
            r.ignore(["shape"])
        } else {
            template = try legacyEntry(key: key, &r, v)
            if let sparseDimTag { template.sparseTag = sparseDimTag; template.isInt = true; template.featureDim = nil }
        }
        if let same = try r.optionalDict("same_dim_tags_as") {
            for (k, val) in same.dict.entries {
                guard let axisName = k.stringValue else { continue }
                guard let d = tags.dim(val) else {
                    throw ConfigError(.type, "extern_data['\(key)']: same_dim_tags_as['\(axisName)'] must be a dim tag, got \(val.repr)", at: val.location)
                }
                switch axisName.lowercased() {
                case "t", "time":
                    guard let i = template.timeAxis else {
                        throw ConfigError(.value, "extern_data['\(key)']: same_dim_tags_as names the time axis, but the data has none", at: k.location)
                    }
                    template.dims[i] = d
                case "f", "feature":
                    guard let i = template.featureAxis else {
                        throw ConfigError(.value, "extern_data['\(key)']: same_dim_tags_as names the feature axis, but the data has none", at: k.location)
                    }
                    template.dims[i] = d
                default:
                    guard let i = Int(axisName), i >= 0, i < template.rank else {
                        throw ConfigError(.value, "extern_data['\(key)']: same_dim_tags_as key '\(axisName)' is not an axis (use \"t\", \"f\" or an index)", at: k.location)
                    }
                    template.dims[i] = d
                }
            }

        }
        r.ignore(["batch_dim_axis", "time_dim_axis", "feature_dim_axis", "vocab", "beam", "version"])
        try r.finish()
        return (template, forInference)
    }

    /// `dim`, `shape`, `sparse`, `dtype`.
    static func legacyEntry(key: String, _ r: inout OptionReader, _ v: ConfigValue) throws -> DataTemplate {
        let dim = try r.optionalInt("dim")
        let sparse = try r.bool("sparse", default: false)
        let dtype = try r.optionalString("dtype")
        var hasTime = true
        var spatial: [Int] = []
        var featureFromShape: Int?
        if let shape = r.optionalValue("shape") {
            guard let items = shape.sequenceItems else {
                throw ConfigError(.type, "extern_data['\(key)']: shape must be a tuple like (None, 40)", at: shape.location)
            }
            hasTime = items.first?.isNone ?? false
            let statics = items.dropFirst(hasTime ? 1 : 0).map { $0.intValue }
            if statics.contains(where: { $0 == nil }) {
                throw ConfigError(.value, "extern_data['\(key)']: only the first axis of shape may be None (the time axis); use dims with several dynamic dim tags", at: shape.location)
            }
            var dims = statics.compactMap { $0 }
            if !sparse, let last = dims.popLast() { featureFromShape = last }
            spatial = dims
        }
        let isSparse = sparse || (dtype?.hasPrefix("int") ?? false) && dim != nil && featureFromShape == nil
        guard let d = dim ?? featureFromShape else {
            throw ConfigError(.value, "extern_data['\(key)'] needs 'dim' (or a shape whose last axis is the feature dim, or dims)", at: v.location)
        }
        if let f = featureFromShape, let dim, f != dim, !isSparse {
            throw ConfigError(.value, "extern_data['\(key)']: dim \(dim) does not match the last axis \(f) of shape", at: v.location)
        }
        return template(key: key, dim: d, sparse: isSparse, hasTime: hasTime, spatial: spatial)
    }
}
