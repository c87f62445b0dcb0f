import ReturnnConfig

/// TF's `TensorShape` in the config code of an `eval` layer (`x.shape`, `x.get_shape()`): the
/// static shape, which is always fully known here (tensors are eager).
///
/// `ndims`/`rank`, `as_list()`, `dims`, `num_elements()`, `is_fully_defined()`, `len()`,
/// indexing (an int gives the dim, a slice another shape), iteration, and `==` with another
/// shape, a list or a tuple.
final class TensorShapeObject: PyObject {
    let dims: [Int]

    init(_ dims: [Int]) { self.dims = dims }

    /// `(2, 3)` / `(5,)` / `()`.
    static func tupleText(_ dims: [Int]) -> String {
        dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
    }

    /// A shape argument that may leave dims open: a `TensorShape`, or a list/tuple of ints and
    /// `None`.
    static func dims(_ v: ConfigValue, function: String) throws -> [Int?] {
        if case .object(let o as TensorShapeObject) = v.kind { return o.dims }
        guard let items = v.sequenceItems else {
            throw ConfigError(.type, "\(function): expected a shape (a list or tuple of ints), got '\(v.typeName)'")
        }
        return try items.map { item in
            if item.isNone { return nil }
            if let i = item.intValue, item.boolValue == nil { return i }
            if case .object(let t as TensorValue) = item.kind, let i = t.scalarInt { return i }
            throw ConfigError(.type, "\(function): shape entries must be ints or None, got \(item.repr)")
        }
    }

    override var typeName: String { "TensorShape" }
    override var attributeNames: [String] { ["ndims", "rank", "dims", "as_list", "num_elements", "is_fully_defined"] }
    override func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "ndims", "rank": return .int(dims.count)
        case "dims": return .list(dims.map { .int($0) })
        case "as_list":
            return ConfigValue(.function(ConfigFunction(name: "as_list") { [dims] _, _ in .list(dims.map { .int($0) }) }))
        case "num_elements":
            return ConfigValue(.function(ConfigFunction(name: "num_elements") { [dims] _, _ in .int(dims.reduce(1, *)) }))
        case "is_fully_defined":
            return ConfigValue(.function(ConfigFunction(name: "is_fully_defined") { _, _ in .bool(true) }))
        default: return nil
        }
    }
    override func length() throws -> Int? { dims.count }
    override func iterate() throws -> [ConfigValue]? { dims.map { .int($0) } }
    override var isSequence: Bool { true }
    override func getItem(_ index: ConfigValue) throws -> ConfigValue {
        guard let i = index.intValue else { throw ConfigError(.type, "TensorShape indices must be integers or slices, not \(index.typeName)") }
        let k = i < 0 ? i + dims.count : i
        guard k >= 0 && k < dims.count else { throw ConfigError(.key, "TensorShape index \(i) out of range for rank \(dims.count)", pythonClass: "IndexError") }
        return .int(dims[k])
    }
    override func getSlice(_ lower: ConfigValue, _ upper: ConfigValue, _ step: ConfigValue) throws -> ConfigValue {
        let picked = try Operators.sliceIndices(lower, upper, step, count: dims.count)
        return ConfigValue(.object(TensorShapeObject(picked.map { dims[$0] })))
    }
    override func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        guard op == .eq || op == .ne else { return nil }
        let same: Bool
        if let o = try? TensorShapeObject.dims(other, function: "==") { same = o == dims.map { Optional($0) } } else { same = false }
        return .bool(same == (op == .eq))
    }
    override func repr() throws -> String { "TensorShape([" + dims.map(String.init).joined(separator: ", ") + "])" }
}
