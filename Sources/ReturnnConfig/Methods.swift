import Foundation

/// Bound methods of str, bytes, list, tuple, dict, set and float values.
enum Methods {
    static func make(_ name: String, _ body: @escaping ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue) -> ConfigFunction {
        ConfigFunction(name: name, body)
    }

    /// The bound method `obj.name`, or nil if the type has no such method.
    static func method(_ obj: ConfigValue, _ name: String, _ rt: ConfigRuntime) throws -> ConfigFunction? {
        if name == "item" || name == "tolist" || name == "astype", obj.doubleValue != nil {
            // The sandbox's numpy gives Python numbers where numpy gives numpy scalars, which
            // have these methods (`arr.sum().item()`, `np.ceil(x).astype(int)`).
            if name == "astype" {
                return make(name) { a, _ in
                    try Args.count(name, a, 1, 1)
                    return try NumpyScalarType(try NumpyDType.parse(a[0]) ?? .float64).call([obj], [])
                }
            }
            return make(name) { a, _ in try Args.count(name, a, 0, 0); return obj }
        }
        switch obj.kind {
        case .str(let s): return strMethod(s, name, rt)
        case .list(let l): return listMethod(l, name, rt)
        case .tuple(let t):
            switch name {
            case "index": return make(name) { a, kw in
                try Args.noKwargs(name, kw); try Args.count(name, a, 1, 1)
                guard let i = t.firstIndex(where: { Operators.equals($0, a[0]) }) else { throw ConfigError(.value, "tuple.index(x): x not in tuple") }
                return .int(i)
            }
            case "count": return make(name) { a, _ in try Args.count(name, a, 1, 1); return .int(t.filter { Operators.equals($0, a[0]) }.count) }
            default: return nil
            }
        case .dict(let d): return dictMethod(d, name)
        case .set(let s): return setMethod(s, name)
        case .bytes(let b): return bytesMethod(b, name, rt)
        case .float(let d):
            if name == "is_integer" { return make(name) { _, _ in .bool(d.isFinite && d.rounded() == d) } }
            if name == "conjugate" { return make(name) { _, _ in .float(d) } }
            return nil
        case .int(let i):
            if name == "bit_length" { return make(name) { _, _ in .int(Int.bitWidth - i.magnitude.leadingZeroBitCount) } }
            if name == "conjugate" { return make(name) { _, _ in .int(i) } }
            return nil
        default: return nil
        }
    }

