import Foundation

/// Python standard-library modules configs use, provided natively: `copy`, `functools`,
/// `collections`, `typing` (annotations only), `pprint`, `time`, `string`, `warnings`, `logging`,
/// and (each in its own type) `numpy`, `re`, `json`, `itertools`.
enum StdlibModules {
    /// The module names this table provides.
    static let names: Set<String> = ["copy", "functools", "collections", "typing", "pprint", "time", "string", "warnings", "logging",
                                     "numpy", "numpy.random", "re", "json", "itertools"]

    static func module(_ name: String, _ rt: ConfigRuntime) throws -> ConfigValue? {
        let fn = NativeModules.fn
        switch name {
        case "copy":
            return ConfigValue(.module(ConfigModule(name: name, attributes: [
                ("copy", fn("copy") { a, _ in try Args.count("copy", a, 1, 1); return try shallowCopy(a[0]) }),
                ("deepcopy", fn("deepcopy") { a, _ in try Args.count("deepcopy", a, 1, 2); return try a[0].deepCopied() }),
            ])))
        case "functools":
            return ConfigValue(.module(ConfigModule(name: name, attributes: [
                ("partial", fn("partial") { a, kw in
                    guard let f = a.first else { throw ConfigError(.type, "partial() needs a function") }
                    guard f.isCallable else { throw ConfigError(.type, "the first argument of partial() must be callable") }
                    let bound = Array(a.dropFirst())
                    return ConfigValue(.function(ConfigFunction(name: "partial") { a2, kw2 in
                        var merged = kw
                        for (k, v) in kw2 {
                            if let i = merged.firstIndex(where: { $0.0 == k }) { merged[i].1 = v } else { merged.append((k, v)) }
                        }
                        return try rt.call(f, bound + a2, merged, at: .builtin)
                    }))
                }),
                ("reduce", fn("reduce") { a, _ in
                    try Args.count("reduce", a, 2, 3)
                    var items = try Operators.iterate(a[1])[...]
                    guard var acc = a.count == 3 ? a[2] : items.popFirst() else {
                        throw ConfigError(.type, "reduce() of empty iterable with no initial value")
                    }
                    for x in items { acc = try rt.call(a[0], [acc, x], [], at: .builtin) }
                    return acc
                }),
                ("wraps", fn("wraps") { _, _ in fn("wraps") { a, _ in a.first ?? .none } }),
                ("lru_cache", fn("lru_cache") { a, _ in
                    // `@lru_cache` and `@lru_cache(maxsize=...)`: the function itself (configs are
                    // evaluated once; caching changes nothing observable).
                    if let f = a.first, f.isCallable { return f }
                    return fn("lru_cache") { b, _ in b.first ?? .none }
                }),
            ])))
        case "collections":
            return ConfigValue(.module(ConfigModule(name: name, attributes: [
                // Dicts keep insertion order: an OrderedDict is a dict.
                ("OrderedDict", rt.builtins["dict"]!),
                ("defaultdict", fn("defaultdict") { a, _ in
                    try Args.count("defaultdict", a, 0, 2)
                    return ConfigValue(.object(DefaultDict(factory: a.first ?? .none, initial: a.count == 2 ? a[1] : nil, rt)))
                }),
                ("Counter", fn("Counter") { a, _ in
                    let d = ConfigDict()
                    if let x = a.first {
                        for v in try Operators.iterate(x) { try d.set(v, .int((try d.get(v)?.intValue ?? 0) + 1)) }
                    }
                    return ConfigValue(.dict(d))
                }),
                ("namedtuple", fn("namedtuple") { a, _ in
                    try Args.count("namedtuple", a, 2, 2)
                    let typeName = try Args.str("namedtuple", a[0])
                    let fields: [String]
                    if let s = a[1].stringValue {
                        fields = s.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
                    } else {
                        fields = try Operators.iterate(a[1]).map { try Args.str("namedtuple", $0) }
                    }
                    return ConfigValue(.function(ConfigFunction(name: typeName) { b, kw in
                        var values = b
                        for f in fields.dropFirst(b.count) {
                            guard let v = kw.first(where: { $0.0 == f })?.1 else { throw ConfigError(.type, "\(typeName)() missing argument '\(f)'") }
                            values.append(v)
                        }
                        guard values.count == fields.count else { throw ConfigError(.type, "\(typeName)() takes \(fields.count) arguments") }
                        return ConfigValue(.object(StructSequence(typeName: typeName, fields: fields, values: values)))
                    }))
                }),
            ])))
        case "typing":
            // Annotations are not evaluated in configs; names used at run time (`Optional[int]`,
            // `cast(T, x)`) are harmless placeholders.
            let names = ["Any", "Dict", "List", "Tuple", "Optional", "Union", "Callable", "Set", "Sequence", "Iterable",
                         "Iterator", "Type", "TypeVar", "Mapping", "Generic", "NamedTuple", "Literal", "Protocol", "TYPE_CHECKING", "cast"]
            return ConfigValue(.module(ConfigModule(name: name, attributeNames: names) { attr in
                switch attr {
                case "TYPE_CHECKING": return .bool(false)
                case "cast": return fn("cast") { a, _ in try Args.count("cast", a, 2, 2); return a[1] }
                case "TypeVar": return fn("TypeVar") { a, _ in ConfigValue(.object(TypingAlias(a.first?.stringValue ?? "T"))) }
                default: return names.contains(attr) ? ConfigValue(.object(TypingAlias(attr))) : nil
                }
            }))
        case "pprint":
            return ConfigValue(.module(ConfigModule(name: name, attributes: [
                ("pprint", fn("pprint") { a, _ in
                    try Args.count("pprint", a, 1, 1)
                    rt.environment.output(ValueFormatting.repr(a[0]))
                    return .none
                }),
                ("pformat", fn("pformat") { a, _ in try Args.count("pformat", a, 1, 1); return .str(ValueFormatting.repr(a[0])) }),
            ])))
        case "time":
            return ConfigValue(.module(ConfigModule(name: name, attributes: [
                ("time", fn("time") { _, _ in .float(Date().timeIntervalSince1970) }),
                ("strftime", fn("strftime") { a, _ in
                    try Args.count("strftime", a, 1, 2)
                    return .str(strftime(try Args.str("strftime", a[0])))
                }),
            ])))
        case "string":
            return ConfigValue(.module(ConfigModule(name: name, attributes: [
                ("ascii_lowercase", .str("abcdefghijklmnopqrstuvwxyz")), ("ascii_uppercase", .str("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
                ("ascii_letters", .str("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")), ("digits", .str("0123456789")),
                ("punctuation", .str("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")),
            ])))
        case "warnings":
            return ConfigValue(.module(ConfigModule(name: name, attributes: [
                ("warn", fn("warn") { a, _ in
                    rt.environment.errorOutput("warning: " + (a.first.map { ValueFormatting.str($0) } ?? "") + "\n")
                    return .none
                }),
                ("filterwarnings", fn("filterwarnings") { _, _ in .none }),
                ("simplefilter", fn("simplefilter") { _, _ in .none }),
            ])))
        case "logging":
            // Logging calls in configs are accepted and print nothing (RETURNN's log is set up by the engine).
            return ConfigValue(.module(ConfigModule(name: name, attributeNames: ["getLogger", "basicConfig", "DEBUG", "INFO", "WARNING", "ERROR"]) { attr in
                switch attr {
                case "DEBUG": return .int(10)
                case "INFO": return .int(20)
                case "WARNING": return .int(30)
                case "ERROR": return .int(40)
                case "basicConfig": return fn(attr) { _, _ in .none }
                case "getLogger": return fn(attr) { _, _ in ConfigValue(.object(SilentLogger())) }
                default: return nil
                }
            }))
        case "numpy": return NumpyModule.module(rt)
        case "numpy.random": return NumpyModule.random()
        case "re": return RegexModule.module(rt)
        case "json": return JsonModule.module(rt)
        case "itertools": return ItertoolsModule.module(rt)
        default:
            return nil
        }
    }

    static func strftime(_ format: String) -> String {
        var t = time(nil)
        var tmValue = tm()
        localtime_r(&t, &tmValue)
        var buf = [CChar](repeating: 0, count: 256)
        let n = Foundation.strftime(&buf, buf.count, format, &tmValue)
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `copy.copy`.
    static func shallowCopy(_ v: ConfigValue) throws -> ConfigValue {
        switch v.kind {
        case .list(let l): return .list(l.items, at: v.location)
        case .dict(let d): return ConfigValue(.dict(d.copy()), at: v.location)
        case .set(let s): return ConfigValue(.set(s.copy()), at: v.location)
        case .object(let o as ConfigInstance):
            let c = ConfigInstance(o.cls)
            for (k, x) in zip(o.dict.keys, o.dict.values) { try c.dict.set(k, x) }
            return ConfigValue(.object(c), at: v.location)
        default: return v
        }
    }

}

extension ConfigValue {
    /// Python's `copy.deepcopy`: lists, dicts, sets, tuples and instances copied recursively,
    /// shared references kept shared (as Python's memo), everything else (functions, classes,
    /// modules) kept as it is.
    public func deepCopied() throws -> ConfigValue {
        let v = self
        var memo: [ObjectIdentifier: ConfigValue] = [:]
        func copy(_ v: ConfigValue, _ depth: Int) throws -> ConfigValue {
            if depth > 500 { throw ConfigError(.limit, "deepcopy of a value nested more than 500 levels deep") }
            switch v.kind {
            case .list(let l):
                if let m = memo[ObjectIdentifier(l)] { return m }
                let n = ConfigList()
                let r = ConfigValue(.list(n), at: v.location)
                memo[ObjectIdentifier(l)] = r
                n.items = try l.items.map { try copy($0, depth + 1) }
                return r
            case .dict(let d):
                if let m = memo[ObjectIdentifier(d)] { return m }
                let n = ConfigDict()
                let r = ConfigValue(.dict(n), at: v.location)
                memo[ObjectIdentifier(d)] = r
                for (k, x) in zip(d.keys, d.values) { try n.set(k, try copy(x, depth + 1)) }
                return r
            case .set(let s):
                if let m = memo[ObjectIdentifier(s)] { return m }
                let r = ConfigValue(.set(s.copy()), at: v.location)
                memo[ObjectIdentifier(s)] = r
                return r
            case .tuple(let t):
                return ConfigValue(.tuple(try t.map { try copy($0, depth + 1) }), at: v.location)
            case .object(let o as ConfigInstance):
                if let m = memo[ObjectIdentifier(o)] { return m }
                let n = ConfigInstance(o.cls)
                let r = ConfigValue(.object(n), at: v.location)
                memo[ObjectIdentifier(o)] = r
                for (k, x) in zip(o.dict.keys, o.dict.values) { try n.dict.set(k, try copy(x, depth + 1)) }
                return r
            default:
                return v
            }
        }
        return try copy(v, 0)
    }
}

/// `collections.defaultdict(factory)`: a missing key gets `factory()`.
final class DefaultDict: PyObject {
    let dict = ConfigDict()
    let factory: ConfigValue
    let rt: ConfigRuntime
    init(factory: ConfigValue, initial: ConfigValue?, _ rt: ConfigRuntime) {
        self.factory = factory
        self.rt = rt
        if case .dict(let d)? = initial?.kind { for (k, v) in zip(d.keys, d.values) { try? dict.set(k, v) } }
    }
    override var typeName: String { "defaultdict" }
    override func getItem(_ index: ConfigValue) throws -> ConfigValue {
        if let v = try dict.get(index) { return v }
        guard !factory.isNone else { throw ConfigError(.key, "KeyError: \(index.repr)") }
        let v = try rt.call(factory, [], [], at: .builtin)
        try dict.set(index, v)
        return v
    }
    override func setItem(_ index: ConfigValue, _ value: ConfigValue) throws { try dict.set(index, value) }
    override func deleteItem(_ index: ConfigValue) throws { try Operators.delItem(ConfigValue(.dict(dict)), index) }
    override func iterate() throws -> [ConfigValue]? { dict.keys }
    override func length() throws -> Int? { dict.count }
    override func contains(_ x: ConfigValue) throws -> Bool? { try dict.get(x) != nil }
    override var attributeNames: [String] { ["get", "keys", "values", "items", "pop", "setdefault", "update", "copy"] }
    override func attribute(_ name: String) throws -> ConfigValue? {
        Methods.dictMethod(dict, name).map { ConfigValue(.function($0)) }
    }
    override func repr() throws -> String { "defaultdict(\(ValueFormatting.repr(factory)), \(ValueFormatting.repr(ConfigValue(.dict(dict)))))" }
}

/// A `typing` name (`Optional`, `Dict[str, Any]`): subscriptable, combinable with `|`, inert.
final class TypingAlias: PyObject {
    let name: String
    init(_ name: String) { self.name = name }
    override var typeName: String { "_GenericAlias" }
    override func getItem(_ index: ConfigValue) throws -> ConfigValue { ConfigValue(.object(self)) }
    override func binary(_ op: BinaryOperator, _ other: ConfigValue, reflected: Bool) throws -> ConfigValue? {
        op == .bitOr ? ConfigValue(.object(self)) : nil
    }
    override var isCallable: Bool { true }
    override func call(_ args: [ConfigValue], _ kwargs: [(String, ConfigValue)]) throws -> ConfigValue { args.first ?? .none }
    override func repr() throws -> String { "typing." + name }
}

/// A `logging.getLogger()` result: every method accepts anything and does nothing.
final class SilentLogger: PyObject {
    override var typeName: String { "Logger" }
    override func attribute(_ name: String) throws -> ConfigValue? {
        ConfigValue(.function(ConfigFunction(name: name) { _, _ in .none }))
    }
}
