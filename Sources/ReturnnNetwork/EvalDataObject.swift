import ReturnnConfig
import ReturnnTensor

/// RETURNN's `Data` (`Tensor`) in the config code of an `eval` layer: what `source(i,
/// as_data=True)` returns, `self.output`, a source layer's `.output`, and what an `out_type`
/// function builds with `Data(...)`.
///
/// `placeholder` (settable: SpecAugment code does `x = x.copy(); x.placeholder = masked`),
/// `name`, `batch_dim_axis`, `time_dim_axis`, `feature_dim_axis`, `dim`, `shape`, `batch_shape`,
/// `ndim`, `batch_ndim`, `dtype`, `sparse`, `is_batch_major`, `is_time_major`,
/// `get_sequence_lengths()`, `size_placeholder`, `get_dynamic_size(axis)`, `get_dynamic_axes()`,
/// `get_axis_from_description(desc)`, `copy(name=None)`, `copy_template(name=None)`,
/// `copy_as_batch_major()`, `copy_as_time_major()`, `get_placeholder_as_batch_major()`.
final class EvalDataObject: PyObject {
    /// `name`.
    var name: String
    /// The axes, dtype and sparsity.
    let template: DataTemplate
    /// `placeholder`: a `TensorValue`, or None for a template.
    var placeholder: ConfigValue
    /// Run-time sizes `[B]` of the dynamic axes, by tag (empty for templates).
    let sizes: [Dim: TensorValue]
    /// For axis descriptions (`get_axis_from_description`).
    let builder: LayerBuilder?

    init(name: String, template: DataTemplate, placeholder: ConfigValue = .none, sizes: [Dim: TensorValue] = [:], builder: LayerBuilder?) {
        self.name = name
        self.template = template
        self.placeholder = placeholder
        self.sizes = sizes
        self.builder = builder
    }

    /// A copy with other axes order / name / placeholder.
    private func copy(name: String? = nil, template: DataTemplate? = nil, placeholder: ConfigValue? = nil) -> EvalDataObject {
        EvalDataObject(name: name ?? self.name, template: template ?? self.template, placeholder: placeholder ?? self.placeholder,
                       sizes: sizes, builder: builder)
    }

    private func fn(_ name: String, _ params: [String], _ body: @escaping (BoundArguments) throws -> ConfigValue) -> ConfigValue {
        ConfigValue(.function(ConfigFunction(name: name) { a, kw in try body(try BoundArguments("Data.\(name)", a, kw, params)) }))
    }

    private func optionalInt(_ v: Int?) -> ConfigValue { v.map { .int($0) } ?? .none }

    /// Sizes of the axis at `axis` (with batch), or a located error.
    private func dynamicSize(_ axis: Int, what: String) throws -> ConfigValue {
        guard axis >= 0 && axis < template.rank else { throw ConfigError(.value, "Data.\(what): axis \(axis) is out of range for \(template)") }
        let d = template.dims[axis]
        guard d.isDynamic else { throw ConfigError(.value, "Data.\(what): axis \(axis) (\(d)) of \(template) is static") }
        guard let s = sizes[d] else { return .none }
        return ConfigValue(.object(s))
    }

    /// The permutation that moves `first` (batch or time) to axis 0.
    private func moved(to0 axis: Int?) throws -> EvalDataObject {
        guard let axis, axis != 0 else { return self }
        var perm = Array(0..<template.rank)
        perm.remove(at: axis)
        perm.insert(axis, at: 0)
        var t = template
        t.dims = perm.map { template.dims[$0] }
        var p = placeholder
        if case .object(let x as TensorValue) = placeholder.kind { p = ConfigValue(.object(x.session.permute(x, perm))) }
        return copy(template: t, placeholder: p)
    }

    override var typeName: String { "Data" }
    override var attributeNames: [String] {
        ["placeholder", "name", "batch_dim_axis", "time_dim_axis", "feature_dim_axis", "dim", "shape", "batch_shape", "ndim",
         "batch_ndim", "dtype", "sparse", "is_batch_major", "is_time_major", "get_sequence_lengths", "size_placeholder",
         "get_dynamic_size", "get_dynamic_axes", "get_axis_from_description", "copy", "copy_template", "copy_as_batch_major",
         "copy_as_time_major", "get_placeholder_as_batch_major"]
    }

