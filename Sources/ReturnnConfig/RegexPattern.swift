import Foundation

/// A compiled regular expression (`re.compile(pattern, flags)`, Python's `re.Pattern`), matched
/// by Foundation's `NSRegularExpression` after `RegexSyntax` translated Python's syntax. Positions
/// are Python's (code points), whatever UTF-16 offsets ICU uses inside.
///
/// ```python
/// layer_re = re.compile(r"^(enc|dec)_(\d+)$", re.IGNORECASE)
/// idx = int(layer_re.match("enc_3").group(2))
/// ```
final class RegexPattern: PyObject {
    /// The pattern as written (`pattern.pattern`).
    let pattern: String
    /// The flags (`re.I | re.M`), including `re.UNICODE` as Python reports.
    let flags: Int
    /// Group name → number (`pattern.groupindex`).
    let names: [String: Int]
    /// Number of capturing groups (`pattern.groups`).
    let groups: Int
    private let regex: NSRegularExpression
    private let fullRegex: NSRegularExpression
    private let rt: ConfigRuntime

    /// `re.IGNORECASE`, `re.MULTILINE`, `re.DOTALL`, `re.VERBOSE`, `re.ASCII`, `re.UNICODE`.
    static let flagNames: [(String, Int)] = [("IGNORECASE", 2), ("LOCALE", 4), ("MULTILINE", 8), ("DOTALL", 16), ("UNICODE", 32), ("VERBOSE", 64), ("ASCII", 256)]

    /// Compiles `pattern` with Python `flags`.
    init(_ pattern: String, flags: Int, _ rt: ConfigRuntime) throws {
        if flags & 256 != 0 { throw ConfigError(.unsupported, "re.ASCII is not supported by the config sandbox's re") }
        if flags & 4 != 0 { throw ConfigError(.value, "cannot use LOCALE flag with a str pattern") }
        let t = try RegexSyntax.translate(pattern)
        var options: NSRegularExpression.Options = [.useUnixLineSeparators]
        if flags & 2 != 0 { options.insert(.caseInsensitive) }
        if flags & 8 != 0 { options.insert(.anchorsMatchLines) }
        if flags & 16 != 0 { options.insert(.dotMatchesLineSeparators) }
        if flags & 64 != 0 { options.insert(.allowCommentsAndWhitespace) }
        do {
            regex = try NSRegularExpression(pattern: t.pattern, options: options)
            // A verbose pattern may end in a `#` comment: the newline ends it before the anchor.
            let end = flags & 64 != 0 || t.verbose ? "\n)\\z" : ")\\z"
            fullRegex = try NSRegularExpression(pattern: "(?:" + t.pattern + end, options: options)
        } catch {
            throw ConfigError(.value, "invalid regular expression \(ValueFormatting.strRepr(pattern)) (the config sandbox matches with ICU regular expressions)", pythonClass: "error")
        }
        self.pattern = pattern
        self.flags = flags | 32
        self.names = t.names
        self.groups = t.groups
        self.rt = rt
    }

    /// A pattern argument: a compiled pattern (flags must then be 0) or a str.
    static func from(_ v: ConfigValue, flags: Int, _ rt: ConfigRuntime) throws -> RegexPattern {
        if case .object(let p as RegexPattern) = v.kind {
            guard flags == 0 else { throw ConfigError(.value, "cannot process flags argument with a compiled pattern") }
            return p
        }
        guard let s = v.stringValue else {
            throw ConfigError(.type, "first argument must be string or compiled pattern, not '\(v.typeName)'")
        }
        return try RegexPattern(s, flags: flags, rt)
    }

    /// How a search is anchored.
    enum Mode {
        /// Anywhere (`search`).
        case search
        /// At the start (`match`).
        case match
        /// The whole range (`fullmatch`).
        case full
    }

    /// The first match in `string` between the code-point positions `pos` and `endpos`.
    func first(_ string: String, mode: Mode, pos: Int = 0, endpos: Int? = nil) -> RegexMatch? {
        let text = RegexText(string)
        let range = text.range(pos, endpos)
        let r = mode == .full ? fullRegex : regex
        guard let m = r.firstMatch(in: string, options: mode == .search ? [] : [.anchored], range: range) else { return nil }
        return RegexMatch(self, m, text, pos: text.scalarOffset(range.location), endpos: text.scalarOffset(range.location + range.length))
    }

    /// All non-overlapping matches, in order (Python's rules for empty matches).
    func all(_ string: String, pos: Int = 0, endpos: Int? = nil) -> [RegexMatch] {
        let text = RegexText(string)
        let range = text.range(pos, endpos)
        let p = text.scalarOffset(range.location), e = text.scalarOffset(range.location + range.length)
        return regex.matches(in: string, options: [], range: range).map { RegexMatch(self, $0, text, pos: p, endpos: e) }
    }

    /// `pattern.sub(repl, string, count=0)` and `subn`: the new string and the number of
    /// replacements; `repl` is a template or a function of the match.
    func substitute(_ repl: ConfigValue, _ string: String, count: Int) throws -> (String, Int) {
        var template: [RegexSyntax.TemplatePiece]?
        if let s = repl.stringValue {
            template = try RegexSyntax.template(s, groups: groups, names: names)
        } else if !repl.isCallable {
            throw ConfigError(.type, "expected str instance or a function as replacement, not '\(repl.typeName)'")
        }
        let text = RegexText(string)
        var out = ""
        var last = 0
        var n = 0
        for m in all(string) {
            if count > 0 && n >= count { break }
            out += text.substring(last, m.start(0))
            if let template {
                for piece in template {
                    switch piece {
                    case .text(let t): out += t
                    case .group(let g): out += m.group(g) ?? ""
                    }
                }
            } else {
                let r = try rt.call(repl, [ConfigValue(.object(m))], [], at: .builtin)
                guard let s = r.stringValue else { throw ConfigError(.type, "expected str instance, \(r.typeName) found (the replacement function must return a str)") }
                out += s
            }
            last = m.end(0)
            n += 1
        }
        out += text.substring(last, text.count)
        return (out, n)
    }

