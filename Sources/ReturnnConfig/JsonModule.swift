import Foundation

/// The `json` module of the config sandbox: `loads`, `load` (from a file `open()` returned),
/// `dumps`, `dump` (to `sys.stdout`/`sys.stderr` only: a config writes no file) and
/// `JSONDecodeError` (a `ValueError`). Parsing is `JSONConfigParser`'s, writing `JsonEncoder`'s;
/// both follow Python's `json` (key order kept, ints and floats apart, `NaN`/`Infinity`).
///
/// ```python
/// import json
/// with open("vocab_sizes.json") as f:
///     sizes = json.load(f)
/// extra = json.loads('{"dropout": 0.1}')
/// ```
enum JsonModule {
    /// The module object.
    static func module(_ rt: ConfigRuntime) -> ConfigValue {
        let fn = NativeModules.fn
        var attrs: [(String, ConfigValue)] = [
            ("loads", fn("loads") { a, kw in
                let p = try BoundArguments("loads", a, kw, ["s", "*"] + ignoredDecoderOptions, required: 1)
                try refuseHooks(p, "loads")
                return try loads(p["s"]!)
            }),
            ("load", fn("load") { a, kw in
                let p = try BoundArguments("load", a, kw, ["fp", "*"] + ignoredDecoderOptions, required: 1)
                try refuseHooks(p, "load")
                let text = try rt.call(try rt.getAttribute(p["fp"]!, "read"), [], [], at: .builtin)
                return try loads(text)
            }),
            ("dumps", fn("dumps") { a, kw in
                let p = try BoundArguments("dumps", a, kw, ["obj", "*"] + encoderOptions, required: 1)
                return .str(try JsonEncoder(p, rt).encode(p["obj"]!))
            }),
            ("dump", fn("dump") { a, kw in
                let p = try BoundArguments("dump", a, kw, ["obj", "fp", "*"] + encoderOptions, required: 2)
                guard case .object(let out as OutputStream) = p["fp"]!.kind else {
                    throw ConfigError(.unsupported, "json.dump(obj, fp): a config can write no file; json.dump writes only to sys.stdout or sys.stderr (use json.dumps for a string)", pythonClass: "PermissionError")
                }
                try out.write(try JsonEncoder(p, rt).encode(p["obj"]!))
                return .none
            }),
        ]
        if let e = rt.classes.exceptions["JSONDecodeError"] { attrs.append(("JSONDecodeError", ConfigValue(.object(e)))) }
        return ConfigValue(.module(ConfigModule(name: "json", attributes: attrs)))
    }

    private static let ignoredDecoderOptions = ["cls", "object_hook", "parse_float", "parse_int", "parse_constant", "object_pairs_hook"]
    /// The keyword arguments of `json.dumps` and `json.dump` after the positional ones.
    static let encoderOptions = ["skipkeys", "ensure_ascii", "check_circular", "allow_nan", "cls", "indent", "separators", "default", "sort_keys"]

    private static func refuseHooks(_ p: BoundArguments, _ function: String) throws {
        for k in ignoredDecoderOptions where p.value(k) != nil {
            if k == "object_pairs_hook", case .function(let f)? = p.value(k)?.kind, f.typeTag == "dict" { continue }
            throw ConfigError(.unsupported, "json.\(function)(\(k)=...) is not supported in configs")
        }
    }

    /// `json.loads(s)` for a str or UTF-8 bytes.
    static func loads(_ v: ConfigValue) throws -> ConfigValue {
        switch v.kind {
        case .str(let s): return try JSONConfigParser.loads(s)
        case .bytes(let b):
            guard let s = String(validating: b, as: UTF8.self) else { throw ConfigError(.value, "json.loads(): bytes are not valid UTF-8", pythonClass: "UnicodeDecodeError") }
            return try JSONConfigParser.loads(s)
        default:
            throw ConfigError(.type, "the JSON object must be str, bytes or bytearray, not \(v.typeName)")
        }
    }
}

/// Python's `json.dumps` writer: `indent` (a number of spaces or a string), `separators`,
/// `sort_keys`, `ensure_ascii` (default True: non-ASCII as `\uXXXX`), `allow_nan`, `skipkeys`,
/// `default` (called for values JSON has no type for).
struct JsonEncoder {
    private var indent: String?
    private var itemSeparator = ", "
    private var keySeparator = ": "
    private var sortKeys = false
    private var ensureASCII = true
    private var allowNaN = true
    private var skipKeys = false
    private var defaultFunction: ConfigValue?
    private let rt: ConfigRuntime

