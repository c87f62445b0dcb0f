import ReturnnConfig
import ReturnnTensor

/// The output template of an `eval` layer from its `out_type` (a dict, as upstream's
/// `CombineLayer.get_out_data_from_opts`), and of `Data(...)` in an `out_type` function.
///
/// Starting from the sources' common template, the keys change it: `shape` (without the batch
/// axis; `None` entries are the sources' dynamic axes, in order; a last static entry is the
/// feature axis unless `feature_dim_axis=None` or the data is sparse), `dims`/`dim_tags` (config
/// dim tags, e.g. `[batch_dim, time_dim, FeatureDim("f", 1)]`), `dim` (feature dim, or the number
/// of classes when sparse), `sparse`, `dtype` (`float32`, `int32`, `int64`; int64 is stored as
/// int32), `batch_dim_axis` (0 or None), `time_dim_axis` (where the first dynamic axis is, or
/// None without dynamic axes), `feature_dim_axis` (None: no feature axis); `name`, `vocab`,
/// `available_for_inference` change nothing here.
enum EvalOutType {
    static let keys = ["shape", "dims", "dim_tags", "dim", "sparse", "dtype", "batch_dim_axis", "time_dim_axis", "feature_dim_axis",
                       "name", "vocab", "available_for_inference"]

    /// The template for `options` on top of `base` (nil: no sources), with `dim` from `n_out`
    /// when given; `dynamic` are the dynamic axes `None` entries of `shape` map to.
    static func template(_ options: [(String, ConfigValue)], base: DataTemplate?, nOut: Int?, featureTag: Dim?, dynamic: [Dim],
                         what: String, at loc: SourceLocation?, _ b: LayerBuilder) throws -> DataTemplate {
        var o: [String: ConfigValue] = [:]
        for (k, v) in options {
            guard keys.contains(k) else {
                var msg = "\(what) has the unknown key '\(k)'"
                if let s = EditDistance.closest(to: k, in: keys) { msg += "; did you mean '\(s)'?" }
                throw b.error(.invalidOption, msg + " (supported: \(keys.joined(separator: ", ")))", at: v.location == .builtin ? loc : v.location)
            }
            o[k] = v
        }
        func fail(_ m: String, _ key: String? = nil) -> NetworkError {
            let l = key.flatMap { o[$0]?.location }.flatMap { $0 == .builtin ? nil : $0 } ?? loc
            return b.error(.invalidOption, "\(what): " + m, at: l)
        }
        var isInt = base?.isInt ?? false
        if let dv = o["dtype"], !dv.isNone {
            switch dv.stringValue ?? (dv.objectValue as? TFDTypeObject)?.dtype.rawValue {
            case "float32": isInt = false
            case "int32", "int64": isInt = true
            case let other:
                throw fail("dtype \(other.map { "'\($0)'" } ?? dv.repr) is not supported; eval layer outputs are float32, int32 or int64 " +
                           "(cast bools with tf.cast(x, tf.int32))", "dtype")
            }
        }
        var dim: Int?? = nOut.map { .some($0) }
        if nOut == nil, let dv = o["dim"] {
            if dv.isNone { dim = .some(nil) } else if let n = dv.intValue, n > 0 { dim = .some(n) } else { throw fail("dim must be a positive int or None, got \(dv.repr)", "dim") }
        }
        let sparse = o["sparse"].map(\.isTruthy) ?? base?.isSparse ?? false
        if sparse && !isInt && o["dtype"] != nil { throw fail("sparse data needs an int dtype (int32)", "dtype") }
        if sparse { isInt = true }
        if let bd = o["batch_dim_axis"], !bd.isNone, bd.intValue != 0 {
            throw fail("batch_dim_axis \(bd.repr) is not supported; eval layer outputs are batch-major (0) or have no batch axis (None)", "batch_dim_axis")
        }
        let hasBatch = o["batch_dim_axis"].map { !$0.isNone } ?? (base?.hasBatch ?? true)
        let noFeature = o["feature_dim_axis"]?.isNone ?? false
        var dims: [Dim]
        if let list = o["dims"] ?? o["dim_tags"] {
            guard let items = list.sequenceItems else { throw fail("dims must be a list of dim tags", "dims") }
            dims = try items.map { v in
                guard let d = b.externData.dimTags.dim(v) else { throw fail("dims entry \(v.repr) is no dim tag", "dims") }
                return d
            }
        } else if let shapeValue = o["shape"] {
            guard let entries = shapeValue.sequenceItems else { throw fail("shape must be a tuple like (None, 1), got \(shapeValue.repr)", "shape") }
            var pool = dynamic
            dims = hasBatch ? [.batch] : []
            for (i, e) in entries.enumerated() {
                if e.isNone {
                    guard !pool.isEmpty else {
                        throw fail("shape \(shapeValue.repr) has more dynamic (None) axes than the sources (\(dynamic.count)); an eval layer keeps the sources' dynamic axes", "shape")
                    }
                    dims.append(pool.removeFirst())
                } else if let n = e.intValue, n >= 0 {
                    let isFeature = i == entries.count - 1 && !sparse && !noFeature
                    if isFeature, case .some(let d?) = dim, d != n {
                        throw fail("shape \(shapeValue.repr) ends in \(n), but dim is \(d)", "shape")
                    }
                    dims.append(isFeature ? (featureTag?.size == n ? featureTag! : .feature("feature", n)) : Dim(kind: .spatial, name: "spatial", size: n))
                } else {
                    throw fail("shape entries must be ints or None, got \(e.repr)", "shape")
                }
            }
            if !sparse, case .some(let d?) = dim, !dims.contains(where: { $0.kind == .feature }) {
                throw fail("dim \(d) needs a last static axis of that size in shape \(shapeValue.repr)", "dim")
            }
        } else {
            guard let base else { throw fail("needs 'shape' (or 'dims') when the layer has no sources", nil) }
            dims = base.dims
            if !hasBatch { dims.removeAll { $0.isBatch } }
            if noFeature, base.featureAxis != nil, !base.isSparse {
                throw fail("feature_dim_axis=None without 'shape' is not supported; give the shape (e.g. shape=(None, 5))", "feature_dim_axis")
            }
            if !sparse, case .some(let d) = dim {
                guard let d else { throw fail("dim None without 'shape' is not supported; give the shape", "dim") }
                if let i = dims.lastIndex(where: { $0.kind == .feature }), !(base.isSparse) {
                    if dims[i].size != d { dims[i] = featureTag?.size == d ? featureTag! : .feature("feature", d) }
                } else {
                    dims.append(featureTag?.size == d ? featureTag! : .feature("feature", d))
                }
            }
        }
        if let td = o["time_dim_axis"] {
            let first = dims.firstIndex { $0.isDynamic }
            if td.isNone {
                if first != nil { throw fail("time_dim_axis=None with a dynamic axis is not supported (the first dynamic axis is the time axis)", "time_dim_axis") }
            } else if td.intValue != first {
                throw fail("time_dim_axis \(td.repr) is not supported: the time axis is the first dynamic axis (\(first.map(String.init) ?? "none") here)", "time_dim_axis")
            }
        }
        var t = DataTemplate(dims: dims, isInt: isInt)
        if sparse {
            var classes: Int?
            if case .some(let d) = dim { classes = d } else { classes = base?.sparseDim }
            guard let classes else { throw fail("sparse data needs dim (the number of classes)", "dim") }
            t.sparseTag = .feature("classes", classes)
            t.isInt = true
        }
        return t
    }
}
