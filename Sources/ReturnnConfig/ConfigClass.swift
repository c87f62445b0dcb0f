/// A class of the config language: a `class` statement's result, or a built-in class (`object`,
/// the exception hierarchy, `subprocess.CalledProcessError`, ...).
///
/// Attributes live in `namespace`; lookups follow the method resolution order (C3, as Python).
/// Calling the class creates a `ConfigInstance` and runs `__init__`.
public final class ConfigClass: PyObject {
    /// `__name__`.
    public let name: String
    /// `__module__` (`__main__` for classes of the config itself, `builtins` for built-in ones).
    public let module: String
    /// Direct base classes.
    public let bases: [ConfigClass]
    /// Method resolution order, starting with the class itself.
    public private(set) var mro: [ConfigClass] = []
    /// Class attributes (str keys), including methods.
    public let namespace: ConfigDict
    /// Whether the class is built in (its attributes cannot be changed).
    public let isBuiltin: Bool
    /// Where the class statement is.
    public let location: SourceLocation
    /// For a stand-in of a class the sandbox does not provide (a base class such as
    /// `returnn.tf.layers.basic.LayerBase`): its full name. Such classes can be derived from, so
    /// that a config defining a custom TF layer evaluates, but nothing derived can be created.
    public let externalName: String?

    /// Creates a class; throws a `TypeError` when the bases allow no consistent MRO.
    public init(name: String, module: String, bases: [ConfigClass], namespace: ConfigDict, isBuiltin: Bool,
                location: SourceLocation = .builtin, externalName: String? = nil) throws
    {
        self.externalName = externalName
        self.name = name
        self.module = module
        self.bases = bases
        self.namespace = namespace
        self.isBuiltin = isBuiltin
        self.location = location
        super.init()
        mro = [self] + (try ConfigClass.merge(bases.map { $0.mro } + [bases]))
    }

    /// C3 linearisation of the bases' MROs.
    private static func merge(_ lists: [[ConfigClass]]) throws -> [ConfigClass] {
        var seqs = lists.filter { !$0.isEmpty }
        var out: [ConfigClass] = []
        while !seqs.isEmpty {
            guard let head = seqs.map({ $0[0] }).first(where: { h in !seqs.contains { $0.dropFirst().contains { $0 === h } } }) else {
                throw ConfigError(.type, "Cannot create a consistent method resolution order (MRO) for the bases")
            }
            out.append(head)
            seqs = seqs.map { $0[0] === head ? Array($0.dropFirst()) : $0 }.filter { !$0.isEmpty }
        }
        return out
    }

    /// Whether `self` is `other` or derives from it.
    public func isSubclass(of other: ConfigClass) -> Bool { mro.contains { $0 === other } }

    /// The attribute `name` as stored along the MRO (not bound), and the class it was found in.
    public func lookup(_ name: String) -> (ConfigValue, ConfigClass)? {
        for c in mro { if let v = c.namespace.get(name) { return (v, c) } }
        return nil
    }

    /// The first base-class-or-self in the MRO that is built in (e.g. `Exception` for a user
    /// exception class).
    public var builtinBase: ConfigClass? { mro.first { $0.isBuiltin } }

    override public var typeName: String { "type" }
    override public var pyClass: ConfigClass? { nil }

    override public var attributeNames: [String] {
        var seen: [String] = []
        for c in mro { for k in c.namespace.keys.compactMap({ $0.stringValue }) where !seen.contains(k) { seen.append(k) } }
        return seen
    }

    override public func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "__name__", "__qualname__": return .str(self.name)
        case "__module__": return .str(module)
        case "__bases__": return ConfigValue(.tuple(bases.map { ConfigValue(.object($0)) }))
        case "__mro__": return ConfigValue(.tuple(mro.map { ConfigValue(.object($0)) }))
        case "__dict__": return ConfigValue(.dict(namespace))
        case "__doc__": return namespace.get("__doc__") ?? ConfigValue.none
        default: break
        }
        guard let (v, _) = lookup(name) else { return nil }
        if case .object(let d as ConfigDescriptor) = v.kind { return try d.get(instance: nil, owner: self) }
        return v
    }

    override public func setAttribute(_ name: String, _ value: ConfigValue) throws {
        if isBuiltin { throw ConfigError(.type, "cannot set '\(name)' attribute of built-in type '\(self.name)'") }
        namespace.set(name, value)
    }

    override public func deleteAttribute(_ name: String) throws {
        if isBuiltin { throw ConfigError(.type, "cannot delete '\(name)' attribute of built-in type '\(self.name)'") }
        guard try namespace.remove(.str(name)) != nil else {
            throw ConfigError(.name, "type object '\(self.name)' has no attribute '\(name)'", pythonClass: "AttributeError")
        }
    }

    override public var isCallable: Bool { true }

    /// `Class(*args, **kwargs)`: a new instance, initialised by `__init__` along the MRO.
    override public func call(_ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> ConfigValue {
        if let external = mro.lazy.compactMap(\.externalName).first {
            throw ConfigError(.unsupported, "class '\(name)' derives from '\(external)', which the config sandbox does not provide (swift-returnn has no Python or TF at run time), so it cannot be created; use the built-in layer classes", pythonClass: "NotImplementedError")
        }
        let instance = ConfigInstance(self)
        let value = ConfigValue(.object(instance))
        if let (initializer, _) = lookup("__init__") {
            _ = try Self.bind(initializer, to: value, owner: self).call(args, kwargs)
        } else if !args.isEmpty || !kwargs.isEmpty {
            throw ConfigError(.type, "\(name)() takes no arguments")
        }
        return value
    }

    override public func repr() throws -> String {
        module == "builtins" ? "<class '\(name)'>" : "<class '\(module).\(name)'>"
    }

    override public func isInstance(of cls: ConfigClass) -> Bool { cls.name == "type" && cls.isBuiltin }

    /// A class attribute as seen through an instance of `owner`: functions become bound methods,
    /// descriptors (`staticmethod`, `classmethod`, `property`) apply.
    static func bind(_ v: ConfigValue, to instance: ConfigValue, owner: ConfigClass) throws -> ConfigValue {
        switch v.kind {
        case .function(let f) where f.bindsAsMethod:
            return ConfigValue(.function(ConfigFunction.bound(f, to: instance)), at: v.location)
        case .object(let d as ConfigDescriptor):
            return try d.get(instance: instance, owner: owner)
        default:
            return v
        }
    }
}
