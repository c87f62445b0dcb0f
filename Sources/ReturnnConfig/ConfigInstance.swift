/// An instance of a `ConfigClass`: attributes in `__dict__`, behaviour from the class's methods,
/// including the special methods configs use (`__init__`, `__call__`, `__getitem__`, `__len__`,
/// `__iter__`, `__contains__`, `__eq__`, `__repr__`, `__str__`, arithmetic, `__enter__`/`__exit__`,
/// `__getattr__`). Exceptions are instances of classes derived from `BaseException`.
public final class ConfigInstance: PyObject {
    /// `type(self)`.
    public let cls: ConfigClass
    /// `self.__dict__`.
    public let dict = ConfigDict()

    /// Creates an instance without running `__init__`.
    public init(_ cls: ConfigClass) {
        self.cls = cls
        super.init()
    }

    private var selfValue: ConfigValue { ConfigValue(.object(self)) }

    /// The special method `name` bound to this instance, if the class (not `object`) defines it.
    func special(_ name: String) throws -> ConfigValue? {
        guard let (v, owner) = cls.lookup(name), !(owner.isBuiltin && owner.name == "object") else { return nil }
        return try ConfigClass.bind(v, to: selfValue, owner: cls)
    }

    /// Whether this is an exception (its class derives from `BaseException`).
    public var isException: Bool { cls.mro.contains { $0.isBuiltin && $0.name == "BaseException" } }

    /// The exception's `args` tuple (empty for non-exceptions).
    public var exceptionArgs: [ConfigValue] { dict.get("args")?.sequenceItems ?? [] }

    override public var typeName: String { cls.name }
    override public var pyClass: ConfigClass? { cls }
    override public func isInstance(of other: ConfigClass) -> Bool { cls.isSubclass(of: other) }

    override public var attributeNames: [String] { dict.keys.compactMap { $0.stringValue } + cls.attributeNames }

