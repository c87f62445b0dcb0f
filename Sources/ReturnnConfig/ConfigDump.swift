import Foundation

/// The fully evaluated config as JSON (`returnn --dump-config`): typed keys first (in the order
/// they were set, without `config`, modules and `__dunder__` names), then untyped keys as lists
/// of strings. Functions and modules appear as strings like `"<function get_network>"`; float
/// infinities/NaN as Python's `json` writes them (`Infinity`, `NaN`).
public enum ConfigDump {
    /// JSON text of the config, pretty-printed with 2-space indentation, keys in order.
    public static func json(_ config: Config) -> String {
        var out = "{"
        var first = true
        func add(_ key: String, _ body: String) {
            out += (first ? "\n" : ",\n") + "  " + quote(key) + ": " + body
            first = false
        }
        for (k, v) in config.typed.entries {
            if k.hasPrefix("__") && k.hasSuffix("__") { continue }
            if case .module = v.kind { continue }
            add(k, json(v, indent: 1))
        }
        for k in config.untypedOrder where !config.typed.contains(k) {
            add(k, "[" + (config.untyped[k] ?? []).map(quote).joined(separator: ", ") + "]")
        }
        return out + (first ? "}" : "\n}")
    }

    /// JSON text of one value.
    public static func json(_ v: ConfigValue, indent: Int = 0, depth: Int = 0) -> String {
        if depth > 200 { return quote("...") }
        let pad = String(repeating: "  ", count: indent + 1)
        let end = String(repeating: "  ", count: indent)
        switch v.kind {
        case .none: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
            return ValueFormatting.floatRepr(d)
        case .str(let s): return quote(s)
        case .bytes(let b): return quote(ValueFormatting.bytesRepr(b))
        case .list, .tuple, .set:
            let items: [ConfigValue]
            if case .set(let s) = v.kind { items = s.items } else { items = v.sequenceItems! }
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + json($0, indent: indent + 1, depth: depth + 1) }.joined(separator: ",\n") + "\n" + end + "]"
        case .dict(let d):
            if d.count == 0 { return "{}" }
            return "{\n" + zip(d.keys, d.values).map { pad + quote(ValueFormatting.str($0.0)) + ": " + json($0.1, indent: indent + 1, depth: depth + 1) }.joined(separator: ",\n") + "\n" + end + "}"
        case .function(let f): return quote("<function \(f.name)>")
        case .module(let m): return quote("<module \(m.name)>")
        case .object(let o):
            if o.isSequence, let items = try? o.iterate() { return json(.list(items), indent: indent, depth: depth + 1) }
            return quote(ValueFormatting.repr(v))
        }
    }

    /// A JSON string literal (as Python's `json` writes it with `ensure_ascii=False`).
    public static func quote(_ s: String) -> String { JsonEncoder.quote(s, ensureASCII: false) }
}
