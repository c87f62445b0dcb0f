import Foundation

/// Python's `str()`, `repr()`, `format()` mini-language and `%` formatting over `ConfigValue`.
enum ValueFormatting {
    /// Python `str(v)`.
    static func str(_ v: ConfigValue) -> String {
        switch v.kind {
        case .str(let s): return s
        case .object(let o): return (try? o.str()) ?? "<\(o.typeName) object>"
        default: return repr(v)
        }
    }

    /// Python `repr(v)`; self-containing containers print `...` below a depth limit.
    static func repr(_ v: ConfigValue, depth: Int = 0) -> String {
        if depth > 100 { return "..." }
        switch v.kind {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return floatRepr(d)
        case .str(let s): return strRepr(s)
        case .bytes(let b): return bytesRepr(b)
        case .list(let l): return "[" + l.items.map { repr($0, depth: depth + 1) }.joined(separator: ", ") + "]"
        case .tuple(let t):
            if t.count == 1 { return "(" + repr(t[0], depth: depth + 1) + ",)" }
            return "(" + t.map { repr($0, depth: depth + 1) }.joined(separator: ", ") + ")"
        case .dict(let d):
            return "{" + zip(d.keys, d.values).map { repr($0.0, depth: depth + 1) + ": " + repr($0.1, depth: depth + 1) }.joined(separator: ", ") + "}"
        case .set(let s):
            if s.count == 0 { return "set()" }
            return "{" + s.items.map { repr($0, depth: depth + 1) }.joined(separator: ", ") + "}"
        case .function(let f):
            if let t = f.typeTag { return "<class '\(t)'>" }
            return f.isBuiltin ? "<built-in function \(f.name)>" : "<function \(f.name)>"
        case .module(let m): return m.typeName == "module" ? "<module '\(m.name)'>" : "<\(m.typeName) \(m.name)>"
        case .object(let o): return (try? o.repr()) ?? "<\(o.typeName) object>"
        }
    }

