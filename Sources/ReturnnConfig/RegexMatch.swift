import Foundation

/// A match of a regular expression (Python's `re.Match`): `group(n | name, ...)`, `groups()`,
/// `groupdict()`, `start()`, `end()`, `span()`, `m[n]`, `expand(template)`, `string`, `re`,
/// `pos`, `endpos`, `lastindex`, `lastgroup`. Positions count code points, as Python.
///
/// ```python
/// m = re.search(r"(?P<n>\d+)k", "bpe10k")
/// vocab = int(m.group("n")) * 1000
/// ```
final class RegexMatch: PyObject {
    /// The pattern that matched.
    let pattern: RegexPattern
    /// The searched string's text.
    let text: RegexText
    /// `m.pos`, `m.endpos`.
    let pos: Int, endpos: Int
    private let spans: [(Int, Int)?]

    /// Wraps an ICU result, converting its UTF-16 ranges to code-point spans.
    init(_ pattern: RegexPattern, _ result: NSTextCheckingResult, _ text: RegexText, pos: Int, endpos: Int) {
        self.pattern = pattern
        self.text = text
        self.pos = pos
        self.endpos = endpos
        spans = (0...pattern.groups).map { g in
            guard g < result.numberOfRanges else { return nil }
            let r = result.range(at: g)
            if r.location == NSNotFound { return nil }
            return (text.scalarOffset(r.location), text.scalarOffset(r.location + r.length))
        }
    }

    /// The text of group `g`, or nil when it did not take part in the match.
    func group(_ g: Int) -> String? { spans[g].map { text.substring($0.0, $0.1) } }

    /// The start of group `g` (-1 when it did not match).
    func start(_ g: Int) -> Int { spans[g]?.0 ?? -1 }

    /// The end of group `g` (-1 when it did not match).
    func end(_ g: Int) -> Int { spans[g]?.1 ?? -1 }

    /// The group number of an index argument (a number or a name).
    func index(_ v: ConfigValue) throws -> Int {
        if let i = v.intValue, v.boolValue == nil {
            guard i >= 0 && i <= pattern.groups else { throw ConfigError(.key, "no such group", pythonClass: "IndexError") }
            return i
        }
        if let s = v.stringValue, let i = pattern.names[s] { return i }
        throw ConfigError(.key, "no such group", pythonClass: "IndexError")
    }

    private func value(_ g: Int, default d: ConfigValue = .none) -> ConfigValue { group(g).map { .str($0) } ?? d }

    override var typeName: String { "Match" }
    override var attributeNames: [String] {
        ["group", "groups", "groupdict", "start", "end", "span", "expand", "string", "re", "pos", "endpos", "lastindex", "lastgroup"]
    }

    override func attribute(_ name: String) throws -> ConfigValue? {
        switch name {
        case "string": return .str(text.string)
        case "re": return ConfigValue(.object(pattern))
        case "pos": return .int(pos)
        case "endpos": return .int(endpos)
        case "lastindex":
            return lastIndex.map { .int($0) } ?? .none
        case "lastgroup":
            guard let i = lastIndex, let n = pattern.names.first(where: { $0.value == i }) else { return .none }
            return .str(n.key)
        case "group":
            return NativeModules.fn(name) { [self] a, kw in
                try Args.noKwargs(name, kw)
                if a.isEmpty { return value(0) }
                if a.count == 1 { return value(try index(a[0])) }
                return ConfigValue(.tuple(try a.map { value(try index($0)) }))
            }
        case "groups", "groupdict":
            return NativeModules.fn(name) { [self] a, kw in
                let p = try BoundArguments(name, a, kw, ["default"])
                let d = p["default"] ?? .none
                if name == "groups" { return ConfigValue(.tuple(pattern.groups == 0 ? [] : (1...pattern.groups).map { value($0, default: d) })) }
                let dict = ConfigDict()
                for (k, g) in pattern.names.sorted(by: { $0.value < $1.value }) { dict.set(k, value(g, default: d)) }
                return ConfigValue(.dict(dict))
            }
        case "start", "end", "span":
            return NativeModules.fn(name) { [self] a, kw in
                try Args.noKwargs(name, kw)
                try Args.count(name, a, 0, 1)
                let g = try a.first.map { try index($0) } ?? 0
                switch name {
                case "start": return .int(start(g))
                case "end": return .int(end(g))
                default: return ConfigValue(.tuple([.int(start(g)), .int(end(g))]))
                }
            }
        case "expand":
            return NativeModules.fn(name) { [self] a, kw in
                try Args.noKwargs(name, kw)
                try Args.count(name, a, 1, 1)
                let pieces = try RegexSyntax.template(try Args.str(name, a[0]), groups: pattern.groups, names: pattern.names)
                return .str(pieces.map { piece -> String in
                    switch piece {
                    case .text(let t): return t
                    case .group(let g): return group(g) ?? ""
                    }
                }.joined())
            }
        default: return nil
        }
    }

    /// The number of the last group that matched (by end position, as Python).
    private var lastIndex: Int? {
        var best: Int?
        var bestEnd = -1
        for g in stride(from: pattern.groups, through: 1, by: -1) {
            if let s = spans[g], s.1 >= bestEnd { best = g; bestEnd = s.1 }
        }
        return best
    }

    override func getItem(_ index: ConfigValue) throws -> ConfigValue { value(try self.index(index)) }

    override func isTruthy() throws -> Bool { true }

    override func repr() throws -> String {
        "<re.Match object; span=(\(start(0)), \(end(0))), match=\(ValueFormatting.strRepr(group(0) ?? ""))>"
    }
}
