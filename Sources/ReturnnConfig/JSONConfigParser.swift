/// Parses a JSON config (with `//` and `/* */` comments, as upstream's `json_remove_comments`)
/// into ordered `ConfigValue`s with locations. Like Python's `json`, it accepts `NaN`,
/// `Infinity` and `-Infinity`.
struct JSONConfigParser {
    private let s: [UInt8]
    private let file: String
    private var pos = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0

    /// Parses `text`; the top level must be an object.
    static func parse(_ text: String, file: String) throws -> ConfigValue {
        var p = JSONConfigParser(s: Array(text.utf8), file: file)
        p.skip()
        let v = try p.value()
        p.skip()
        if p.pos < p.s.count { throw p.err("extra data after the JSON value") }
        return v
    }

    private init(s: [UInt8], file: String) {
        self.s = s
        self.file = file
    }

    private var loc: SourceLocation { SourceLocation(file: file, line: line, column: pos - lineStart + 1) }
    private func err(_ m: String) -> ConfigError { ConfigError(.syntax, "JSON config: " + m, at: loc) }

    private mutating func skip() {
        while pos < s.count {
            let c = s[pos]
            if c == 10 { pos += 1; line += 1; lineStart = pos } else if c == 32 || c == 9 || c == 13 { pos += 1 } else if c == 47 && pos + 1 < s.count && s[pos + 1] == 47 {
                while pos < s.count && s[pos] != 10 { pos += 1 }
            } else if c == 47 && pos + 1 < s.count && s[pos + 1] == 42 {
                pos += 2
                while pos < s.count && !(s[pos] == 42 && pos + 1 < s.count && s[pos + 1] == 47) {
                    if s[pos] == 10 { line += 1; lineStart = pos + 1 }
                    pos += 1
                }
                pos = min(pos + 2, s.count)
            } else { return }
        }
    }

    private mutating func word(_ w: String) -> Bool {
        let b = Array(w.utf8)
        guard pos + b.count <= s.count, Array(s[pos..<(pos + b.count)]) == b else { return false }
        pos += b.count
        return true
    }

    private mutating func value() throws -> ConfigValue {
        let l = loc
        guard pos < s.count else { throw err("unexpected end of file") }
        let c = s[pos]
        switch c {
        case UInt8(ascii: "{"):
            depth += 1
            if depth > 200 { throw ConfigError(.limit, "JSON config nested too deeply (more than 200 levels)", at: l) }
            defer { depth -= 1 }
            pos += 1
            let d = ConfigDict()
            skip()
            if pos < s.count && s[pos] == UInt8(ascii: "}") { pos += 1; return ConfigValue(.dict(d), at: l) }
            while true {
                skip()
                guard pos < s.count, s[pos] == UInt8(ascii: "\"") else { throw err("expected a string key") }
                let k = try string()
                skip()
                guard pos < s.count, s[pos] == UInt8(ascii: ":") else { throw err("expected ':' after a key") }
                pos += 1
                skip()
                let v = try value()
                try d.set(k, v)
                skip()
                guard pos < s.count else { throw ConfigError(.syntax, "JSON config: '{' was never closed", at: l) }
                if s[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if s[pos] == UInt8(ascii: "}") { pos += 1; break }
                throw mismatch(opening: "{", at: l) ?? err("expected ',' or '}' in an object")
            }
            return ConfigValue(.dict(d), at: l)
        case UInt8(ascii: "["):
            depth += 1
            if depth > 200 { throw ConfigError(.limit, "JSON config nested too deeply (more than 200 levels)", at: l) }
            defer { depth -= 1 }
            pos += 1
            var items: [ConfigValue] = []
            skip()
            if pos < s.count && s[pos] == UInt8(ascii: "]") { pos += 1; return .list(items, at: l) }
            while true {
                skip()
                items.append(try value())
                skip()
                guard pos < s.count else { throw ConfigError(.syntax, "JSON config: '[' was never closed", at: l) }
                if s[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if s[pos] == UInt8(ascii: "]") { pos += 1; break }
                throw mismatch(opening: "[", at: l) ?? err("expected ',' or ']' in an array")
            }
            return .list(items, at: l)
        case UInt8(ascii: "\""):
            return try string()
        default:
            if word("true") { return .bool(true, at: l) }
            if word("false") { return .bool(false, at: l) }
            if word("null") { return ConfigValue(.none, at: l) }
            if word("NaN") { return .float(.nan, at: l) }
            if word("Infinity") { return .float(.infinity, at: l) }
            if word("-Infinity") { return .float(-.infinity, at: l) }
            return try number()
        }
    }

    /// The error for a closing bracket of the wrong kind at `pos` (nil if there is none there),
    /// worded as CPython's tokenizer does.
    private func mismatch(opening: Character, at open: SourceLocation) -> ConfigError? {
        guard s[pos] == UInt8(ascii: "]") || s[pos] == UInt8(ascii: "}") else { return nil }
        let onLine = open.line == line ? "" : " on line \(open.line)"
        return err("closing parenthesis '\(Character(Unicode.Scalar(s[pos])))' does not match opening parenthesis '\(opening)'\(onLine)")
    }

    private mutating func number() throws -> ConfigValue {
        let l = loc
        let start = pos
        var isFloat = false
        if pos < s.count && s[pos] == UInt8(ascii: "-") { pos += 1 }
        while pos < s.count {
            let c = s[pos]
            if c >= 48 && c <= 57 { pos += 1 } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                isFloat = true; pos += 1
            } else { break }
        }
        let text = String(decoding: s[start..<pos], as: UTF8.self)
        if text.isEmpty || text == "-" { throw err("unexpected character") }
        if !isFloat, let i = Int(text) { return .int(i, at: l) }
        guard let d = Double(text) else { throw ConfigError(.syntax, "JSON config: invalid number '\(text)'", at: l) }
        return .float(d, at: l)
    }

    private mutating func string() throws -> ConfigValue {
        let l = loc
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < s.count else { throw ConfigError(.syntax, "JSON config: unterminated string", at: l) }
            let c = s[pos]
            if c == UInt8(ascii: "\"") { pos += 1; break }
            if c == 10 { throw ConfigError(.syntax, "JSON config: newline inside a string", at: l) }
            if c == UInt8(ascii: "\\") {
                guard pos + 1 < s.count else { throw err("unterminated escape") }
                let e = s[pos + 1]
                pos += 2
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(e)
                case UInt8(ascii: "u"):
                    var v = try hex4()
                    if v >= 0xD800 && v < 0xDC00, pos + 1 < s.count, s[pos] == UInt8(ascii: "\\"), s[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        let lo = try hex4()
                        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(v) else { throw err("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw err("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
                }
                continue
            }
            out.append(c)
            pos += 1
        }
        return .str(String(decoding: out, as: UTF8.self), at: l)
    }

    private mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= s.count, let v = UInt32(String(decoding: s[pos..<(pos + 4)], as: UTF8.self), radix: 16) else { throw err("invalid \\u escape") }
        pos += 4
        return v
    }
}