    /// `pattern.split(string, maxsplit=0)`.
    func split(_ string: String, maxsplit: Int) -> [ConfigValue] {
        let text = RegexText(string)
        var out: [ConfigValue] = []
        var last = 0
        var n = 0
        for m in all(string) {
            if maxsplit > 0 && n >= maxsplit { break }
            out.append(.str(text.substring(last, m.start(0))))
            for g in 0..<groups { out.append(m.group(g + 1).map { ConfigValue.str($0) } ?? .none) }
            last = m.end(0)
            n += 1
        }
        out.append(.str(text.substring(last, text.count)))
        return out
    }

    /// `pattern.findall(string)`: whole matches, the one group, or tuples of the groups.
    func findall(_ string: String, pos: Int = 0, endpos: Int? = nil) -> [ConfigValue] {
        all(string, pos: pos, endpos: endpos).map { m in
            switch groups {
            case 0: return .str(m.group(0) ?? "")
            case 1: return .str(m.group(1) ?? "")
            default: return ConfigValue(.tuple((1...groups).map { .str(m.group($0) ?? "") }))
            }
        }
    }

    override var typeName: String { "Pattern" }
    override var attributeNames: [String] {
        ["pattern", "flags", "groups", "groupindex", "match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer"]
    }

    override func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "pattern": return .str(pattern)
        case "flags": return .int(flags)
        case "groups": return .int(groups)
        case "groupindex":
            let d = ConfigDict()
            for (k, v) in names.sorted(by: { $0.value < $1.value }) { d.set(k, .int(v)) }
            return ConfigValue(.dict(d))
        case "match", "fullmatch", "search", "findall", "finditer":
            return NativeModules.fn(name) { [self] a, kw in
                let p = try BoundArguments(name, a, kw, ["string", "pos", "endpos"], required: 1)
                return try RegexModule.apply(name, self, try RegexModule.string(p["string"]!, name), pos: try p.int("pos") ?? 0, endpos: try p.int("endpos"))
            }
        case "sub", "subn":
            return NativeModules.fn(name) { [self] a, kw in
                let p = try BoundArguments(name, a, kw, ["repl", "string", "count"], required: 2)
                let (s, n) = try substitute(p["repl"]!, try RegexModule.string(p["string"]!, name), count: try p.int("count") ?? 0)
                return name == "sub" ? .str(s) : ConfigValue(.tuple([.str(s), .int(n)]))
            }
        case "split":
            return NativeModules.fn(name) { [self] a, kw in
                let p = try BoundArguments(name, a, kw, ["string", "maxsplit"], required: 1)
                return .list(split(try RegexModule.string(p["string"]!, name), maxsplit: try p.int("maxsplit") ?? 0))
            }
        default: return nil
        }
    }

    override func repr() throws -> String {
        let shown = RegexPattern.flagNames.filter { $0.1 != 32 && flags & $0.1 != 0 }.map { "re." + $0.0 }
        return "re.compile(\(ValueFormatting.strRepr(pattern))\(shown.isEmpty ? "" : ", " + shown.joined(separator: "|")))"
    }

    override func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        guard op == .eq || op == .ne, case .object(let o as RegexPattern) = other.kind else { return nil }
        return .bool((o.pattern == pattern && o.flags == flags) == (op == .eq))
    }

    override func hashKey() throws -> ConfigHashKey { .tuple([.str("<re.Pattern>"), .str(pattern), .int(flags)]) }
}

/// A string as ICU sees it (UTF-16) and as Python counts it (code points).
struct RegexText {
    /// The string.
    let string: String
    private let scalarStarts: [Int]?
    /// Length in code points.
    let count: Int

    /// Indexes `string`; strings without characters outside the BMP need no table.
    init(_ string: String) {
        self.string = string
        let utf16Count = string.utf16.count
        let scalars = string.unicodeScalars.count
        count = scalars
        if utf16Count == scalars {
            scalarStarts = nil
        } else {
            var starts: [Int] = []
            starts.reserveCapacity(scalars + 1)
            var o = 0
            for u in string.unicodeScalars {
                starts.append(o)
                o += u.utf16.count
            }
            starts.append(o)
            scalarStarts = starts
        }
    }

    /// The UTF-16 offset of code point `i`.
    func utf16Offset(_ i: Int) -> Int { scalarStarts.map { $0[i] } ?? i }

    /// The code-point position of a UTF-16 offset.
    func scalarOffset(_ u: Int) -> Int {
        guard let s = scalarStarts else { return u }
        var lo = 0, hi = s.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if s[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The UTF-16 range of code points `pos..<endpos` (clamped as Python clamps them).
    func range(_ pos: Int, _ endpos: Int?) -> NSRange {
        let p = Swift.min(Swift.max(pos < 0 ? 0 : pos, 0), count)
        let e = Swift.max(p, Swift.min(endpos.map { $0 < 0 ? 0 : $0 } ?? count, count))
        let a = utf16Offset(p), b = utf16Offset(e)
        return NSRange(location: a, length: b - a)
    }

    /// The text of code points `from..<to`.
    func substring(_ from: Int, _ to: Int) -> String {
        let u = string.utf16
        let a = u.index(u.startIndex, offsetBy: utf16Offset(from)), b = u.index(u.startIndex, offsetBy: utf16Offset(Swift.max(from, to)))
        return String(string.unicodeScalars[a..<b])
    }
}
