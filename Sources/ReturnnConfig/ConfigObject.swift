/// The `config` object visible inside a Python config (upstream puts the `Config` instance into
/// the config's globals). Its methods read the store dynamically, so a config function sees
/// values set later (e.g. the final command-line overrides).
enum ConfigObject {
    static let methodNames = [
        "value", "typed_value", "opt_typed_value", "int", "bool", "bool_or_other", "float", "list", "int_list",
        "float_list", "int_pair", "has", "is_typed", "is_true", "set", "update",
    ]

    /// Binds Python-style arguments `names` (required first `required` of them) from args/kwargs.
    static func bind(_ method: String, _ a: [ConfigValue], _ kw: [(String, ConfigValue)], _ names: [String], required: Int) throws -> [ConfigValue?] {
        var out = [ConfigValue?](repeating: nil, count: names.count)
        if a.count > names.count { throw ConfigError(.type, "config.\(method)() takes at most \(names.count) arguments (\(a.count) given)") }
        for (i, v) in a.enumerated() { out[i] = v }
        for (k, v) in kw {
            guard let i = names.firstIndex(of: k) else { throw ConfigError(.type, "config.\(method)() got an unexpected keyword argument '\(k)'") }
            if out[i] != nil { throw ConfigError(.type, "config.\(method)() got multiple values for argument '\(k)'") }
            out[i] = v
        }
        for i in 0..<required where out[i] == nil {
            throw ConfigError(.type, "config.\(method)() missing required argument '\(names[i])'")
        }
        return out
    }

    static func key(_ method: String, _ v: ConfigValue?) throws -> String {
        guard let s = v?.stringValue else { throw ConfigError(.type, "config.\(method)(): the key must be a str") }
        return s
    }

    static func optIndex(_ method: String, _ v: ConfigValue?) throws -> Int? {
        guard let v, !v.isNone else { return nil }
        return try Args.int("config.\(method)", v)
    }

    /// Creates the object for `config`.
    static func make(_ c: Config) -> ConfigValue {
        let module = ConfigModule(name: "config", typeName: "Config", attributeNames: methodNames) { name in
            func m(_ body: @escaping ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue) -> ConfigValue {
                ConfigValue(.function(ConfigFunction(name: name, body)))
            }
            switch name {
            case "value":
                return m { a, kw in
                    let p = try bind(name, a, kw, ["key", "default", "index", "list_join_str"], required: 2)
                    let join = try p[3].map { try Args.str("config.value", $0) } ?? ","
                    return try c.pyValue(try key(name, p[0]), p[1]!, index: try optIndex(name, p[2]), listJoin: join)
                }
            case "typed_value", "opt_typed_value":
                return m { a, kw in
                    if name == "opt_typed_value" {
                        let p = try bind(name, a, kw, ["key", "default"], required: 1)
                        return try c.pyOptTypedValue(try key(name, p[0]), p[1] ?? .none)
                    }
                    let p = try bind(name, a, kw, ["key", "default", "index"], required: 1)
                    return try c.pyTypedValue(try key(name, p[0]), p[1] ?? .none, index: try optIndex(name, p[2]))
                }
            case "int", "bool", "float":
                return m { a, kw in
                    let p = try bind(name, a, kw, ["key", "default", "index"], required: 2)
                    let k = try key(name, p[0])
                    let idx = try optIndex(name, p[2]) ?? 0
                    switch name {
                    case "int": return try c.pyInt(k, p[1]!, index: idx)
                    case "bool": return try c.pyBool(k, p[1]!, index: idx)
                    default: return try c.pyFloat(k, p[1]!, index: idx)
                    }
                }
            case "bool_or_other":
                return m { a, kw in
                    let p = try bind(name, a, kw, ["key", "default", "index"], required: 1)
                    return try c.pyBoolOrOther(try key(name, p[0]), p[1] ?? .none, index: try optIndex(name, p[2]) ?? 0)
                }
            case "list", "int_list", "float_list":
                return m { a, kw in
                    let p = try bind(name, a, kw, ["key", "default"], required: 1)
                    let k = try key(name, p[0])
                    let def = try (p[1].flatMap { $0.isNone ? nil : $0 }).map { try Operators.iterate($0) }
                    switch name {
                    case "list": return .list(try c.pyList(k, def ?? []))
                    case "int_list":
                        if !c.isTyped(k), !c.has(k) { return .list(def ?? []) }
                        return .list(try c.intList(k).map { .int($0) })
                    default:
                        if !c.isTyped(k), !c.has(k) { return .list(def ?? []) }
                        return .list(try c.floatList(k).map { .float($0) })
                    }
                }
            case "int_pair":
                return m { a, kw in
                    let p = try bind(name, a, kw, ["key", "default"], required: 1)
                    let k = try key(name, p[0])
                    if !c.has(k), let d = p[1], !d.isNone { return d }
                    let (x, y) = try c.intPair(k)
                    return ConfigValue(.tuple([.int(x), .int(y)]))
                }
            case "has", "is_typed":
                return m { a, kw in
                    let p = try bind(name, a, kw, ["key"], required: 1)
                    let k = try key(name, p[0])
                    return .bool(name == "has" ? c.has(k) : c.isTyped(k))
                }
            case "is_true":
                return m { a, kw in
                    let p = try bind(name, a, kw, ["key", "default"], required: 1)
                    let k = try key(name, p[0])
                    if let v = c.typed[k] { return .bool(v.isTruthy) }
                    return try c.pyBool(k, p[1] ?? .bool(false))
                }
            case "set":
                return m { a, kw in
                    let p = try bind(name, a, kw, ["key", "value"], required: 2)
                    c.set(try key(name, p[0]), p[1]!)
                    return .none
                }
            case "update":
                return m { a, kw in
                    let p = try bind(name, a, kw, ["dikt"], required: 1)
                    guard case .dict(let d) = p[0]!.kind else { throw ConfigError(.type, "config.update() needs a dict") }
                    for (k, v) in zip(d.keys, d.values) { c.set(try key(name, k), v) }
                    return .none
                }
            default:
                return nil
            }
        }
        return ConfigValue(.module(module))
    }
}
