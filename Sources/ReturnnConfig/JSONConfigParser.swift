/// Parses JSON into ordered `ConfigValue`s, as Python's `json` module reads it (`NaN`,
/// `Infinity` and `-Infinity` accepted, control characters in strings refused, ints and floats
/// kept apart). Two uses:
/// - a JSON config (`parse`): `//` and `/* */` comments allowed, as upstream's
///   `json_remove_comments`; values carry their file, line and column; errors are located syntax
///   errors;
/// - `json.loads` in a config (`loads`): strict JSON; errors are `json.JSONDecodeError` (a
///   `ValueError`) with Python's message (`Expecting value: line 1 column 1 (char 0)`).
struct JSONConfigParser {
    private let s: [UInt8]
    private let file: String?
    private var pos = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0

    /// Parses a JSON config file's text.
    static func parse(_ text: String, file: String) throws -> ConfigValue {
        var p = JSONConfigParser(s: Array(text.utf8), file: file)
        return try p.document()
    }

    /// `json.loads(text)`.
    static func loads(_ text: String) throws -> ConfigValue {
        var p = JSONConfigParser(s: Array(text.utf8), file: nil)
        return try p.document()
    }

    private init(s: [UInt8], file: String?) {
        self.s = s
        self.file = file
    }

    private mutating func document() throws -> ConfigValue {
        skip()
        let v = try value()
        skip()
        if pos < s.count { throw err("Extra data") }
        return v
    }

    private var loc: SourceLocation { SourceLocation(file: file ?? "<json>", line: line, column: pos - lineStart + 1) }

    /// The error for `message` at byte offset `at` (default: the current position).
    private func err(_ message: String, at: Int? = nil) -> ConfigError {
        let p = at ?? pos
        // Python counts characters: UTF-8 continuation bytes do not count.
        let chars = s[..<p].filter { $0 & 0xC0 != 0x80 }.count
        let lastNewline = s[..<p].lastIndex(of: 10)
        let lineNo = s[..<p].filter { $0 == 10 }.count + 1
        let column = chars - (lastNewline.map { s[...$0].filter { $0 & 0xC0 != 0x80 }.count } ?? 0) + 1
        if let file {
            return ConfigError(.syntax, "JSON config: \(message)", at: SourceLocation(file: file, line: lineNo, column: column))
        }
        return ConfigError(.value, "\(message): line \(lineNo) column \(column) (char \(chars))", pythonClass: "JSONDecodeError")
    }

    private mutating func skip() {
        while pos < s.count {
            let c = s[pos]
            if c == 10 {
                pos += 1
                line += 1
                lineStart = pos
            } else if c == 32 || c == 9 || c == 13 {
                pos += 1
            } else if file != nil && c == 47 && pos + 1 < s.count && s[pos + 1] == 47 {
                while pos < s.count && s[pos] != 10 { pos += 1 }
            } else if file != nil && c == 47 && pos + 1 < s.count && s[pos + 1] == 42 {
                pos += 2
                while pos < s.count && !(s[pos] == 42 && pos + 1 < s.count && s[pos + 1] == 47) {
                    if s[pos] == 10 { line += 1; lineStart = pos + 1 }
                    pos += 1
                }
                pos = min(pos + 2, s.count)
            } else {
                return
            }
        }
    }

    private mutating func word(_ w: String) -> Bool {
        let b = Array(w.utf8)
        guard pos + b.count <= s.count, Array(s[pos..<(pos + b.count)]) == b else { return false }
        pos += b.count
        return true
    }

    private mutating func nest(_ l: SourceLocation) throws {
        depth += 1
        if depth > 200 { throw ConfigError(.limit, "JSON nested too deeply (more than 200 levels)", at: file == nil ? nil : l) }
    }

