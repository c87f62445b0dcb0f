import Foundation

/// A value of the config language (Python semantics), with the place it was created.
///
/// Lists, dicts and sets are reference types as in Python (`a = b` aliases, `.copy()` does not);
/// tuples and scalars are values. Functions defined in a config stay callable (`ConfigFunction`).
public struct ConfigValue: CustomStringConvertible {
    /// The value itself.
    public enum Kind {
        /// `None`.
        case none
        /// `True` / `False`.
        case bool(Bool)
        /// A 64-bit integer (overflow is an error).
        case int(Int)
        /// A float.
        case float(Double)
        /// A str.
        case str(String)
        /// A bytes object.
        case bytes([UInt8])
        /// A mutable list (shared reference).
        case list(ConfigList)
        /// An immutable tuple.
        case tuple([ConfigValue])
        /// A mutable, insertion-ordered dict (shared reference).
        case dict(ConfigDict)
        /// A mutable, insertion-ordered set (shared reference).
        case set(ConfigSet)
        /// A callable: a config `def`/`lambda`, a builtin, or a bound method.
        case function(ConfigFunction)
        /// A native module or object with attributes (`os`, `math`, the `config` object).
        case module(ConfigModule)
        /// An object: a class, an instance, an exception, a numpy array, a file (`PyObject`).
        case object(PyObject)
    }

    /// The value itself.
    public var kind: Kind
    /// Where this value was created (literal, expression, command line).
    public var location: SourceLocation

    /// Creates a value.
    public init(_ kind: Kind, at location: SourceLocation = .builtin) {
        self.kind = kind
        self.location = location
    }

    /// `None`.
    public static var none: ConfigValue { ConfigValue(.none) }

    /// A new list value.
    public static func list(_ items: [ConfigValue], at loc: SourceLocation = .builtin) -> ConfigValue {
        ConfigValue(.list(ConfigList(items)), at: loc)
    }

    /// A str value.
    public static func str(_ s: String, at loc: SourceLocation = .builtin) -> ConfigValue { ConfigValue(.str(s), at: loc) }
    /// An int value.
    public static func int(_ v: Int, at loc: SourceLocation = .builtin) -> ConfigValue { ConfigValue(.int(v), at: loc) }
    /// A float value.
    public static func float(_ v: Double, at loc: SourceLocation = .builtin) -> ConfigValue { ConfigValue(.float(v), at: loc) }
    /// A bool value.
    public static func bool(_ v: Bool, at loc: SourceLocation = .builtin) -> ConfigValue { ConfigValue(.bool(v), at: loc) }

    /// The same value with a different location.
    public func at(_ loc: SourceLocation) -> ConfigValue { ConfigValue(kind, at: loc) }

    /// Python's type name (`int`, `str`, `dict`, `function`, ...).
    public var typeName: String {
        switch kind {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str: return "str"
        case .bytes: return "bytes"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .set: return "set"
        case .function(let f): return f.isBuiltin ? "builtin_function_or_method" : "function"
        case .module(let m): return m.typeName
        case .object(let o): return o.typeName
        }
    }

    /// Python truthiness (`bool(v)`).
    public var isTruthy: Bool {
        switch kind {
        case .none: return false
        case .bool(let b): return b
        case .int(let v): return v != 0
        case .float(let v): return v != 0
        case .str(let s): return !s.isEmpty
        case .bytes(let b): return !b.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .dict(let d): return d.count > 0
        case .set(let s): return s.count > 0
        case .function, .module: return true
        case .object(let o): return (try? o.isTruthy()) ?? true
        }
    }

    /// Whether the value is `None`.
    public var isNone: Bool { if case .none = kind { return true } else { return false } }