    /// The methods of bytes: `decode`, `hex`, and the str methods applied byte-wise (a byte is
    /// the character of the same code, as Latin-1; results that are str become bytes again).
    static func bytesMethod(_ b: [UInt8], _ name: String, _ rt: ConfigRuntime) -> ConfigFunction? {
        switch name {
        case "decode":
            return make(name) { a, kw in
                let k = try Args.kwargs(name, kw, allowed: ["encoding", "errors"])
                try Args.count(name, a, 0, 2)
                let enc = try (a.first ?? k["encoding"]).map { try Args.str(name, $0) } ?? "utf-8"
                let norm = enc.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
                switch norm {
                case "utf8":
                    guard let s = String(validating: b, as: UTF8.self) else {
                        let errors = try (a.count > 1 ? a[1] : k["errors"]).map { try Args.str(name, $0) } ?? "strict"
                        if errors == "strict" { throw ConfigError(.value, "'utf-8' codec can't decode the bytes", pythonClass: "UnicodeDecodeError") }
                        return .str(String(decoding: b, as: UTF8.self))
                    }
                    return .str(s)
                case "latin1", "iso88591", "ascii": return .str(latin1(b))
                default: throw ConfigError(.unsupported, "bytes.decode(): encoding '\(enc)' is not supported in configs (utf-8, latin-1, ascii)")
                }
            }
        case "hex": return make(name) { _, _ in .str(b.map { String(format: "%02x", $0) }.joined()) }
        default:
            guard let m = strMethod(latin1(b), name, rt) else { return nil }
            return make(name) { a, kw in
                func toStr(_ v: ConfigValue) -> ConfigValue {
                    if case .bytes(let x) = v.kind { return .str(latin1(x)) }
                    if case .tuple(let t) = v.kind { return ConfigValue(.tuple(t.map(toStr))) }
                    if case .list(let l) = v.kind { return .list(l.items.map(toStr)) }
                    return v
                }
                func toBytes(_ v: ConfigValue) -> ConfigValue {
                    switch v.kind {
                    case .str(let s): return ConfigValue(.bytes(s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }))
                    case .list(let l): return .list(l.items.map(toBytes))
                    case .tuple(let t): return ConfigValue(.tuple(t.map(toBytes)))
                    default: return v
                    }
                }
                return toBytes(try m.call(a.map(toStr), kw.map { ($0.0, toStr($0.1)) }))
            }
        }
    }

    /// Bytes as the str of the same character codes (Latin-1).
    static func latin1(_ b: [UInt8]) -> String {
        String(String.UnicodeScalarView(b.map { Unicode.Scalar($0) }))
    }

    static func stripSet(_ a: [ConfigValue], _ name: String) throws -> Set<Character>? {
        guard let c = a.first, !c.isNone else { return nil }
        return Set(try Args.str(name, c))
    }

    static func split(_ s: String, sep: String?, maxsplit: Int, fromRight: Bool) throws -> [String] {
        if let sep {
            if sep.isEmpty { throw ConfigError(.value, "empty separator") }
            var parts = s.components(separatedBy: sep)
            if maxsplit >= 0 && parts.count > maxsplit + 1 {
                if fromRight {
                    let head = parts[0..<(parts.count - maxsplit)].joined(separator: sep)
                    parts = [head] + parts[(parts.count - maxsplit)...]
                } else {
                    let tail = parts[maxsplit...].joined(separator: sep)
                    parts = Array(parts[0..<maxsplit]) + [tail]
                }
            }
            return parts
        }
        var words = s.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        if maxsplit >= 0 && words.count > maxsplit + 1 {
            // whitespace split with maxsplit keeps the remainder unsplit (approximated by rejoining)
            if fromRight {
                words = [words[0..<(words.count - maxsplit)].joined(separator: " ")] + words[(words.count - maxsplit)...]
            } else {
                words = Array(words[0..<maxsplit]) + [words[maxsplit...].joined(separator: " ")]
            }
        }
        return words
    }

    static func strMethod(_ s: String, _ name: String, _ rt: ConfigRuntime) -> ConfigFunction? {
        switch name {
        case "format":
            return make(name) { a, kw in
                .str(try ValueFormatting.strFormat(s, args: a, kwargs: kw, getAttribute: { try rt.getAttribute($0, $1) },
                                                   getItem: { try Operators.getItem($0, $1) }))
            }
        case "join":
            return make(name) { a, kw in
                try Args.noKwargs(name, kw); try Args.count(name, a, 1, 1)
                let parts = try Operators.iterate(a[0]).enumerated().map { (i, v) -> String in
                    guard let x = v.stringValue else { throw ConfigError(.type, "sequence item \(i): expected str instance, \(v.typeName) found") }
                    return x
                }
                return .str(parts.joined(separator: s))
            }
        case "split", "rsplit":
            return make(name) { a, kw in
                let k = try Args.kwargs(name, kw, allowed: ["sep", "maxsplit"])
                try Args.count(name, a, 0, 2)
                let sepV = a.first ?? k["sep"]
                let sep = try sepV.flatMap { $0.isNone ? nil : try Args.str(name, $0) }
                let maxsplit = try (a.count > 1 ? a[1] : k["maxsplit"]).map { try Args.int(name, $0) } ?? -1
                return .list(try split(s, sep: sep, maxsplit: maxsplit, fromRight: name == "rsplit").map { .str($0) })
            }
        case "splitlines":
            return make(name) { _, _ in .list(s.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { .str(String($0)) }.dropLast(s.hasSuffix("\n") ? 1 : 0).map { $0 }) }
        case "replace":
            return make(name) { a, kw in
                try Args.noKwargs(name, kw); try Args.count(name, a, 2, 3)
                let old = try Args.str(name, a[0]), new = try Args.str(name, a[1])
                if a.count == 3 {
                    var n = try Args.int(name, a[2])
                    if n < 0 { n = Int.max }
                    var out = ""
                    var rest = Substring(s)
                    while n > 0, !old.isEmpty, let r = rest.range(of: old) {
                        out += rest[rest.startIndex..<r.lowerBound] + new
                        rest = rest[r.upperBound...]
                        n -= 1
                    }
                    return .str(out + rest)
                }
                if old.isEmpty { return .str(new + s.map { String($0) + new }.joined()) }
                return .str(s.replacingOccurrences(of: old, with: new))
            }
        case "strip", "lstrip", "rstrip":
            return make(name) { a, kw in
                try Args.noKwargs(name, kw); try Args.count(name, a, 0, 1)
                let set = try stripSet(a, name)
                let drop: (Character) -> Bool = { c in set.map { $0.contains(c) } ?? c.isWhitespace }
                var sub = Substring(s)
                if name != "rstrip" { sub = sub.drop(while: drop) }
                if name != "lstrip" { while let l = sub.last, drop(l) { sub = sub.dropLast() } }
                return .str(String(sub))
            }
        case "startswith", "endswith":
            return make(name) { a, kw in
                try Args.noKwargs(name, kw); try Args.count(name, a, 1, 1)
                let cands = try (a[0].sequenceItems ?? [a[0]]).map { try Args.str(name, $0) }
                return .bool(cands.contains { name == "startswith" ? s.hasPrefix($0) : s.hasSuffix($0) })
            }
        case "lower": return make(name) { _, _ in .str(s.lowercased()) }
        case "upper": return make(name) { _, _ in .str(s.uppercased()) }
        case "title": return make(name) { _, _ in .str(s.capitalized) }
        case "capitalize": return make(name) { _, _ in .str(s.prefix(1).uppercased() + s.dropFirst().lowercased()) }
        case "isdigit", "isnumeric", "isdecimal": return make(name) { _, _ in .bool(!s.isEmpty && s.allSatisfy { $0.isNumber }) }
        case "isalpha": return make(name) { _, _ in .bool(!s.isEmpty && s.allSatisfy { $0.isLetter }) }
        case "isalnum": return make(name) { _, _ in .bool(!s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber }) }
        case "isspace": return make(name) { _, _ in .bool(!s.isEmpty && s.allSatisfy { $0.isWhitespace }) }
        case "isupper": return make(name) { _, _ in .bool(s.contains { $0.isLetter } && s == s.uppercased()) }
        case "islower": return make(name) { _, _ in .bool(s.contains { $0.isLetter } && s == s.lowercased()) }
        case "find", "rfind", "index", "rindex", "count":
            return make(name) { a, kw in
                try Args.noKwargs(name, kw); try Args.count(name, a, 1, 1)
                let sub = try Args.str(name, a[0])
                if name == "count" {
                    if sub.isEmpty { return .int(s.count + 1) }
                    return .int(s.components(separatedBy: sub).count - 1)
                }
                let r = name.hasPrefix("r") ? s.range(of: sub, options: .backwards) : s.range(of: sub)
                guard let r else {
                    if name.hasSuffix("index") { throw ConfigError(.value, "substring not found") }
                    return .int(-1)
                }
                return .int(s.distance(from: s.startIndex, to: r.lowerBound))
            }
        case "zfill":
            return make(name) { a, _ in
                try Args.count(name, a, 1, 1)
                let w = try ValueFormatting.checkWidth(try Args.int(name, a[0]))
                return .str(ValueFormatting.pad(s, width: w, align: "=", fill: "0"))
            }
        case "center", "ljust", "rjust":
            return make(name) { a, _ in
                try Args.count(name, a, 1, 2)
                let w = try ValueFormatting.checkWidth(try Args.int(name, a[0]))
                let fill = try a.count == 2 ? Args.str(name, a[1]).first ?? " " : " "
                return .str(ValueFormatting.pad(s, width: w, align: name == "center" ? "^" : (name == "ljust" ? "<" : ">"), fill: fill))
            }
        case "partition", "rpartition":
            return make(name) { a, _ in
                try Args.count(name, a, 1, 1)
                let sep = try Args.str(name, a[0])
                guard let r = name == "partition" ? s.range(of: sep) : s.range(of: sep, options: .backwards) else {
                    return ConfigValue(.tuple(name == "partition" ? [.str(s), .str(""), .str("")] : [.str(""), .str(""), .str(s)]))
                }
                return ConfigValue(.tuple([.str(String(s[..<r.lowerBound])), .str(sep), .str(String(s[r.upperBound...]))]))
            }
        case "encode": return make(name) { _, _ in ConfigValue(.bytes(Array(s.utf8))) }
        default: return nil
        }
    }

    static func listMethod(_ l: ConfigList, _ name: String, _ rt: ConfigRuntime) -> ConfigFunction? {
        switch name {
        case "append": return make(name) { a, kw in try Args.noKwargs(name, kw); try Args.count(name, a, 1, 1); l.items.append(a[0]); return .none }
        case "extend": return make(name) { a, kw in try Args.noKwargs(name, kw); try Args.count(name, a, 1, 1); l.items.append(contentsOf: try Operators.iterate(a[0])); return .none }
        case "insert":
            return make(name) { a, _ in
                try Args.count(name, a, 2, 2)
                var i = try Args.int(name, a[0])
                if i < 0 { i = max(0, i + l.items.count) }
                l.items.insert(a[1], at: min(i, l.items.count))
                return .none
            }
        case "pop":
            return make(name) { a, _ in
                try Args.count(name, a, 0, 1)
                if l.items.isEmpty { throw ConfigError(.key, "pop from empty list") }
                let i = try Operators.normalizeIndex(try a.first.map { try Args.int(name, $0) } ?? -1, count: l.items.count, what: "pop")
                return l.items.remove(at: i)
            }
        case "remove":
            return make(name) { a, _ in
                try Args.count(name, a, 1, 1)
                guard let i = l.items.firstIndex(where: { Operators.equals($0, a[0]) }) else { throw ConfigError(.value, "list.remove(x): x not in list") }
                l.items.remove(at: i)
                return .none
            }
        case "index":
            return make(name) { a, _ in
                try Args.count(name, a, 1, 1)
                guard let i = l.items.firstIndex(where: { Operators.equals($0, a[0]) }) else { throw ConfigError(.value, "\(a[0].repr) is not in list") }
                return .int(i)
            }
        case "count": return make(name) { a, _ in try Args.count(name, a, 1, 1); return .int(l.items.filter { Operators.equals($0, a[0]) }.count) }
        case "copy": return make(name) { _, _ in .list(l.items) }
        case "clear": return make(name) { _, _ in l.items.removeAll(); return .none }
        case "reverse": return make(name) { _, _ in l.items.reverse(); return .none }
        case "sort":
            return make(name) { a, kw in
                try Args.count(name, a, 0, 0)
                let k = try Args.kwargs(name, kw, allowed: ["key", "reverse"])
                l.items = try Builtins.sort(l.items, key: k["key"], reverse: k["reverse"]?.isTruthy ?? false, rt)
                return .none
            }
        default: return nil
        }
    }

    static func dictMethod(_ d: ConfigDict, _ name: String) -> ConfigFunction? {
        switch name {
        case "copy": return make(name) { _, _ in ConfigValue(.dict(d.copy())) }
        case "update":
            return make(name) { a, kw in
                try Args.count(name, a, 0, 1)
                if let x = a.first {
                    if case .dict(let o) = x.kind {
                        for (k, v) in zip(o.keys, o.values) { try d.set(k, v) }
                    } else {
                        for item in try Operators.iterate(x) {
                            let p = try Operators.iterate(item)
                            guard p.count == 2 else { throw ConfigError(.value, "dictionary update sequence element has length \(p.count); 2 is required") }
                            try d.set(p[0], p[1])
                        }
                    }
                }
                for (k, v) in kw { d.set(k, v) }
                return .none
            }
        case "get":
            return make(name) { a, kw in
                try Args.noKwargs(name, kw); try Args.count(name, a, 1, 2)
                return try d.get(a[0]) ?? (a.count == 2 ? a[1] : .none)
            }
        case "setdefault":
            return make(name) { a, _ in
                try Args.count(name, a, 1, 2)
                if let v = try d.get(a[0]) { return v }
                let v = a.count == 2 ? a[1] : .none
                try d.set(a[0], v)
                return v
            }
        case "pop":
            return make(name) { a, _ in
                try Args.count(name, a, 1, 2)
                if let v = try d.remove(a[0]) { return v }
                if a.count == 2 { return a[1] }
                throw ConfigError(.key, "KeyError: \(a[0].repr)")
            }
        case "popitem":
            return make(name) { _, _ in
                guard let k = d.keys.last else { throw ConfigError(.key, "popitem(): dictionary is empty") }
                let v = try d.remove(k)!
                return ConfigValue(.tuple([k, v]))
            }
        case "items": return make(name) { _, _ in .list(zip(d.keys, d.values).map { ConfigValue(.tuple([$0.0, $0.1])) }) }
        case "keys": return make(name) { _, _ in .list(d.keys) }
        case "values": return make(name) { _, _ in .list(d.values) }
        case "clear": return make(name) { _, _ in d.removeAll(); return .none }
        default: return nil
        }
    }

    static func setMethod(_ s: ConfigSet, _ name: String) -> ConfigFunction? {
        switch name {
        case "add": return make(name) { a, _ in try Args.count(name, a, 1, 1); try s.insert(a[0]); return .none }
        case "update": return make(name) { a, _ in for x in a { for v in try Operators.iterate(x) { try s.insert(v) } }; return .none }
        case "discard": return make(name) { a, _ in try Args.count(name, a, 1, 1); try s.remove(a[0]); return .none }
        case "remove":
            return make(name) { a, _ in
                try Args.count(name, a, 1, 1)
                guard try s.remove(a[0]) else { throw ConfigError(.key, "KeyError: \(a[0].repr)") }
                return .none
            }
        case "copy": return make(name) { _, _ in ConfigValue(.set(s.copy())) }
        case "pop":
            return make(name) { _, _ in
                guard let v = s.items.first else { throw ConfigError(.key, "pop from an empty set") }
                try s.remove(v)
                return v
            }
        case "union", "intersection", "difference", "symmetric_difference":
            let op: BinaryOperator = ["union": .bitOr, "intersection": .bitAnd, "difference": .sub][name] ?? .bitXor
            return make(name) { a, _ in
                var acc = ConfigValue(.set(s.copy()))
                for x in a {
                    let other = ConfigSet()
                    for v in try Operators.iterate(x) { try other.insert(v) }
                    acc = try Operators.binary(op, acc, ConfigValue(.set(other)))
                }
                return acc
            }
        case "issubset", "issuperset":
            return make(name) { a, _ in
                try Args.count(name, a, 1, 1)
                let other = try Operators.iterate(a[0])
                if name == "issubset" {
                    return .bool(s.items.allSatisfy { x in other.contains { Operators.equals($0, x) } })
                }
                return .bool(try other.allSatisfy { try s.contains($0) })
            }
        default: return nil
        }
    }
}