    override func attribute(_ attr: String) throws -> ConfigValue? {
        let t = template
        switch attr {
        case "placeholder": return placeholder
        case "name": return .str(name)
        case "batch_dim_axis": return optionalInt(t.batchAxis)
        case "time_dim_axis": return optionalInt(t.timeAxis)
        case "feature_dim_axis": return optionalInt(t.isSparse ? nil : t.featureAxis)
        case "dim": return optionalInt(t.dim)
        case "shape": return ConfigValue(.tuple(t.dims.filter { !$0.isBatch }.map { optionalInt($0.size) }))
        case "batch_shape": return ConfigValue(.tuple(t.dims.map { optionalInt($0.size) }))
        case "ndim": return .int(t.dims.filter { !$0.isBatch }.count)
        case "batch_ndim": return .int(t.rank)
        case "dtype": return .str(t.isInt ? "int32" : "float32")
        case "sparse": return .bool(t.isSparse)
        case "is_batch_major": return .bool(t.batchAxis == 0)
        case "is_time_major": return .bool(t.timeAxis == 0)
        case "get_sequence_lengths":
            return fn(attr, []) { [self] _ in
                guard let a = t.timeAxis else { throw ConfigError(.value, "Data.get_sequence_lengths: \(self.template) has no time axis") }
                return try dynamicSize(a, what: attr)
            }
        case "size_placeholder":
            let d = ConfigDict()
            var k = 0
            for dim in t.dims where !dim.isBatch {
                if dim.isDynamic, let s = sizes[dim] { try d.set(.int(k), ConfigValue(.object(s))) }
                k += 1
            }
            return ConfigValue(.dict(d))
        case "get_dynamic_size": return fn(attr, ["axis"]) { [self] p in try dynamicSize(try p.int("axis") ?? -1, what: attr) }
        case "get_dynamic_axes": return fn(attr, []) { _ in .list(t.dims.indices.filter { t.dims[$0].isDynamic }.map { .int($0) }) }
        case "get_axis_from_description":
            return fn(attr, ["axis", "allow_int"]) { [self] p in
                guard let b = builder, let v = p["axis"] else { throw ConfigError(.value, "Data.get_axis_from_description needs an axis") }
                do { return .int(try AxisDescription.resolveSingle(v, in: t, key: "axis", layer: b)) } catch let e as NetworkError {
                    throw ConfigError(.value, "Data.get_axis_from_description: " + e.message)
                }
            }
        case "copy": return fn(attr, ["name"]) { [self] p in ConfigValue(.object(copy(name: try p.str("name")))) }
        case "copy_template": return fn(attr, ["name", "dtype"]) { [self] p in ConfigValue(.object(copy(name: try p.str("name"), placeholder: ConfigValue.none))) }
        case "copy_as_batch_major": return fn(attr, []) { [self] _ in ConfigValue(.object(try moved(to0: t.batchAxis))) }
        case "copy_as_time_major": return fn(attr, []) { [self] _ in ConfigValue(.object(try moved(to0: t.timeAxis))) }
        case "get_placeholder_as_batch_major": return fn(attr, []) { [self] _ in try moved(to0: t.batchAxis).placeholder }
        default: return nil
        }
    }

    override func setAttribute(_ attr: String, _ value: ConfigValue) throws {
        switch attr {
        case "placeholder":
            if case .object(let x as TensorValue) = value.kind {
                guard x.rank == template.rank else {
                    throw ConfigError(.value, "Data.placeholder: a tensor of shape \(TensorShapeObject.tupleText(x.shape)) does not fit \(template)")
                }
            } else if !value.isNone {
                throw ConfigError(.type, "Data.placeholder must be a tensor or None, got \(value.typeName)")
            }
            placeholder = value
        case "name":
            guard let s = value.stringValue else { throw ConfigError(.type, "Data.name must be a str") }
            name = s
        default:
            throw ConfigError(.type, "cannot set attribute '\(attr)' of a 'Data' object in eval layers (placeholder and name can be set)", pythonClass: "AttributeError")
        }
    }

    override func repr() throws -> String { "Data{'\(name)', \(template)}" }
}
