/// `staticmethod`, `classmethod` and `property` objects: class attributes that change what
/// reading them through a class or an instance gives.
///
/// ```python
/// class Net:
///     @staticmethod
///     def layer(n): return {"class": "linear", "n_out": n}
///     @property
///     def size(self): return self._size
/// ```
public final class ConfigDescriptor: PyObject {
    /// What kind of descriptor.
    public enum Kind {
        /// `staticmethod(f)`: `f` itself through class and instance.
        case staticMethod(ConfigValue)
        /// `classmethod(f)`: `f` bound to the class.
        case classMethod(ConfigValue)
        /// `property(fget, fset, fdel)`.
        case property(getter: ConfigValue?, setter: ConfigValue?, deleter: ConfigValue?)
    }

    /// What kind of descriptor.
    public let kind: Kind

    /// Creates a descriptor.
    public init(_ kind: Kind) {
        self.kind = kind
        super.init()
    }

    override public var typeName: String {
        switch kind {
        case .staticMethod: return "staticmethod"
        case .classMethod: return "classmethod"
        case .property: return "property"
        }
    }

    /// Properties take precedence over the instance `__dict__`.
    var isDataDescriptor: Bool { if case .property = kind { return true } else { return false } }

    /// The value read through `instance` (nil: through the class `owner`).
    func get(instance: ConfigValue?, owner: ConfigClass) throws -> ConfigValue {
        switch kind {
        case .staticMethod(let f): return f
        case .classMethod(let f):
            guard case .function(let fn) = f.kind else { return f }
            return ConfigValue(.function(ConfigFunction.bound(fn, to: ConfigValue(.object(owner)))))
        case .property(let getter, _, _):
            guard let instance else { return ConfigValue(.object(self)) }
            guard let getter else { throw ConfigError(.type, "unreadable attribute", pythonClass: "AttributeError") }
            return try getter.call([instance])
        }
    }

    /// `instance.name = value` for a property.
    func set(instance: ConfigValue, _ value: ConfigValue) throws {
        guard case .property(_, let setter, _) = kind, let setter else {
            throw ConfigError(.type, "can't set attribute (the property has no setter)", pythonClass: "AttributeError")
        }
        _ = try setter.call([instance, value])
    }

    override public var attributeNames: [String] {
        if case .property = kind { return ["setter", "getter", "deleter", "fget", "fset"] }
        return ["__func__"]
    }

    override public func attribute(_ name: String) throws -> ConfigValue? {
        switch (kind, name) {
        case (.staticMethod(let f), "__func__"), (.classMethod(let f), "__func__"): return f
        case (.property(let g, let s, let d), _):
            func derive(_ make: @escaping (ConfigValue) -> Kind) -> ConfigValue {
                ConfigValue(.function(ConfigFunction(name: name) { a, _ in
                    try Args.count(name, a, 1, 1)
                    return ConfigValue(.object(ConfigDescriptor(make(a[0]))))
                }))
            }
            switch name {
            case "setter": return derive { .property(getter: g, setter: $0, deleter: d) }
            case "getter": return derive { .property(getter: $0, setter: s, deleter: d) }
            case "deleter": return derive { .property(getter: g, setter: s, deleter: $0) }
            case "fget": return g ?? ConfigValue.none
            case "fset": return s ?? ConfigValue.none
            default: return nil
            }
        default: return nil
        }
    }

    override public var isCallable: Bool { if case .staticMethod = kind { return true } else { return false } }

    /// A `staticmethod` object is callable (Python 3.10+).
    override public func call(_ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> ConfigValue {
        guard case .staticMethod(let f) = kind else { return try super.call(args, kwargs) }
        return try f.call(args, kwargs)
    }

    override public func repr() throws -> String { "<\(typeName) object>" }
}
