/// A dimension tag created in a config (RETURNN's `Dim`, formerly `DimensionTag`): a kind (batch,
/// spatial, feature), a description, a static size or none (dynamic), and identity semantics as
/// upstream: a tag is equal to itself, to tags declared the same (`declare_same_as`), and derived
/// tags (`time // 2`, `time + 1`) are equal when derived the same way from equal tags.
///
/// ```python
/// from returnn.tensor import Dim, batch_dim, SpatialDim, FeatureDim
/// time_dim = SpatialDim("time")
/// feat_dim = FeatureDim("feature", 40)
/// __time_tag__ = Dim(dimension=None, kind=Dim.Types.Spatial, description="time")
/// down_dim = time_dim.ceildiv_right(2)
/// ```
public final class ConfigDim: PyObject {
    /// RETURNN's `Dim.Types`.
    public enum Kind: String, Sendable {
        case batch = "Batch", spatial = "Spatial", feature = "Feature", unspecified = "Unspecified"
    }

    /// How a derived tag came about: `op` applied to `operands` (tags or ints).
    public struct Derivation {
        /// `add`, `sub`, `mul`, `floordiv`, `ceildiv`, and `_left`/`_right` variants.
        public let op: String
        /// The operands, in order.
        public let operands: [ConfigValue]
    }

    /// `kind`.
    public let kind: Kind
    /// `description` (`name` in newer RETURNN).
    public let description: String?
    /// `dimension`: the static size, nil when dynamic.
    public let dimension: Int?
    /// For derived tags: the operation they come from.
    public let derivation: Derivation?
    /// Tags declared the same (`declare_same_as`), shared by all members of the group.
    private var sameAs: ConfigDim?

    /// Creates a tag.
    public init(kind: Kind, description: String?, dimension: Int?, derivation: Derivation? = nil) {
        self.kind = kind
        self.description = description
        self.dimension = dimension
        self.derivation = derivation
    }

    /// The representative of the tag's `declare_same_as` group.
    public var base: ConfigDim {
        var d = self
        while let s = d.sameAs { d = s }
        return d
    }

    /// Whether two tags stand for the same axis (upstream `Dim.__eq__`).
    public func isSame(as other: ConfigDim) -> Bool {
        let a = base, b = other.base
        if a === b { return true }
        guard let da = a.derivation, let db = b.derivation, da.op == db.op, da.operands.count == db.operands.count else { return false }
        return zip(da.operands, db.operands).allSatisfy { x, y in
            if case .object(let p as ConfigDim) = x.kind, case .object(let q as ConfigDim) = y.kind { return p.isSame(as: q) }
            return Operators.equals(x, y)
        }
    }

    override public var typeName: String { "Dim" }

    override public var attributeNames: [String] {
        ["dimension", "description", "name", "kind", "copy", "declare_same_as", "get_same_base", "is_batch_dim", "is_feature_dim",
         "is_spatial_dim", "is_static", "is_dynamic", "ceildiv_right", "ceildiv_left", "div_right", "div_left", "sub_right",
         "sub_left", "add_right", "add_left", "Types"]
    }

    private func method(_ name: String, _ body: @escaping ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue) -> ConfigValue {
        ConfigValue(.function(ConfigFunction(name: name, body)))
    }

    private func derived(_ op: String, _ operand: ConfigValue, leftOperand: Bool) throws -> ConfigValue {
        let me = ConfigValue(.object(self))
        let operands = leftOperand ? [operand, me] : [me, operand]
        var size: Int?
        let other: Int?? = {
            if let i = operand.intValue { return .some(i) }
            if case .object(let d as ConfigDim) = operand.kind { return .some(d.dimension) }
            return nil
        }()
        guard let otherSize = other else { throw ConfigError(.type, "Dim arithmetic needs an int or a Dim, not '\(operand.typeName)'") }
        if let a = dimension, let b = otherSize {
            switch op {
            case "add": size = a + b
            case "sub": size = leftOperand ? b - a : a - b
            case "mul": size = a * b
            case "floordiv": if b != 0 { size = a / b }
            case "ceildiv": if b != 0 { size = (a + b - 1) / b }
            default: break
            }
        }
        let text = ValueFormatting.str(operands[0]) + " " + op + " " + ValueFormatting.str(operands[1])
        let k: Kind = (kind == .feature || (operand.objectValue as? ConfigDim)?.kind == .feature) ? .feature : (kind == .batch ? .spatial : kind)
        return ConfigValue(.object(ConfigDim(kind: k, description: text, dimension: size,
                                             derivation: Derivation(op: op + (leftOperand ? "_left" : "_right"), operands: operands))))
    }