    /// Python's shortest round-trip float repr (`0.1`, `1e-16`, `100.0`, `inf`).
    static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var s = "\(d)"
        if let eIdx = s.firstIndex(of: "e") {
            // Swift writes 1e-05 / 1e+16 like Python; make sure the mantissa has no trailing ".0".
            var mant = String(s[s.startIndex..<eIdx])
            var exp = String(s[s.index(after: eIdx)...])
            if mant.hasSuffix(".0") { mant.removeLast(2) }
            let neg = exp.hasPrefix("-")
            if exp.hasPrefix("-") || exp.hasPrefix("+") { exp.removeFirst() }
            while exp.count < 2 { exp = "0" + exp }
            s = mant + "e" + (neg ? "-" : "+") + exp
            return s
        }
        // Python switches to exponent notation from 1e16 on; Swift does from 2^53.
        if abs(d) >= 1e16 {
            return String(format: "%.17g", d).contains("e") ? pyExpRepr(d) : s
        }
        return s
    }

    private static func pyExpRepr(_ d: Double) -> String {
        for p in 1...17 {
            let s = String(format: "%.\(p)e", d)
            if Double(s) == d {
                var parts = s.split(separator: "e").map(String.init)
                var mant = parts[0]
                if mant.contains(".") {
                    while mant.hasSuffix("0") { mant.removeLast() }
                    if mant.hasSuffix(".") { mant.removeLast() }
                }
                parts[0] = mant
                return parts.joined(separator: "e")
            }
        }
        return "\(d)"
    }

    /// Python repr of a str: single quotes unless the text has `'` and no `"`.
    static func strRepr(_ s: String) -> String {
        let q: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(q)
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(u) == q {
                    out += "\\" + String(q)
                } else if u.value < 0x20 || u.value == 0x7F {
                    out += String(format: "\\x%02x", u.value)
                } else if u.value >= 0x80 && u.value < 0xA0 {
                    out += String(format: "\\x%02x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out.append(q)
        return out
    }

    /// Python repr of bytes (`b'...'`).
    static func bytesRepr(_ b: [UInt8]) -> String {
        let q: Character = b.contains(39) && !b.contains(34) ? "\"" : "'"
        var out = "b" + String(q)
        for c in b {
            switch c {
            case 92: out += "\\\\"
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 9: out += "\\t"
            default:
                if Character(Unicode.Scalar(c)) == q { out += "\\" + String(q) } else if c < 0x20 || c >= 0x7F {
                    out += String(format: "\\x%02x", c)
                } else { out.append(Character(Unicode.Scalar(c))) }
            }
        }
        out.append(q)
        return out
    }

    /// Largest field width or precision accepted in format specs (a resource limit).
    static let maxWidth = 10_000

    static func checkWidth(_ w: Int) throws -> Int {
        if w > maxWidth { throw ConfigError(.limit, "format width or precision \(w) is larger than the config limit of \(maxWidth)") }
        return w
    }

    static func digitsValue(_ chars: inout [Character]) throws -> (Int, Bool) {
        var v = 0
        var any = false
        while let c = chars.first, let d = c.wholeNumberValue, c.isASCII {
            v = v * 10 + d
            any = true
            chars.removeFirst()
            if v > maxWidth { throw ConfigError(.limit, "format width or precision larger than the config limit of \(maxWidth)") }
        }
        return (v, any)
    }

    static func pad(_ s: String, width: Int, align: Character, fill: Character) -> String {
        let n = s.count
        if n >= width { return s }
        let missing = width - n
        switch align {
        case "<": return s + String(repeating: fill, count: missing)
        case "^":
            let left = missing / 2
            return String(repeating: fill, count: left) + s + String(repeating: fill, count: missing - left)
        case "=":
            // Padding goes after the sign and after a base prefix (`0x`, `0o`, `0b`).
            var head = ""
            var rest = Substring(s)
            if let f = rest.first, f == "-" || f == "+" || f == " " { head.append(f); rest = rest.dropFirst() }
            if rest.count >= 2, rest.first == "0", let p = rest.dropFirst().first, "xXoObB".contains(p) {
                head += rest.prefix(2)
                rest = rest.dropFirst(2)
            }
            return head + String(repeating: fill, count: missing) + rest
        default: return String(repeating: fill, count: missing) + s
        }
    }

    private static func groupThousands(_ digits: String, sep: Character) -> String {
        var intPart = digits
        var rest = ""
        if let dot = digits.firstIndex(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            intPart = String(digits[..<dot])
            rest = String(digits[dot...])
        }
        var out = ""
        for (k, ch) in intPart.reversed().enumerated() {
            if k > 0 && k % 3 == 0 { out.append(sep) }
            out.append(ch)
        }
        return String(out.reversed()) + rest
    }

    /// Python `format(v, spec)` (the format-spec mini-language).
    static func format(_ v: ConfigValue, spec: String) throws -> String {
        if spec.isEmpty { return str(v) }
        var chars = Array(spec)
        var fill: Character = " "
        var align: Character?
        if chars.count >= 2, "<>=^".contains(chars[1]) {
            fill = chars[0]; align = chars[1]; chars.removeFirst(2)
        } else if let c = chars.first, "<>=^".contains(c) {
            align = c; chars.removeFirst()
        }
        var sign: Character = "-"
        if let c = chars.first, "+- ".contains(c) { sign = c; chars.removeFirst() }
        var alternate = false
        if chars.first == "#" { alternate = true; chars.removeFirst() }
        if chars.first == "0" {
            if align == nil { align = "="; fill = "0" }
            chars.removeFirst()
        }
        let width = try digitsValue(&chars).0
        var grouping: Character?
        if let c = chars.first, c == "," || c == "_" { grouping = c; chars.removeFirst() }
        var precision: Int?
        if chars.first == "." {
            chars.removeFirst()
            let (p, any) = try digitsValue(&chars)
            guard any else { throw ConfigError(.value, "format specifier '\(spec)': missing precision after '.'") }
            precision = p
        }
        var type: Character?
        if let c = chars.first { type = c; chars.removeFirst() }
        guard chars.isEmpty else { throw ConfigError(.value, "invalid format specifier '\(spec)'") }

        var body: String
        var numeric = true
        switch v.kind {
        case .str(let s):
            guard type == nil || type == "s" else { throw ConfigError(.value, "unknown format code '\(type!)' for object of type 'str'") }
            body = precision.map { String(s.prefix($0)) } ?? s
            numeric = false
        case .int, .bool:
            if let t = type, "eEfFgG%".contains(t) { return try format(.float(v.doubleValue!), spec: spec) }
            let i = v.intValue!
            if case .bool(let b) = v.kind, type == nil { body = b ? "True" : "False"; numeric = false; break }
            let mag = i.magnitude
            var digits: String
            switch type {
            case nil, "d", "n": digits = String(mag)
            case "x": digits = (alternate ? "0x" : "") + String(mag, radix: 16)
            case "X": digits = (alternate ? "0X" : "") + String(mag, radix: 16).uppercased()
            case "o": digits = (alternate ? "0o" : "") + String(mag, radix: 8)
            case "b": digits = (alternate ? "0b" : "") + String(mag, radix: 2)
            case "c":
                guard let u = Unicode.Scalar(UInt32(truncatingIfNeeded: i)) else { throw ConfigError(.value, "%c arg not in range") }
                digits = String(Character(u)); numeric = false
            default: throw ConfigError(.value, "unknown format code '\(type!)' for object of type 'int'")
            }
            if let g = grouping { digits = groupThousands(digits, sep: g) }
            body = (i < 0 ? "-" : (sign == "+" ? "+" : (sign == " " ? " " : ""))) + digits
        case .float(let d):
            var t = type
            var p = precision
            var digits: String
            let mag = abs(d)
            if d.isNaN || d.isInfinite {
                digits = d.isNaN ? "nan" : "inf"
                if let tt = t, tt.isUppercase { digits = digits.uppercased() }
            } else {
                switch t {
                case nil where p == nil:
                    digits = floatRepr(mag)
                case "f", "F", "%":
                    let m = t == "%" ? mag * 100 : mag
                    digits = String(format: "%.\(p ?? 6)f", m) + (t == "%" ? "%" : "")
                    if alternate && (p ?? 6) == 0 { digits = digits.replacingOccurrences(of: "%", with: "") + "." + (t == "%" ? "%" : "") }
                case "e", "E":
                    digits = String(format: "%.\(p ?? 6)" + (t == "e" ? "e" : "E"), mag)
                default:
                    if t == nil { t = "g"; if p == nil { p = 12 } }
                    guard t == "g" || t == "G" || t == "n" else { throw ConfigError(.value, "unknown format code '\(t!)' for object of type 'float'") }
                    let pp = max(p ?? 6, 1)
                    digits = String(format: "%" + (alternate ? "#" : "") + ".\(pp)" + (t == "G" ? "G" : "g"), mag)
                    if type == nil && !digits.contains(".") && !digits.contains("e") && !digits.contains("inf") { digits += ".0" }
                }
            }
            if let g = grouping { digits = groupThousands(digits, sep: g) }
            let negative = d < 0 || (d == 0 && d.sign == .minus)
            body = (negative ? "-" : (sign == "+" ? "+" : (sign == " " ? " " : ""))) + digits
        default:
            guard type == nil || type == "s" else { throw ConfigError(.type, "unsupported format string passed to \(v.typeName).__format__") }
            body = str(v)
            if let p = precision { body = String(body.prefix(p)) }
            numeric = false
        }
        return pad(body, width: width, align: align ?? (numeric ? ">" : "<"), fill: fill)
    }

    /// Python `fmt % args` for str.
    static func percent(_ fmt: String, _ args: ConfigValue) throws -> String {
        let chars = Array(fmt)
        var out = ""
        var argList: [ConfigValue]
        var mapping: ConfigDict?
        switch args.kind {
        case .tuple(let t): argList = t
        case .dict(let d): argList = [args]; mapping = d
        default: argList = [args]
        }
        var argIndex = 0
        func nextArg() throws -> ConfigValue {
            guard argIndex < argList.count else { throw ConfigError(.type, "not enough arguments for format string") }
            defer { argIndex += 1 }
            return argList[argIndex]
        }
        var i = 0
        var usedMapping = false
        while i < chars.count {
            let c = chars[i]
            if c != "%" { out.append(c); i += 1; continue }
            i += 1
            guard i < chars.count else { throw ConfigError(.value, "incomplete format: '%' at the end of the format string") }
            var value: ConfigValue?
            if chars[i] == "(" {
                guard let m = mapping else { throw ConfigError(.type, "format requires a mapping") }
                var depth = 1
                var key = ""
                i += 1
                while i < chars.count {
                    if chars[i] == "(" { depth += 1 } else if chars[i] == ")" { depth -= 1; if depth == 0 { break } }
                    key.append(chars[i]); i += 1
                }
                guard i < chars.count else { throw ConfigError(.value, "incomplete format key") }
                i += 1
                guard let v = m.get(key) else { throw ConfigError(.key, "format key \(strRepr(key)) not found in the mapping") }
                value = v
                usedMapping = true
            }
            var flags = Set<Character>()
            while i < chars.count, "-+ #0".contains(chars[i]) { flags.insert(chars[i]); i += 1 }
            var width = 0
            if i < chars.count && chars[i] == "*" {
                guard let w = try nextArg().intValue else { throw ConfigError(.type, "* wants int") }
                width = try checkWidth(w.magnitude > UInt(maxWidth) ? maxWidth + 1 : abs(w)); i += 1
                if w < 0 { flags.insert("-") }
            } else {
                while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII { width = try checkWidth(width * 10 + d); i += 1 }
            }
            var precision: Int?
            if i < chars.count && chars[i] == "." {
                i += 1
                var p = 0
                if i < chars.count && chars[i] == "*" {
                    guard let w = try nextArg().intValue else { throw ConfigError(.type, "* wants int") }
                    p = try checkWidth(max(0, min(w, maxWidth + 1))); i += 1
                } else {
                    while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII { p = try checkWidth(p * 10 + d); i += 1 }
                }
                precision = p
            }
            while i < chars.count, "hlL".contains(chars[i]) { i += 1 }
            guard i < chars.count else { throw ConfigError(.value, "incomplete format") }
            let t = chars[i]
            i += 1
            if t == "%" { out.append("%"); continue }
            let v = try value ?? nextArg()
            var body: String
            var numeric = false
            switch t {
            case "s": body = str(v); if let p = precision { body = String(body.prefix(p)) }
            case "r", "a": body = repr(v); if let p = precision { body = String(body.prefix(p)) }
            case "d", "i", "u":
                numeric = true
                let n: Int
                if let iv = v.intValue { n = iv } else if case .float(let d) = v.kind {
                    guard d.isFinite, abs(d) < 9.2e18 else { throw ConfigError(.value, "cannot convert float \(floatRepr(d)) to integer") }
                    n = Int(d)
                } else { throw ConfigError(.type, "%\(t) format: a real number is required, not \(v.typeName)") }
                body = String(n.magnitude)
                if let p = precision, body.count < p { body = String(repeating: "0", count: p - body.count) + body }
                body = (n < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "") + body
            case "x", "X", "o":
                numeric = true
                guard let n = v.intValue else { throw ConfigError(.type, "%\(t) format: an integer is required, not \(v.typeName)") }
                var digits = String(n.magnitude, radix: t == "o" ? 8 : 16)
                if t == "X" { digits = digits.uppercased() }
                if flags.contains("#") { digits = (t == "o" ? "0o" : (t == "x" ? "0x" : "0X")) + digits }
                body = (n < 0 ? "-" : flags.contains("+") ? "+" : "") + digits
            case "e", "E", "f", "F", "g", "G":
                numeric = true
                guard let d = v.doubleValue else { throw ConfigError(.type, "must be real number, not \(v.typeName)") }
                var f = "%"
                if flags.contains("+") { f += "+" } else if flags.contains(" ") { f += " " }
                if flags.contains("#") { f += "#" }
                f += ".\(precision ?? 6)\(t)"
                if d.isNaN { body = t.isUppercase ? "NAN" : "nan" } else if d.isInfinite {
                    body = (d < 0 ? "-" : "") + (t.isUppercase ? "INF" : "inf")
                } else { body = String(format: f, d) }
            case "c":
                if let n = v.intValue, let u = Unicode.Scalar(UInt32(truncatingIfNeeded: n)) { body = String(Character(u)) } else if let s = v.stringValue, s.count == 1 {
                    body = s
                } else { throw ConfigError(.type, "%c requires int or char") }
            default:
                throw ConfigError(.value, "unsupported format character '\(t)' in '%' formatting")
            }
            if flags.contains("-") {
                body = pad(body, width: width, align: "<", fill: " ")
            } else if numeric && flags.contains("0") {
                body = pad(body, width: width, align: "=", fill: "0")
            } else {
                body = pad(body, width: width, align: ">", fill: " ")
            }
            out += body
        }
        if mapping == nil && argIndex < argList.count {
            throw ConfigError(.type, "not all arguments converted during string formatting")
        }
        _ = usedMapping
        return out
    }

    /// Python `fmt.format(*args, **kwargs)`.
    static func strFormat(_ fmt: String, args: [ConfigValue], kwargs: [(String, ConfigValue)],
                          getAttribute: (ConfigValue, String) throws -> ConfigValue,
                          getItem: (ConfigValue, ConfigValue) throws -> ConfigValue) throws -> String
    {
        let chars = Array(fmt)
        var out = ""
        var auto = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count && chars[i + 1] == "{" { out.append("{"); i += 2; continue }
                var field = ""
                var depth = 1
                i += 1
                while i < chars.count {
                    if chars[i] == "{" { depth += 1 } else if chars[i] == "}" { depth -= 1; if depth == 0 { break } }
                    field.append(chars[i]); i += 1
                }
                guard i < chars.count else { throw ConfigError(.value, "Single '{' encountered in format string") }
                i += 1
                var spec = ""
                var conv: Character?
                var name = field
                if let colon = field.firstIndex(of: ":") {
                    name = String(field[..<colon]); spec = String(field[field.index(after: colon)...])
                }
                if let bang = name.firstIndex(of: "!") {
                    let rest = name[name.index(after: bang)...]
                    guard rest.count == 1 else { throw ConfigError(.value, "invalid conversion in format field '\(field)'") }
                    conv = rest.first
                    name = String(name[..<bang])
                }
                if spec.contains("{") {
                    spec = try strFormat(spec, args: args, kwargs: kwargs, getAttribute: getAttribute, getItem: getItem)
                }
                // field name: first part, then .attr or [key]
                var head = ""
                var j = name.startIndex
                while j < name.endIndex && name[j] != "." && name[j] != "[" { head.append(name[j]); j = name.index(after: j) }
                var v: ConfigValue
                if head.isEmpty {
                    guard auto < args.count else { throw ConfigError(.key, "Replacement index \(auto) out of range for positional args tuple") }
                    v = args[auto]; auto += 1
                } else if let n = Int(head) {
                    guard n >= 0 && n < args.count else { throw ConfigError(.key, "Replacement index \(n) out of range for positional args tuple") }
                    v = args[n]
                } else {
                    guard let kv = kwargs.last(where: { $0.0 == head }) else { throw ConfigError(.key, "format: missing keyword argument \(strRepr(head))") }
                    v = kv.1
                }
                while j < name.endIndex {
                    if name[j] == "." {
                        j = name.index(after: j)
                        var attr = ""
                        while j < name.endIndex && name[j] != "." && name[j] != "[" { attr.append(name[j]); j = name.index(after: j) }
                        v = try getAttribute(v, attr)
                    } else {
                        j = name.index(after: j)
                        var key = ""
                        while j < name.endIndex && name[j] != "]" { key.append(name[j]); j = name.index(after: j) }
                        guard j < name.endIndex else { throw ConfigError(.value, "Missing ']' in format string") }
                        j = name.index(after: j)
                        v = try getItem(v, Int(key).map { ConfigValue.int($0) } ?? .str(key))
                    }
                }
                if conv == "r" || conv == "a" { v = .str(repr(v)) } else if conv == "s" { v = .str(str(v)) } else if conv != nil {
                    throw ConfigError(.value, "Unknown conversion specifier \(conv!)")
                }
                out += try format(v, spec: spec)
            } else if c == "}" {
                if i + 1 < chars.count && chars[i + 1] == "}" { out.append("}"); i += 2; continue }
                throw ConfigError(.value, "Single '}' encountered in format string")
            } else {
                out.append(c); i += 1
            }
        }
        return out
    }
}