    /// The writer for `json.dumps`'s keyword arguments.
    init(_ p: BoundArguments, _ rt: ConfigRuntime) throws {
        self.rt = rt
        if let i = p.value("indent") {
            if let n = i.intValue { indent = String(repeating: " ", count: Swift.max(0, n)) } else { indent = try p.str("indent") }
            itemSeparator = ","
        }
        if let s = p.value("separators") {
            let items = try Operators.iterate(s)
            guard items.count == 2, let a = items[0].stringValue, let b = items[1].stringValue else {
                throw ConfigError(.value, "separators must be an (item_separator, key_separator) tuple of str")
            }
            (itemSeparator, keySeparator) = (a, b)
        }
        sortKeys = p.bool("sort_keys", default: false)
        ensureASCII = p.bool("ensure_ascii", default: true)
        allowNaN = p.bool("allow_nan", default: true)
        skipKeys = p.bool("skipkeys", default: false)
        defaultFunction = p.value("default")
        if p.value("cls") != nil { throw ConfigError(.unsupported, "json.dumps(cls=...) is not supported in configs") }
    }

    /// The JSON text of `v`.
    func encode(_ v: ConfigValue) throws -> String {
        var out = ""
        var stack: [ObjectIdentifier] = []
        try write(v, level: 0, &out, &stack)
        return out
    }

    private func write(_ v: ConfigValue, level: Int, depth: Int = 0, _ out: inout String, _ stack: inout [ObjectIdentifier]) throws {
        switch v.kind {
        case .none: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let d): out += try float(d)
        case .str(let s): out += JsonEncoder.quote(s, ensureASCII: ensureASCII)
        case .list(let l): try container(ObjectIdentifier(l), "[", "]", l.items.map { (nil, $0) }, level, &out, &stack)
        case .tuple(let t): try container(nil, "[", "]", t.map { (nil, $0) }, level, &out, &stack)
        case .dict(let d):
            var entries: [(String?, ConfigValue)] = []
            var pairs = Array(zip(d.keys, d.values))
            if sortKeys {
                pairs = try pairs.sorted { try Operators.compare($0.0, $1.0) < 0 }
            }
            for (k, x) in pairs {
                guard let key = try key(k) else { continue }
                entries.append((key, x))
            }
            try container(ObjectIdentifier(d), "{", "}", entries, level, &out, &stack)
        default:
            guard let f = defaultFunction else {
                let hint = (v.objectValue as? NumpyArray) != nil ? " (convert a numpy array with .tolist())" : ""
                throw ConfigError(.type, "Object of type \(v.typeName) is not JSON serializable\(hint)")
            }
            guard depth < 200 else { throw ConfigError(.value, "Circular reference detected (json.dumps' default function keeps returning values it must be called on)") }
            try write(try rt.call(f, [v], [], at: .builtin), level: level, depth: depth + 1, &out, &stack)
        }
    }

    private func key(_ k: ConfigValue) throws -> String? {
        switch k.kind {
        case .str(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return try float(d)
        case .none: return "null"
        default:
            if skipKeys { return nil }
            throw ConfigError(.type, "keys must be str, int, float, bool or None, not \(k.typeName)")
        }
    }

    private func float(_ d: Double) throws -> String {
        if d.isFinite { return ValueFormatting.floatRepr(d) }
        guard allowNaN else { throw ConfigError(.value, "Out of range float values are not JSON compliant") }
        return d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity")
    }

    private func container(_ id: ObjectIdentifier?, _ open: String, _ close: String, _ items: [(String?, ConfigValue)],
                           _ level: Int, _ out: inout String, _ stack: inout [ObjectIdentifier]) throws
    {
        if items.isEmpty { out += open + close; return }
        if let id {
            if stack.contains(id) { throw ConfigError(.value, "Circular reference detected") }
            stack.append(id)
        }
        defer { if id != nil { stack.removeLast() } }
        guard stack.count < 200 else { throw ConfigError(.limit, "json.dumps of a value nested more than 200 levels deep") }
        let newline = indent.map { "\n" + String(repeating: $0, count: level + 1) } ?? ""
        out += open + newline
        for (i, (k, x)) in items.enumerated() {
            if i > 0 { out += itemSeparator + newline }
            if let k { out += JsonEncoder.quote(k, ensureASCII: ensureASCII) + keySeparator }
            try write(x, level: level + 1, &out, &stack)
        }
        out += indent.map { "\n" + String(repeating: $0, count: level) } ?? ""
        out += close
    }

    /// A JSON string literal as Python writes it (`ensureASCII`: everything outside printable
    /// ASCII as `\uXXXX`, surrogate pairs above U+FFFF).
    static func quote(_ s: String, ensureASCII: Bool) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 || (ensureASCII && u.value >= 0x7F) {
                    for unit in String(u).utf16 { out += String(format: "\\u%04x", unit) }
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