    override public func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "dimension", "size": return dimension.map { ConfigValue.int($0) } ?? ConfigValue.none
        case "description", "name": return description.map { ConfigValue.str($0) } ?? ConfigValue.none
        case "kind": return ConfigValue(.object(ConfigDimKind(kind)))
        case "Types": return ConfigDim.types
        case "is_batch_dim": return method(name) { _, _ in .bool(self.kind == .batch) }
        case "is_feature_dim": return method(name) { _, _ in .bool(self.kind == .feature) }
        case "is_spatial_dim": return method(name) { _, _ in .bool(self.kind == .spatial) }
        case "is_static": return method(name) { _, _ in .bool(self.dimension != nil) }
        case "is_dynamic": return method(name) { _, _ in .bool(self.dimension == nil) }
        case "get_same_base": return method(name) { _, _ in ConfigValue(.object(self.base)) }
        case "declare_same_as":
            return method(name) { a, _ in
                try Args.count(name, a, 1, 1)
                guard case .object(let other as ConfigDim) = a[0].kind else { throw ConfigError(.type, "declare_same_as() needs a Dim") }
                if !(other.base === self.base) { self.base.sameAs = other.base }
                return .none
            }
        case "copy":
            return method(name) { a, kw in
                let k = try Args.kwargs(name, kw, allowed: ["same_as_self", "description", "kind", "match_priority"])
                try Args.count(name, a, 0, 0)
                let kind = try k["kind"].flatMap { v -> Kind? in
                    if v.isNone { return nil }
                    guard case .object(let kd as ConfigDimKind) = v.kind else { throw ConfigError(.type, "Dim.copy(kind=...) needs a Dim.Types value") }
                    return kd.kind
                } ?? self.kind
                let description = try k["description"].flatMap { $0.isNone ? nil : try Args.str(name, $0) } ?? self.description
                let copy = ConfigDim(kind: kind, description: description, dimension: self.dimension, derivation: self.derivation)
                if k["same_as_self"]?.isTruthy ?? true { copy.sameAs = self.base }
                return ConfigValue(.object(copy))
            }
        case "ceildiv_right", "ceildiv_left", "div_right", "div_left", "sub_right", "sub_left", "add_right", "add_left":
            let parts = name.split(separator: "_")
            let op = ["ceildiv": "ceildiv", "div": "floordiv", "sub": "sub", "add": "add"][String(parts[0])]!
            return method(name) { a, _ in
                try Args.count(name, a, 1, 1)
                return try self.derived(op, a[0], leftOperand: parts[1] == "left")
            }
        default:
            return nil
        }
    }

    override public func binary(_ op: BinaryOperator, _ other: ConfigValue, reflected: Bool) throws -> ConfigValue? {
        let name: String
        switch op {
        case .add: name = "add"
        case .sub: name = "sub"
        case .mul: name = "mul"
        case .floorDiv: name = "floordiv"
        default: return nil
        }
        guard other.intValue != nil || other.objectValue is ConfigDim else { return nil }
        return try derived(name, other, leftOperand: reflected)
    }

    override public func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        guard op == .eq || op == .ne else { return nil }
        guard case .object(let d as ConfigDim) = other.kind else { return .bool(op == .ne) }
        return .bool(isSame(as: d) == (op == .eq))
    }

    override public func hashKey() throws -> ConfigHashKey {
        // Equal tags must hash alike: derived tags hash by their derivation's op, plain ones by
        // the group representative.
        if let d = base.derivation { return .str("Dim:" + d.op) }
        return .object(ObjectIdentifier(base))
    }

    override public func repr() throws -> String {
        let k: String
        switch kind {
        case .batch: return "Dim{B}"
        case .feature: k = "F"
        case .spatial, .unspecified: k = ""
        }
        return "Dim{\(k)\(ValueFormatting.strRepr(description ?? "?"))\(dimension.map { "(\($0))" } ?? "")}"
    }

    /// `Dim.Types` (also `DimensionTag.Types`).
    static var types: ConfigValue {
        ConfigValue(.module(ConfigModule(name: "Dim.Types", typeName: "type", attributes: [
            ("Batch", ConfigValue(.object(ConfigDimKind(.batch)))), ("Spatial", ConfigValue(.object(ConfigDimKind(.spatial)))),
            ("Feature", ConfigValue(.object(ConfigDimKind(.feature)))), ("Unspecified", ConfigValue(.object(ConfigDimKind(.unspecified)))),
        ])))
    }
}

/// A member of `Dim.Types` (`Dim.Types.Spatial`).
public final class ConfigDimKind: PyObject {
    /// The kind.
    public let kind: ConfigDim.Kind
    init(_ kind: ConfigDim.Kind) { self.kind = kind }
    override public var typeName: String { "DimTypes" }
    override public func repr() throws -> String { kind.rawValue }
    override public func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        guard op == .eq || op == .ne else { return nil }
        let same = (other.objectValue as? ConfigDimKind)?.kind == kind
        return .bool(same == (op == .eq))
    }
    override public func hashKey() throws -> ConfigHashKey { .str("DimKind:" + kind.rawValue) }
}

/// A class-like native object: callable to make instances, with class attributes, and usable
/// with `isinstance` (`Dim`, `SpatialDim`, ...).
final class NativeClass: PyObject {
    let name: String
    /// `typeName` of the instances it makes.
    let instanceTypeName: String
    private let attributes: [String: ConfigValue]
    private let make: ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue

