/// Python `re` syntax translated to the ICU syntax of Foundation's `NSRegularExpression`, and
/// Python's replacement templates (`\1`, `\g<name>`) expanded.
///
/// Translated: `(?P<name>...)` → `(?<name>...)`, `(?P=name)` → `\k<name>`, `\Z` → `\z`,
/// `\v` and `\a` to their characters, `{,n}` → `{0,n}`, a `{` or `}` that is no quantifier and a
/// `[`, `&` or leading `]` inside a character class escaped (literal in Python, special in ICU).
///
/// ```python
/// m = re.match(r"(?P<layer>\w+)_(\d+)$", "lstm_3")
/// name = re.sub(r"lstm(\d)", r"rec\1", "lstm0_fw")
/// ```
enum RegexSyntax {
    /// The translated pattern, the group names with their numbers, and the number of groups.
    struct Translation {
        /// The pattern in ICU syntax.
        var pattern: String
        /// Group name → group number.
        var names: [String: Int]
        /// Number of capturing groups.
        var groups: Int
        /// Whether an inline `(?x)` makes (part of) the pattern verbose.
        var verbose: Bool
    }

    /// Translates a Python pattern.
    static func translate(_ pattern: String) throws -> Translation {
        let c = Array(pattern.unicodeScalars)
        var out = ""
        var names: [String: Int] = [:]
        var groups = 0
        var verbose = false
        var i = 0
        func peek(_ k: Int) -> Unicode.Scalar? { i + k < c.count ? c[i + k] : nil }
        func escape(_ e: Unicode.Scalar) -> String {
            switch e {
            case "Z": return "\\z"
            case "v": return "\\x{0B}"
            case "a": return "\\x{07}"
            default: return "\\" + String(e)
            }
        }
        while i < c.count {
            let ch = c[i]
            switch ch {
            case "\\":
                guard let e = peek(1) else { throw error("bad escape (end of pattern)", at: i) }
                out += escape(e)
                i += 2
            case "[":
                out += "["
                i += 1
                if peek(0) == "^" { out += "^"; i += 1 }
                if peek(0) == "]" { out += "\\]"; i += 1 }
                while i < c.count && c[i] != "]" {
                    switch c[i] {
                    case "\\":
                        guard let e = peek(1) else { throw error("bad escape (end of pattern)", at: i) }
                        out += e == "Z" ? "Z" : escape(e)
                        i += 2
                    case "[", "&", "{", "}":
                        out += "\\" + String(c[i])
                        i += 1
                    default:
                        out.unicodeScalars.append(c[i])
                        i += 1
                    }
                }
                guard i < c.count else { throw error("unterminated character set", at: i) }
                out += "]"
                i += 1
            case "(":
                if peek(1) == "?" {
                    if peek(2) == "P" && peek(3) == "<" {
                        var j = i + 4
                        var name = ""
                        while j < c.count && c[j] != ">" { name.unicodeScalars.append(c[j]); j += 1 }
                        guard j < c.count, !name.isEmpty else { throw error("missing >, unterminated name", at: i + 4) }
                        groups += 1
                        if names[name] != nil { throw error("redefinition of group name '\(name)' as group \(groups)", at: i + 4) }
                        names[name] = groups
                        out += "(?<\(name)>"
                        i = j + 1
                    } else if peek(2) == "P" && peek(3) == "=" {
                        var j = i + 4
                        var name = ""
                        while j < c.count && c[j] != ")" { name.unicodeScalars.append(c[j]); j += 1 }
                        guard j < c.count else { throw error("missing ), unterminated name", at: i + 4) }
                        guard names[name] != nil else { throw error("unknown group name '\(name)'", at: i + 4) }
                        out += "\\k<\(name)>"
                        i = j + 1
                    } else if peek(2) == "<" && peek(3) != "=" && peek(3) != "!" {
                        throw error("unknown extension ?<\(peek(3).map { String($0) } ?? "")", at: i + 1)
                    } else {
                        out += "(?"
                        i += 2
                        // Inline flags: drop `u` (always on) and `L`; keep i, m, s, x.
                        var x = false
                        while let f = peek(0), "aiLmsux".unicodeScalars.contains(f) {
                            if f == "a" { throw ConfigError(.unsupported, "the ASCII flag (?a) is not supported by the config sandbox's re") }
                            if f == "x" { x = true }
                            if f != "u" && f != "L" { out.unicodeScalars.append(f) }
                            i += 1
                        }
                        // `(?x)` for the whole pattern (not `(?x:...)`).
                        if x && peek(0) == ")" { verbose = true }
                    }
                } else {
                    groups += 1
                    out += "("
                    i += 1
                }
            case "{":
                var j = i + 1
                var lo = "", hi = ""
                var comma = false
                while j < c.count, c[j] == "," || ("0"..."9").contains(c[j]) {
                    if c[j] == "," {
                        if comma { break }
                        comma = true
                    } else if comma {
                        hi.unicodeScalars.append(c[j])
                    } else {
                        lo.unicodeScalars.append(c[j])
                    }
                    j += 1
                }
                if j < c.count, c[j] == "}", !(lo.isEmpty && hi.isEmpty) {
                    out += "{" + (lo.isEmpty ? "0" : lo) + (comma ? "," + hi : "") + "}"
                    i = j + 1
                } else {
                    out += "\\{"
                    i += 1
                }
            case "}":
                out += "\\}"
                i += 1
            default:
                out.unicodeScalars.append(ch)
                i += 1
            }
        }
        return Translation(pattern: out, names: names, groups: groups, verbose: verbose)
    }

