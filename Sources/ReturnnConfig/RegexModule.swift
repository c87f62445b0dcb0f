/// The `re` module of the config sandbox: `compile`, `match`, `fullmatch`, `search`, `sub`,
/// `subn`, `split`, `findall`, `finditer`, `escape`, `purge`, the flags `I`/`IGNORECASE`,
/// `M`/`MULTILINE`, `S`/`DOTALL`, `X`/`VERBOSE`, `U`/`UNICODE`, and `re.error`.
///
/// Patterns are matched by ICU (`NSRegularExpression`) after translating Python's syntax
/// (`RegexSyntax`). `finditer` returns a list of matches (Python: an iterator).
///
/// ```python
/// import re
/// num_layers = len([k for k in network if re.fullmatch(r"lstm\d+_fw", k)])
/// ```
enum RegexModule {
    /// The module object.
    static func module(_ rt: ConfigRuntime) -> ConfigValue {
        let fn = NativeModules.fn
        var attrs: [(String, ConfigValue)] = []
        let short = ["IGNORECASE": "I", "MULTILINE": "M", "DOTALL": "S", "UNICODE": "U", "VERBOSE": "X", "ASCII": "A"]
        for (name, value) in RegexPattern.flagNames where name != "LOCALE" {
            attrs.append((name, .int(value)))
            attrs.append((short[name]!, .int(value)))
        }
        attrs.append(("NOFLAG", .int(0)))
        if let e = rt.classes.exceptions["error"] { attrs.append(("error", ConfigValue(.object(e)))) }
        attrs.append(("Pattern", ConfigValue(.object(NamedType("Pattern")))))
        attrs.append(("Match", ConfigValue(.object(NamedType("Match")))))
        attrs.append(("compile", fn("compile") { a, kw in
            let p = try BoundArguments("compile", a, kw, ["pattern", "flags"], required: 1)
            return ConfigValue(.object(try RegexPattern.from(p["pattern"]!, flags: try p.int("flags") ?? 0, rt)))
        }))
        for name in ["match", "fullmatch", "search", "findall", "finditer"] {
            attrs.append((name, fn(name) { a, kw in
                let p = try BoundArguments(name, a, kw, ["pattern", "string", "flags"], required: 2)
                let pattern = try RegexPattern.from(p["pattern"]!, flags: try p.int("flags") ?? 0, rt)
                return try apply(name, pattern, try string(p["string"]!, name), pos: 0, endpos: nil)
            }))
        }
        for name in ["sub", "subn"] {
            attrs.append((name, fn(name) { a, kw in
                let p = try BoundArguments(name, a, kw, ["pattern", "repl", "string", "count", "flags"], required: 3)
                let pattern = try RegexPattern.from(p["pattern"]!, flags: try p.int("flags") ?? 0, rt)
                let (s, n) = try pattern.substitute(p["repl"]!, try string(p["string"]!, name), count: try p.int("count") ?? 0)
                return name == "sub" ? .str(s) : ConfigValue(.tuple([.str(s), .int(n)]))
            }))
        }
        attrs.append(("split", fn("split") { a, kw in
            let p = try BoundArguments("split", a, kw, ["pattern", "string", "maxsplit", "flags"], required: 2)
            let pattern = try RegexPattern.from(p["pattern"]!, flags: try p.int("flags") ?? 0, rt)
            return .list(pattern.split(try string(p["string"]!, "split"), maxsplit: try p.int("maxsplit") ?? 0))
        }))
        attrs.append(("escape", fn("escape") { a, kw in
            let p = try BoundArguments("escape", a, kw, ["pattern"], required: 1)
            return .str(escape(try string(p["pattern"]!, "escape")))
        }))
        attrs.append(("purge", fn("purge") { _, _ in .none }))
        return ConfigValue(.module(ConfigModule(name: "re", attributes: attrs)))
    }

    /// A str argument of a matching function.
    static func string(_ v: ConfigValue, _ function: String) throws -> String {
        guard let s = v.stringValue else { throw ConfigError(.type, "\(function)(): expected string, not '\(v.typeName)'") }
        return s
    }

    /// `match`, `fullmatch`, `search` (a match or None), `findall` (a list), `finditer` (a list
    /// of matches).
    static func apply(_ name: String, _ p: RegexPattern, _ s: String, pos: Int, endpos: Int?) throws -> ConfigValue {
        switch name {
        case "findall": return .list(p.findall(s, pos: pos, endpos: endpos))
        case "finditer": return .list(p.all(s, pos: pos, endpos: endpos).map { ConfigValue(.object($0)) })
        default:
            let mode: RegexPattern.Mode = name == "match" ? .match : (name == "fullmatch" ? .full : .search)
            return p.first(s, mode: mode, pos: pos, endpos: endpos).map { ConfigValue(.object($0)) } ?? .none
        }
    }

    /// `re.escape`: Python's special characters backslashed.
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\t": out += "\\\t"
            case "\n": out += "\\\n"
            case "\r": out += "\\\r"
            case "\u{0B}": out += "\\\u{0B}"
            case "\u{0C}": out += "\\\u{0C}"
            default:
                if "()[]{}?*+-|^$\\.&~# ".unicodeScalars.contains(u) { out += "\\" }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