    /// The str payload, if this is a str.
    public var stringValue: String? { if case .str(let s) = kind { return s } else { return nil } }
    /// The int payload (also for bool, as Python's `isinstance(True, int)`), if any.
    public var intValue: Int? {
        switch kind {
        case .int(let v): return v
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
    /// The numeric payload as Double (int, bool or float), if any.
    public var doubleValue: Double? {
        switch kind {
        case .int(let v): return Double(v)
        case .bool(let b): return b ? 1 : 0
        case .float(let v): return v
        default: return nil
        }
    }
    /// The bool payload, if this is a bool.
    public var boolValue: Bool? { if case .bool(let b) = kind { return b } else { return nil } }
    /// The elements of a list or tuple (or of an object that stands for a sequence, such as a
    /// numpy array), if this is one.
    public var sequenceItems: [ConfigValue]? {
        switch kind {
        case .list(let l): return l.items
        case .tuple(let t): return t
        case .object(let o) where o.isSequence: return try? o.iterate()
        default: return nil
        }
    }
    /// The dict, if this is one.
    public var dictValue: ConfigDict? { if case .dict(let d) = kind { return d } else { return nil } }
    /// The function, if this is one.
    public var functionValue: ConfigFunction? { if case .function(let f) = kind { return f } else { return nil } }
    /// The object, if this is one.
    public var objectValue: PyObject? { if case .object(let o) = kind { return o } else { return nil } }

    /// Whether the value can be called (a function, or a callable object such as a class).
    public var isCallable: Bool {
        switch kind {
        case .function: return true
        case .object(let o): return o.isCallable
        default: return false
        }
    }

    /// Calls a function or callable object.
    public func call(_ args: [ConfigValue] = [], _ kwargs: [(String, ConfigValue)] = []) throws -> ConfigValue {
        switch kind {
        case .function(let f): return try f.call(args, kwargs)
        case .object(let o) where o.isCallable: return try o.call(args, kwargs)
        default: throw ConfigError(.type, "'\(typeName)' object is not callable")
        }
    }

    /// Python `str(v)`.
    public var description: String { ValueFormatting.str(self) }
    /// Python `repr(v)`.
    public var repr: String { ValueFormatting.repr(self) }
}

/// A Python list: a shared, mutable array of values.
public final class ConfigList {
    /// The elements.
    public var items: [ConfigValue]
    /// Creates a list.
    public init(_ items: [ConfigValue] = []) { self.items = items }
}

/// Hashable identity of a dict key or set element under Python equality
/// (`1 == 1.0 == True`, tuples by content).
public enum ConfigHashKey: Hashable {
    /// `None`.
    case none
    /// An int, a bool, or an integral float.
    case int(Int)
    /// A non-integral float.
    case float(Double)
    /// A str.
    case str(String)
    /// A bytes object.
    case bytes([UInt8])
    /// A tuple, by content.
    case tuple([ConfigHashKey])
    /// A function or module, by identity.
    case object(ObjectIdentifier)

    /// The key of `v`, or a `type` error for unhashable values (list, dict, set).
    public init(_ v: ConfigValue) throws { try self.init(v, depth: 0) }

    private init(_ v: ConfigValue, depth: Int) throws {
        if depth > 200 { throw ConfigError(.limit, "dict key or set element nested more than 200 levels deep") }
        switch v.kind {
        case .none: self = .none
        case .bool(let b): self = .int(b ? 1 : 0)
        case .int(let i): self = .int(i)
        case .float(let d):
            if d.rounded() == d, abs(d) < 9.2e18 { self = .int(Int(d)) } else { self = .float(d) }
        case .str(let s): self = .str(s)
        case .bytes(let b): self = .bytes(b)
        case .tuple(let t): self = .tuple(try t.map { try ConfigHashKey($0, depth: depth + 1) })
        case .function(let f): self = .object(ObjectIdentifier(f))
        case .module(let m): self = .object(ObjectIdentifier(m))
        case .object(let o): self = try o.hashKey()
        case .list, .dict, .set:
            throw ConfigError(.type, "unhashable type: '\(v.typeName)' (lists, dicts and sets cannot be dict keys or set elements; use a tuple)")
        }
    }
}

/// A Python dict: shared, mutable, insertion ordered.
public final class ConfigDict {
    private var index: [ConfigHashKey: Int] = [:]
    /// Keys in insertion order.
    public private(set) var keys: [ConfigValue] = []
    /// Values, parallel to `keys`.
    public private(set) var values: [ConfigValue] = []

    /// Creates an empty dict.
    public init() {}

    /// Number of entries.
    public var count: Int { keys.count }

    /// The entries in insertion order.
    public var entries: [(key: ConfigValue, value: ConfigValue)] { Array(zip(keys, values)).map { (key: $0.0, value: $0.1) } }

    /// Looks up `key` (Python equality).
    public func get(_ key: ConfigValue) throws -> ConfigValue? {
        guard let i = index[try ConfigHashKey(key)] else { return nil }
        return values[i]
    }

    /// Looks up a str key.
    public func get(_ key: String) -> ConfigValue? {
        guard let i = index[.str(key)] else { return nil }
        return values[i]
    }

    /// The stored key equal to `key` (keeps its original location), if present.
    public func storedKey(_ key: String) -> ConfigValue? {
        guard let i = index[.str(key)] else { return nil }
        return keys[i]
    }

    /// Sets `key` to `value`; an existing key keeps its position.
    public func set(_ key: ConfigValue, _ value: ConfigValue) throws {
        let h = try ConfigHashKey(key)
        if let i = index[h] {
            values[i] = value
        } else {
            index[h] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    /// Sets a str key.
    public func set(_ key: String, _ value: ConfigValue) {
        try! set(ConfigValue(.str(key), at: value.location), value)
    }

    /// Removes `key`, returning its value if it was present.
    @discardableResult
    public func remove(_ key: ConfigValue) throws -> ConfigValue? {
        let h = try ConfigHashKey(key)
        guard let i = index[h] else { return nil }
        let v = values[i]
        keys.remove(at: i)
        values.remove(at: i)
        index = [:]
        for (j, k) in keys.enumerated() { index[try ConfigHashKey(k)] = j }
        return v
    }

    /// Removes everything.
    public func removeAll() {
        index = [:]
        keys = []
        values = []
    }

    /// A shallow copy.
    public func copy() -> ConfigDict {
        let d = ConfigDict()
        d.index = index
        d.keys = keys
        d.values = values
        return d
    }
}

/// A Python set: shared, mutable; iteration follows insertion order (deterministic).
public final class ConfigSet {
    private var index: [ConfigHashKey: Int] = [:]
    /// Elements in insertion order.
    public private(set) var items: [ConfigValue] = []

    /// Creates an empty set.
    public init() {}

    /// Number of elements.
    public var count: Int { items.count }

    /// Whether `v` is an element.
    public func contains(_ v: ConfigValue) throws -> Bool { index[try ConfigHashKey(v)] != nil }

    /// Adds `v` if not present.
    public func insert(_ v: ConfigValue) throws {
        let h = try ConfigHashKey(v)
        if index[h] == nil {
            index[h] = items.count
            items.append(v)
        }
    }

    /// Removes `v`; returns whether it was present.
    @discardableResult
    public func remove(_ v: ConfigValue) throws -> Bool {
        let h = try ConfigHashKey(v)
        guard let i = index[h] else { return false }
        items.remove(at: i)
        index = [:]
        for (j, k) in items.enumerated() { index[try ConfigHashKey(k)] = j }
        return true
    }

    /// A shallow copy.
    public func copy() -> ConfigSet {
        let s = ConfigSet()
        s.index = index
        s.items = items
        return s
    }
}

/// A callable value: a function or lambda defined in a config, a builtin, or a bound method.
///
/// The engine calls config functions (e.g. `get_network(epoch)`, a custom pretrain construction
/// algorithm) through `call`.
public final class ConfigFunction {
    /// The function's name (`<lambda>` for lambdas).
    public let name: String
    /// Whether it is implemented natively.
    public let isBuiltin: Bool
    /// For builtin types usable with `isinstance` (`int`, `str`, ...): the Python type name.
    public let typeTag: String?
    /// Where it was defined.
    public let location: SourceLocation
    /// Whether reading it from a class through an instance binds it to the instance (true for
    /// functions defined in a config and for native methods of built-in classes; false for
    /// builtins such as `len` stored as a class attribute, as in Python).
    public let bindsAsMethod: Bool
    /// For functions defined in a config: the definition and the class it belongs to.
    let userInfo: UserFunctionInfo?
    /// For bound methods: the instance (`__self__`) and the function (`__func__`).
    public private(set) var boundTo: (instance: ConfigValue, function: ConfigFunction)?
    private let body: ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue

    /// Creates a callable.
    public init(name: String, isBuiltin: Bool = true, typeTag: String? = nil, location: SourceLocation = .builtin,
                bindsAsMethod: Bool? = nil,
                _ body: @escaping ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue)
    {
        self.name = name
        self.isBuiltin = isBuiltin
        self.typeTag = typeTag
        self.location = location
        self.bindsAsMethod = bindsAsMethod ?? !isBuiltin
        self.userInfo = nil
        self.body = body
    }

    init(name: String, location: SourceLocation, userInfo: UserFunctionInfo,
         _ body: @escaping ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue)
    {
        self.name = name
        self.isBuiltin = false
        self.typeTag = nil
        self.location = location
        self.bindsAsMethod = true
        self.userInfo = userInfo
        self.body = body
    }

    /// `f` bound to `instance`: calling it passes `instance` first.
    public static func bound(_ f: ConfigFunction, to instance: ConfigValue) -> ConfigFunction {
        let m = ConfigFunction(name: f.name, isBuiltin: f.isBuiltin, location: f.location, bindsAsMethod: false) { a, kw in
            try f.call([instance] + a, kw)
        }
        m.boundTo = (instance, f)
        return m
    }

    /// Calls the function with positional and keyword arguments; config errors propagate as
    /// `ConfigError` with the location inside the config where they happened.
    public func call(_ args: [ConfigValue] = [], _ kwargs: [(String, ConfigValue)] = []) throws -> ConfigValue {
        try body(args, kwargs)
    }
}

/// What a function defined in a config knows about itself: its definition, and the class whose
/// body defined it (for `super()`), set when the class is created.
final class UserFunctionInfo {
    let definition: FunctionDefinition
    weak var ownerClass: ConfigClass?
    init(definition: FunctionDefinition) { self.definition = definition }
}

/// A native module or object with named attributes (`os`, `os.path`, `math`, `config`, a
/// config's helper module).
public final class ConfigModule {
    /// The module name (`os.path`).
    public let name: String
    /// Python type name shown in errors (`module`, `Config`).
    public let typeName: String
    private let names: () -> [String]
    private let lookup: (String) throws -> ConfigValue?

    /// Creates a module whose attributes come from `lookup`.
    public init(name: String, typeName: String = "module", attributeNames: [String], lookup: @escaping (String) throws -> ConfigValue?) {
        self.name = name
        self.typeName = typeName
        self.names = { attributeNames }
        self.lookup = lookup
    }

    /// Creates a module whose attribute names can change (a helper module's globals).
    public init(name: String, typeName: String = "module", names: @escaping () -> [String], lookup: @escaping (String) throws -> ConfigValue?) {
        self.name = name
        self.typeName = typeName
        self.names = names
        self.lookup = lookup
    }

    /// Creates a module with a fixed attribute table.
    public convenience init(name: String, typeName: String = "module", attributes: [(String, ConfigValue)]) {
        var table: [String: ConfigValue] = [:]
        for (k, v) in attributes { table[k] = v }
        self.init(name: name, typeName: typeName, attributeNames: attributes.map { $0.0 }) { table[$0] }
    }

    /// The attribute names, for error suggestions and dumps.
    public var attributeNames: [String] { names() }

    /// The attribute `name`, or nil if the module has none.
    public func attribute(_ name: String) throws -> ConfigValue? { try lookup(name) }
}