    override public func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "__class__": return ConfigValue(.object(cls))
        case "__dict__": return ConfigValue(.dict(dict))
        default: break
        }
        // Data descriptors (properties) win over the instance dict, as in Python.
        if let (v, _) = cls.lookup(name), case .object(let d as ConfigDescriptor) = v.kind, d.isDataDescriptor {
            return try d.get(instance: selfValue, owner: cls)
        }
        if let v = dict.get(name) { return v }
        if let (v, _) = cls.lookup(name) { return try ConfigClass.bind(v, to: selfValue, owner: cls) }
        if let getattr = try special("__getattr__") {
            do { return try getattr.call([.str(name)]) } catch let e as ConfigError where e.exceptionClassName == "AttributeError" {
                return nil
            }
        }
        return nil
    }

    override public func setAttribute(_ name: String, _ value: ConfigValue) throws {
        if let (v, _) = cls.lookup(name), case .object(let d as ConfigDescriptor) = v.kind, d.isDataDescriptor {
            try d.set(instance: selfValue, value)
            return
        }
        if name == "__class__" || name == "__dict__" { throw ConfigError(.unsupported, "assigning '\(name)' is not supported in configs") }
        dict.set(name, value)
    }

    override public func deleteAttribute(_ name: String) throws {
        guard try dict.remove(.str(name)) != nil else {
            throw ConfigError(.name, "'\(cls.name)' object has no attribute '\(name)'", pythonClass: "AttributeError")
        }
    }

    override public var isCallable: Bool { cls.lookup("__call__") != nil }

    override public func call(_ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> ConfigValue {
        guard let f = try special("__call__") else { throw ConfigError(.type, "'\(cls.name)' object is not callable") }
        return try f.call(args, kwargs)
    }

    override public func getItem(_ index: ConfigValue) throws -> ConfigValue {
        guard let f = try special("__getitem__") else { return try super.getItem(index) }
        return try f.call([index])
    }

    override public func setItem(_ index: ConfigValue, _ value: ConfigValue) throws {
        guard let f = try special("__setitem__") else { return try super.setItem(index, value) }
        _ = try f.call([index, value])
    }

    override public func deleteItem(_ index: ConfigValue) throws {
        guard let f = try special("__delitem__") else { return try super.deleteItem(index) }
        _ = try f.call([index])
    }

    override public func iterate() throws -> [ConfigValue]? {
        if let f = try special("__iter__") { return try Operators.iterate(try f.call()) }
        if let f = try special("__getitem__") {
            // The old sequence protocol: items 0, 1, ... until IndexError.
            var out: [ConfigValue] = []
            while true {
                do { out.append(try f.call([.int(out.count)])) } catch let e as ConfigError where e.exceptionClassName == "IndexError" {
                    return out
                }
                if out.count > Operators.maxSequenceLength { throw ConfigError(.limit, "iteration over '\(cls.name)' does not end") }
            }
        }
        return nil
    }

    override public func length() throws -> Int? {
        guard let f = try special("__len__") else { return nil }
        let n = try f.call()
        guard let i = n.intValue, i >= 0 else { throw ConfigError(.type, "'\(cls.name).__len__' must return a non-negative int") }
        return i
    }

    override public func contains(_ x: ConfigValue) throws -> Bool? {
        guard let f = try special("__contains__") else { return nil }
        return try f.call([x]).isTruthy
    }

    override public func isTruthy() throws -> Bool {
        if let f = try special("__bool__") { return try f.call().isTruthy }
        if let n = try length() { return n != 0 }
        return true
    }

    override public func repr() throws -> String {
        if let f = try special("__repr__") { return try ValueFormatting.str(try f.call()) }
        if isException {
            let args = exceptionArgs
            let inner = args.count == 1 ? ValueFormatting.repr(args[0]) : args.map { ValueFormatting.repr($0) }.joined(separator: ", ")
            return "\(cls.name)(\(inner))"
        }
        return "<\(cls.module).\(cls.name) object>"
    }

    override public func str() throws -> String {
        if let f = try special("__str__") { return try ValueFormatting.str(try f.call()) }
        if isException {
            let args = exceptionArgs
            if args.isEmpty { return "" }
            if args.count == 1 {
                return cls.isSubclass(ofBuiltin: "KeyError") ? ValueFormatting.repr(args[0]) : ValueFormatting.str(args[0])
            }
            return ValueFormatting.repr(ConfigValue(.tuple(args)))
        }
        if try special("__repr__") != nil { return try repr() }
        return try repr()
    }

    static let compareNames: [CompareOperator: String] = [
        .eq: "__eq__", .ne: "__ne__", .lt: "__lt__", .le: "__le__", .gt: "__gt__", .ge: "__ge__",
    ]

    override public func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        guard let name = Self.compareNames[op] else { return nil }
        if let f = try special(name) {
            let r = try f.call([other])
            if case .object(let o) = r.kind, o.typeName == "NotImplementedType" { return nil }
            return r
        }
        if op == .ne, let eq = try special("__eq__") { return .bool(!(try eq.call([other]).isTruthy)) }
        return nil
    }

    override public func hashKey() throws -> ConfigHashKey {
        if let f = try special("__hash__") {
            guard let h = try f.call().intValue else { throw ConfigError(.type, "__hash__ method should return an integer") }
            return .int(h)
        }
        return .object(ObjectIdentifier(self))
    }

    static let binaryNames: [BinaryOperator: String] = [
        .add: "add", .sub: "sub", .mul: "mul", .div: "truediv", .floorDiv: "floordiv", .mod: "mod", .pow: "pow",
        .lshift: "lshift", .rshift: "rshift", .bitAnd: "and", .bitOr: "or", .bitXor: "xor", .matMul: "matmul",
    ]

    override public func binary(_ op: BinaryOperator, _ other: ConfigValue, reflected: Bool) throws -> ConfigValue? {
        guard let base = Self.binaryNames[op], let f = try special(reflected ? "__r\(base)__" : "__\(base)__") else { return nil }
        let r = try f.call([other])
        if case .object(let o) = r.kind, o.typeName == "NotImplementedType" { return nil }
        return r
    }

    override public func unary(_ op: UnaryOperator) throws -> ConfigValue? {
        let name: String
        switch op {
        case .neg: name = "__neg__"
        case .pos: name = "__pos__"
        case .invert: name = "__invert__"
        case .not: return nil
        }
        return try special(name)?.call()
    }

    override public func enter() throws -> ConfigValue? {
        guard let f = try special("__enter__") else { return nil }
        return try f.call()
    }

    override public func exit(_ error: ConfigValue?) throws -> Bool {
        guard let f = try special("__exit__") else { return false }
        let args: [ConfigValue]
        if let error, case .object(let o) = error.kind, let c = o.pyClass {
            args = [ConfigValue(.object(c)), error, .none]
        } else {
            args = [.none, .none, .none]
        }
        return try f.call(args).isTruthy
    }
}

extension ConfigClass {
    /// Whether the class derives from the built-in class `name`.
    func isSubclass(ofBuiltin name: String) -> Bool { mro.contains { $0.isBuiltin && $0.name == name } }
}