    /// A `re.error` for a bad pattern.
    static func error(_ message: String, at position: Int) -> ConfigError {
        ConfigError(.value, "\(message) at position \(position)", pythonClass: "error")
    }

    /// One piece of a replacement template: literal text or a group reference.
    enum TemplatePiece {
        /// Text copied as it is.
        case text(String)
        /// The text of a group (empty when the group did not match).
        case group(Int)
    }

    /// Parses a Python replacement template (`\1`, `\g<1>`, `\g<name>`, `\n`, `\\`).
    static func template(_ repl: String, groups: Int, names: [String: Int]) throws -> [TemplatePiece] {
        let c = Array(repl.unicodeScalars)
        var pieces: [TemplatePiece] = []
        var text = ""
        func flush() {
            if !text.isEmpty { pieces.append(.text(text)); text = "" }
        }
        func reference(_ n: Int, at pos: Int) throws {
            guard n <= groups else { throw error("invalid group reference \(n)", at: pos) }
            flush()
            pieces.append(.group(n))
        }
        var i = 0
        while i < c.count {
            guard c[i] == "\\", i + 1 < c.count else {
                if c[i] == "\\" { throw error("bad escape (end of pattern)", at: i) }
                text.unicodeScalars.append(c[i])
                i += 1
                continue
            }
            let e = c[i + 1]
            switch e {
            case "g":
                guard i + 2 < c.count, c[i + 2] == "<" else { throw error("missing <", at: i + 2) }
                var j = i + 3
                var name = ""
                while j < c.count && c[j] != ">" { name.unicodeScalars.append(c[j]); j += 1 }
                guard j < c.count else { throw error("missing >, unterminated name", at: i + 3) }
                if let n = Int(name) {
                    try reference(n, at: i + 3)
                } else if let n = names[name] {
                    try reference(n, at: i + 3)
                } else {
                    throw ConfigError(.key, "unknown group name '\(name)'", pythonClass: "IndexError")
                }
                i = j + 1
            case "0"..."9":
                if e == "0" || (i + 3 < c.count && ("0"..."7").contains(e) && ("0"..."7").contains(c[i + 2]) && ("0"..."7").contains(c[i + 3])) {
                    // An octal escape (`\0`, `\012`).
                    var j = i + 1
                    var v: UInt32 = 0
                    while j < c.count, j < i + 4, ("0"..."7").contains(c[j]) { v = v * 8 + (c[j].value - 48); j += 1 }
                    text.unicodeScalars.append(Unicode.Scalar(v) ?? "\u{0}")
                    i = j
                } else {
                    var n = Int(e.value - 48)
                    var j = i + 2
                    if j < c.count, ("0"..."9").contains(c[j]) { n = n * 10 + Int(c[j].value - 48); j += 1 }
                    try reference(n, at: i + 1)
                    i = j
                }
            default:
                let simple: [Unicode.Scalar: String] = ["n": "\n", "t": "\t", "r": "\r", "f": "\u{0C}", "v": "\u{0B}", "a": "\u{07}", "b": "\u{08}", "\\": "\\"]
                if let s = simple[e] {
                    text += s
                } else if e.properties.isAlphabetic && e.isASCII {
                    throw error("bad escape \\\(e)", at: i)
                } else {
                    text += "\\" + String(e)
                }
                i += 2
            }
        }
        flush()
        return pieces
    }
}