    private mutating func value() throws -> ConfigValue {
        let l = loc
        guard pos < s.count else { throw err("Expecting value") }
        switch s[pos] {
        case UInt8(ascii: "{"):
            try nest(l)
            defer { depth -= 1 }
            pos += 1
            let d = ConfigDict()
            skip()
            if pos < s.count && s[pos] == UInt8(ascii: "}") { pos += 1; return ConfigValue(.dict(d), at: l) }
            while true {
                guard pos < s.count, s[pos] == UInt8(ascii: "\"") else { throw err("Expecting property name enclosed in double quotes") }
                let k = try string()
                skip()
                guard pos < s.count, s[pos] == UInt8(ascii: ":") else { throw err("Expecting ':' delimiter") }
                pos += 1
                skip()
                try d.set(k, try value())
                skip()
                if pos < s.count && s[pos] == UInt8(ascii: ",") {
                    pos += 1
                    skip()
                    continue
                }
                if pos < s.count && s[pos] == UInt8(ascii: "}") { pos += 1; break }
                throw err("Expecting ',' delimiter")
            }
            return ConfigValue(.dict(d), at: l)
        case UInt8(ascii: "["):
            try nest(l)
            defer { depth -= 1 }
            pos += 1
            var items: [ConfigValue] = []
            skip()
            if pos < s.count && s[pos] == UInt8(ascii: "]") { pos += 1; return .list(items, at: l) }
            while true {
                items.append(try value())
                skip()
                if pos < s.count && s[pos] == UInt8(ascii: ",") {
                    pos += 1
                    skip()
                    continue
                }
                if pos < s.count && s[pos] == UInt8(ascii: "]") { pos += 1; break }
                throw err("Expecting ',' delimiter")
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

    /// A number as Python's json scans it: `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`.
    private mutating func number() throws -> ConfigValue {
        let l = loc
        let start = pos
        func digits() -> Int {
            let from = pos
            while pos < s.count && s[pos] >= 48 && s[pos] <= 57 { pos += 1 }
            return pos - from
        }
        if pos < s.count && s[pos] == UInt8(ascii: "-") { pos += 1 }
        if pos < s.count && s[pos] == UInt8(ascii: "0") {
            pos += 1
        } else if digits() == 0 {
            pos = start
            throw err("Expecting value")
        }
        var isFloat = false
        if pos + 1 < s.count, s[pos] == UInt8(ascii: "."), s[pos + 1] >= 48, s[pos + 1] <= 57 {
            pos += 1
            _ = digits()
            isFloat = true
        }
        if pos < s.count, s[pos] == UInt8(ascii: "e") || s[pos] == UInt8(ascii: "E") {
            let mark = pos
            pos += 1
            if pos < s.count, s[pos] == UInt8(ascii: "+") || s[pos] == UInt8(ascii: "-") { pos += 1 }
            if digits() == 0 { pos = mark } else { isFloat = true }
        }
        let text = String(decoding: s[start..<pos], as: UTF8.self)
        if !isFloat {
            guard let i = Int(text) else {
                throw ConfigError(.value, "JSON integer \(text) does not fit in 64 bits (integers are 64-bit in configs)", at: file == nil ? nil : l)
            }
            return .int(i, at: l)
        }
        return .float(Double(text) ?? .nan, at: l)
    }

    private mutating func string() throws -> ConfigValue {
        let l = loc
        let start = pos
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < s.count else { throw err("Unterminated string starting at", at: start) }
            let c = s[pos]
            if c == UInt8(ascii: "\"") { pos += 1; break }
            if c < 0x20 { throw err("Invalid control character at") }
            if c == UInt8(ascii: "\\") {
                guard pos + 1 < s.count else { throw err("Unterminated string starting at", at: start) }
                let e = s[pos + 1]
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(e)
                case UInt8(ascii: "u"):
                    pos += 2
                    var v = try hex4()
                    if v >= 0xD800 && v < 0xDC00, pos + 1 < s.count, s[pos] == UInt8(ascii: "\\"), s[pos + 1] == UInt8(ascii: "u") {
                        let mark = pos
                        pos += 2
                        let lo = try hex4()
                        if lo >= 0xDC00 && lo < 0xE000 { v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00) } else { pos = mark }
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(v) ?? "\u{FFFD}")).utf8))
                    continue
                default: throw err("Invalid \\escape")
                }
                pos += 2
                continue
            }
            out.append(c)
            pos += 1
        }
        return .str(String(decoding: out, as: UTF8.self), at: l)
    }

    private mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= s.count, let v = UInt32(String(decoding: s[pos..<(pos + 4)], as: UTF8.self), radix: 16) else {
            throw err("Invalid \\uXXXX escape", at: pos - 1)
        }
        pos += 4
        return v
    }
}