    init(name: String, instanceTypeName: String, attributes: [(String, ConfigValue)] = [],
         make: @escaping ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue)
    {
        self.name = name
        self.instanceTypeName = instanceTypeName
        var table: [String: ConfigValue] = [:]
        for (k, v) in attributes { table[k] = v }
        self.attributes = table
        self.make = make
    }

    override var typeName: String { "type" }
    override var attributeNames: [String] { attributes.keys.sorted() }
    override func attribute(_ name: String) throws -> ConfigValue? {
        if name == "__name__" { return .str(self.name) }
        return attributes[name]
    }
    override var isCallable: Bool { true }
    override func call(_ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> ConfigValue { try make(args, kwargs) }
    override func repr() throws -> String { "<class '\(name)'>" }
}

extension ConfigDim {
    /// Options of `Dim(...)` that only matter for TF graph building upstream; accepted and ignored.
    static let ignoredOptions: Set<String> = [
        "batch", "src_data", "src_axis", "same_as", "undefined", "generic", "special", "auto_generated", "match_priority",
        "derived_from_tag", "derived_from_op", "dyn_size", "dyn_size_ext", "vocab", "control_flow_ctx", "is_batch_dim",
    ]

    /// `Dim(dimension=None, name=None, *, kind=..., description=...)` and the old
    /// `DimensionTag(kind, description, dimension)`.
    static func construct(_ a: [ConfigValue], _ kw: [(String, ConfigValue)], defaultKind: Kind, positional: [String]) throws -> ConfigValue {
        var opts: [String: ConfigValue] = [:]
        var names = positional
        // The old signature starts with the kind.
        if case .object(_ as ConfigDimKind)? = a.first?.kind { names = ["kind", "description", "dimension"] }
        guard a.count <= names.count else { throw ConfigError(.type, "Dim() takes at most \(names.count) positional arguments") }
        for (v, n) in zip(a, names) { opts[n] = v }
        for (k, v) in kw {
            if ignoredOptions.contains(k) { continue }
            guard ["kind", "description", "name", "dimension"].contains(k) else {
                var msg = "Dim() got an unexpected keyword argument '\(k)'"
                if let s = EditDistance.closest(to: k, in: ["kind", "description", "name", "dimension"]) { msg += "; did you mean '\(s)'?" }
                throw ConfigError(.type, msg)
            }
            if opts[k] != nil { throw ConfigError(.type, "Dim() got multiple values for argument '\(k)'") }
            opts[k] = v
        }
        var kind = defaultKind
        if let k = opts["kind"], !k.isNone {
            guard case .object(let kd as ConfigDimKind) = k.kind else { throw ConfigError(.type, "Dim(kind=...) must be one of Dim.Types, not \(k.repr)") }
            kind = kd.kind
        }
        let desc = opts["description"] ?? opts["name"]
        let description = try desc.flatMap { $0.isNone ? nil : try Args.str("Dim", $0) }
        var dimension: Int?
        if let d = opts["dimension"], !d.isNone {
            guard let i = d.intValue, i >= 0 else { throw ConfigError(.value, "Dim(dimension=...) must be a non-negative int or None, not \(d.repr)") }
            dimension = i
        }
        return ConfigValue(.object(ConfigDim(kind: kind, description: description, dimension: dimension)))
    }

    /// The dim-tag names of `returnn.tensor` / `returnn.tf.util.data` (`Dim`, `DimensionTag`,
    /// `SpatialDim`, `FeatureDim`, `batch_dim`, `single_step_dim`).
    static func moduleAttributes() -> [(String, ConfigValue)] {
        let types = ConfigDim.types
        let dim = NativeClass(name: "Dim", instanceTypeName: "Dim", attributes: [("Types", types)]) { a, kw in
            try construct(a, kw, defaultKind: .unspecified, positional: ["dimension", "name"])
        }
        let dimensionTag = NativeClass(name: "DimensionTag", instanceTypeName: "Dim", attributes: [("Types", types)]) { a, kw in
            try construct(a, kw, defaultKind: .unspecified, positional: ["kind", "description", "dimension"])
        }
        let spatial = NativeClass(name: "SpatialDim", instanceTypeName: "Dim") { a, kw in
            try construct(a, kw, defaultKind: .spatial, positional: ["description", "dimension"])
        }
        let feature = NativeClass(name: "FeatureDim", instanceTypeName: "Dim") { a, kw in
            try construct(a, kw, defaultKind: .feature, positional: ["description", "dimension"])
        }
        return [
            ("Dim", ConfigValue(.object(dim))), ("DimensionTag", ConfigValue(.object(dimensionTag))),
            ("SpatialDim", ConfigValue(.object(spatial))), ("FeatureDim", ConfigValue(.object(feature))),
            ("batch_dim", ConfigValue(.object(ConfigDim(kind: .batch, description: "batch", dimension: nil)))),
            ("single_step_dim", ConfigValue(.object(ConfigDim(kind: .spatial, description: "single-step", dimension: 1)))),
        ]
    }
}
