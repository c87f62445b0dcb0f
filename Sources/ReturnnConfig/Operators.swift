import Foundation

/// Python semantics of operators, comparison, indexing, slicing and iteration over `ConfigValue`.
/// Functions throw `ConfigError` without a location; the interpreter adds the expression's.
public enum Operators {
    /// Upper bound for the length of strings/lists built by `*` and `range` (resource limit).
    static let maxSequenceLength = 10_000_000

    static func typeError(_ msg: String) -> ConfigError { ConfigError(.type, msg) }

    private static func checked(_ r: (partialValue: Int, overflow: Bool), _ what: String) throws -> ConfigValue {
        if r.overflow { throw ConfigError(.value, "integer overflow in \(what) (integers are 64-bit in configs)") }
        return .int(r.partialValue)
    }

    static func floorDiv(_ a: Int, _ b: Int) throws -> Int {
        if b == 0 { throw ConfigError(.value, "integer division or modulo by zero", pythonClass: "ZeroDivisionError") }
        if a == Int.min && b == -1 { throw ConfigError(.value, "integer overflow in '//'") }
        let q = a / b
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
    }

    static func mod(_ a: Int, _ b: Int) throws -> Int {
        if b == 0 { throw ConfigError(.value, "integer division or modulo by zero", pythonClass: "ZeroDivisionError") }
        if b == -1 { return 0 }
        let r = a % b
        return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
    }

    static func fmod(_ a: Double, _ b: Double) throws -> Double {
        if b == 0 { throw ConfigError(.value, "float modulo by zero", pythonClass: "ZeroDivisionError") }
        var r = a.truncatingRemainder(dividingBy: b)
        if r != 0 && ((r < 0) != (b < 0)) { r += b }
        return r
    }

    static func intPow(_ base: Int, _ exp: Int) throws -> ConfigValue {
        if exp < 0 { return .float(pow(Double(base), Double(exp))) }
        var result = 1
        var b = base
        var e = exp
        while e > 0 {
            if e & 1 == 1 {
                let r = result.multipliedReportingOverflow(by: b)
                if r.overflow { throw ConfigError(.value, "integer overflow in '**' (integers are 64-bit in configs)") }
                result = r.partialValue
            }
            e >>= 1
            if e > 0 {
                let r = b.multipliedReportingOverflow(by: b)
                if r.overflow { throw ConfigError(.value, "integer overflow in '**' (integers are 64-bit in configs)") }
                b = r.partialValue
            }
        }
        return .int(result)
    }

    static func repeatCount(_ n: Int, _ len: Int) throws -> Int {
        let c = max(0, n)
        if len > 0 && c > maxSequenceLength / len {
            throw ConfigError(.limit, "sequence repetition would create more than \(maxSequenceLength) elements")
        }
        return c
    }

    /// `a op b` for the binary operators.
    static func binary(_ op: BinaryOperator, _ a: ConfigValue, _ b: ConfigValue) throws -> ConfigValue {
        if case .object(let o) = a.kind, let r = try o.binary(op, b, reflected: false) { return r }
        if case .object(let o) = b.kind, let r = try o.binary(op, a, reflected: true) { return r }
        switch (a.kind, b.kind) {
        case (.int, .int), (.int, .bool), (.bool, .int), (.bool, .bool):
            let x = a.intValue!, y = b.intValue!
            switch op {
            case .add: return try checked(x.addingReportingOverflow(y), "'+'")
            case .sub: return try checked(x.subtractingReportingOverflow(y), "'-'")
            case .mul: return try checked(x.multipliedReportingOverflow(by: y), "'*'")
            case .div:
                if y == 0 { throw ConfigError(.value, "division by zero", pythonClass: "ZeroDivisionError") }
                return .float(Double(x) / Double(y))
            case .floorDiv: return .int(try floorDiv(x, y))
            case .mod: return .int(try mod(x, y))
            case .pow: return try intPow(x, y)
            case .lshift:
                if y < 0 { throw ConfigError(.value, "negative shift count") }
                if y >= 63 || (x != 0 && (x << y) >> y != x) { throw ConfigError(.value, "integer overflow in '<<'") }
                return .int(x << y)
            case .rshift:
                if y < 0 { throw ConfigError(.value, "negative shift count") }
                return .int(x >> min(y, 63))
            case .bitAnd:
                if case .bool(let p) = a.kind, case .bool(let q) = b.kind { return .bool(p && q) }
                return .int(x & y)
            case .bitOr:
                if case .bool(let p) = a.kind, case .bool(let q) = b.kind { return .bool(p || q) }
                return .int(x | y)
            case .bitXor:
                if case .bool(let p) = a.kind, case .bool(let q) = b.kind { return .bool(p != q) }
                return .int(x ^ y)
            case .matMul: break
            }
        case (.float, .float), (.float, .int), (.int, .float), (.float, .bool), (.bool, .float):
            let x = a.doubleValue!, y = b.doubleValue!
            switch op {
            case .add: return .float(x + y)
            case .sub: return .float(x - y)
            case .mul: return .float(x * y)
            case .div:
                if y == 0 { throw ConfigError(.value, "float division by zero", pythonClass: "ZeroDivisionError") }
                return .float(x / y)
            case .floorDiv:
                if y == 0 { throw ConfigError(.value, "float floor division by zero", pythonClass: "ZeroDivisionError") }
                return .float((x / y).rounded(.down))
            case .mod: return .float(try fmod(x, y))
            case .pow:
                if x == 0 && y < 0 { throw ConfigError(.value, "0.0 cannot be raised to a negative power", pythonClass: "ZeroDivisionError") }
                if x < 0 && y.rounded() != y { throw ConfigError(.value, "negative number cannot be raised to a fractional power (complex numbers are not supported)") }
                return .float(pow(x, y))
            default: break
            }
        case (.str(let x), .str(let y)) where op == .add:
            if x.utf8.count + y.utf8.count > maxSequenceLength { throw ConfigError(.limit, "string longer than \(maxSequenceLength) bytes") }
            return .str(x + y)
        case (.bytes(let x), .bytes(let y)) where op == .add: return ConfigValue(.bytes(x + y))
        case (.str(let s), .int), (.str(let s), .bool):
            if op == .mul { return .str(String(repeating: s, count: try repeatCount(b.intValue!, s.utf8.count))) }
            if op == .mod { return .str(try ValueFormatting.percent(s, b)) }
        case (.int, .str(let s)), (.bool, .str(let s)):
            if op == .mul { return .str(String(repeating: s, count: try repeatCount(a.intValue!, s.utf8.count))) }
        case (.str(let s), _) where op == .mod:
            return .str(try ValueFormatting.percent(s, b))
        case (.list(let x), .list(let y)) where op == .add: return .list(x.items + y.items)
        case (.tuple(let x), .tuple(let y)) where op == .add: return ConfigValue(.tuple(x + y))
        case (.list(let l), .int), (.list(let l), .bool):
            if op == .mul { return .list(try repeatItems(l.items, b.intValue!)) }
        case (.int, .list(let l)), (.bool, .list(let l)):
            if op == .mul { return .list(try repeatItems(l.items, a.intValue!)) }
        case (.tuple(let t), .int), (.tuple(let t), .bool):
            if op == .mul { return ConfigValue(.tuple(try repeatItems(t, b.intValue!))) }
        case (.int, .tuple(let t)), (.bool, .tuple(let t)):
            if op == .mul { return ConfigValue(.tuple(try repeatItems(t, a.intValue!))) }
        case (.dict(let x), .dict(let y)) where op == .bitOr:
            let d = x.copy()
            for (k, v) in zip(y.keys, y.values) { try d.set(k, v) }
            return ConfigValue(.dict(d))
        case (.set(let x), .set(let y)):
            let r = ConfigSet()
            switch op {
            case .bitOr: for v in x.items + y.items { try r.insert(v) }
            case .bitAnd: for v in x.items where try y.contains(v) { try r.insert(v) }
            case .sub: for v in x.items where !(try y.contains(v)) { try r.insert(v) }
            case .bitXor:
                for v in x.items where !(try y.contains(v)) { try r.insert(v) }
                for v in y.items where !(try x.contains(v)) { try r.insert(v) }
            default: throw typeError("unsupported operand type(s) for \(op.rawValue): 'set' and 'set'")
            }
            return ConfigValue(.set(r))
        default: break
        }
        throw typeError("unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'")
    }

    static func repeatItems(_ items: [ConfigValue], _ n: Int) throws -> [ConfigValue] {
        let c = try repeatCount(n, items.count)
        var out: [ConfigValue] = []
        out.reserveCapacity(items.count * c)
        for _ in 0..<c { out.append(contentsOf: items) }
        return out
    }

    /// Python `==` where an object's `__eq__` may fail (`a == b` in an expression).
    static func equalsThrowing(_ a: ConfigValue, _ b: ConfigValue) throws -> Bool {
        if case .object(let o) = a.kind, let r = try o.richCompare(.eq, b) { return r.isTruthy }
        if case .object(let o) = b.kind, let r = try o.richCompare(.eq, a) { return r.isTruthy }
        return equals(a, b)
    }

    /// Python `==` (an object's failing `__eq__` counts as not equal).
    static func equals(_ a: ConfigValue, _ b: ConfigValue, depth: Int = 0) -> Bool {
        if depth > 200 { return false }
        if case .object(let o) = a.kind {
            if let r = (try? o.richCompare(.eq, b)) ?? nil { return r.isTruthy }
            if case .object(let p) = b.kind, let r = (try? p.richCompare(.eq, a)) ?? nil { return r.isTruthy }
            return identical(a, b)
        }
        if case .object(let o) = b.kind {
            if let r = (try? o.richCompare(.eq, a)) ?? nil { return r.isTruthy }
            return false
        }
        switch (a.kind, b.kind) {
        case (.none, .none): return true
        case (.str(let x), .str(let y)): return x == y
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.int, _), (.bool, _), (.float, _):
            guard let x = a.doubleValue, let y = b.doubleValue else { return false }
            if let p = a.intValue, let q = b.intValue { return p == q }
            return x == y
        case (.list(let x), .list(let y)):
            return x === y || (x.items.count == y.items.count && zip(x.items, y.items).allSatisfy { equals($0, $1, depth: depth + 1) })
        case (.tuple(let x), .tuple(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equals($0, $1, depth: depth + 1) }
        case (.dict(let x), .dict(let y)):
            if x === y { return true }
            guard x.count == y.count else { return false }
            for (k, v) in zip(x.keys, x.values) {
                guard let w = (try? y.get(k)) ?? nil else { return false }
                if !equals(v, w, depth: depth + 1) { return false }
            }
            return true
        case (.set(let x), .set(let y)):
            return x.count == y.count && x.items.allSatisfy { (try? y.contains($0)) == true }
        case (.function(let x), .function(let y)): return x === y
        case (.module(let x), .module(let y)): return x === y
        default: return false
        }
    }

    /// Python `is` (identity for reference types, equality of singletons/small values otherwise).
    static func identical(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        switch (a.kind, b.kind) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.set(let x), .set(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.module(let x), .module(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        case (.int(let x), .int(let y)): return x == y
        case (.str(let x), .str(let y)): return x == y
        case (.tuple(let x), .tuple(let y)): return x.isEmpty && y.isEmpty
        default: return false
        }
    }

    /// Python ordering `a < b` (-1/0/1 comparison); a `type` error for unorderable types.
    static func compare(_ a: ConfigValue, _ b: ConfigValue, depth: Int = 0) throws -> Int {
        if depth > 200 { throw ConfigError(.limit, "comparison of values nested more than 200 levels deep") }
        switch (a.kind, b.kind) {
        case (.object, _), (_, .object): return try compareObjects(a, b)
        case (.str(let x), .str(let y)): return x == y ? 0 : (Array(x.unicodeScalars.map { $0.value }).lexicographicallyPrecedes(y.unicodeScalars.map { $0.value }) ? -1 : 1)
        case (.bytes(let x), .bytes(let y)): return x == y ? 0 : (x.lexicographicallyPrecedes(y) ? -1 : 1)
        case (.int, .int), (.int, .bool), (.bool, .int), (.bool, .bool):
            let x = a.intValue!, y = b.intValue!
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.int, .float), (.float, .int), (.float, .float), (.bool, .float), (.float, .bool):
            let x = a.doubleValue!, y = b.doubleValue!
            if x.isNaN || y.isNaN { return 2 }
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.list, .list), (.tuple, .tuple):
            let x = a.sequenceItems!, y = b.sequenceItems!
            for (p, q) in zip(x, y) where !equals(p, q) { return try compare(p, q, depth: depth + 1) }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        case (.set(let x), .set(let y)):
            let sub = x.items.allSatisfy { (try? y.contains($0)) == true }
            let sup = y.items.allSatisfy { (try? x.contains($0)) == true }
            if sub && sup { return 0 }
            if sub { return -1 }
            if sup { return 1 }
            return 2
        default:
            throw typeError("'<' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
        }
    }

    /// Ordering of two values of which at least one is an object, through `<` and `>`.
    private static func compareObjects(_ a: ConfigValue, _ b: ConfigValue) throws -> Int {
        func less(_ x: ConfigValue, _ y: ConfigValue) throws -> Bool? {
            if case .object(let o) = x.kind, let r = try o.richCompare(.lt, y) { return r.isTruthy }
            if case .object(let o) = y.kind, let r = try o.richCompare(.gt, x) { return r.isTruthy }
            return nil
        }
        guard let lt = try less(a, b) else {
            throw typeError("'<' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
        }
        if lt { return -1 }
        return try less(b, a) == true ? 1 : 0
    }

    /// Python `x in container`.
    static func contains(_ container: ConfigValue, _ x: ConfigValue) throws -> Bool {
        switch container.kind {
        case .str(let s):
            guard let sub = x.stringValue else { throw typeError("'in <string>' requires string as left operand, not \(x.typeName)") }
            return sub.isEmpty || s.contains(sub)
        case .bytes(let b):
            if let i = x.intValue { return b.contains(UInt8(truncatingIfNeeded: i)) }
            if case .bytes(let sub) = x.kind { return sub.isEmpty || String(decoding: b, as: UTF8.self).contains(String(decoding: sub, as: UTF8.self)) }
            throw typeError("a bytes-like object is required")
        case .list(let l): return l.items.contains { equals($0, x) }
        case .tuple(let t): return t.contains { equals($0, x) }
        case .dict(let d): return try d.get(x) != nil
        case .set(let s): return try s.contains(x)
        case .module(let m) where m.typeName == "environ":
            guard let k = x.stringValue else { return false }
            return try m.attribute(k) != nil
        case .object(let o):
            if let r = try o.contains(x) { return r }
            if let items = try o.iterate() { return items.contains { equals($0, x) } }
            throw typeError("argument of type '\(container.typeName)' is not iterable")
        default: throw typeError("argument of type '\(container.typeName)' is not iterable")
        }
    }

    /// The elements `for x in v` visits (a snapshot).
    static func iterate(_ v: ConfigValue) throws -> [ConfigValue] {
        switch v.kind {
        case .list(let l): return l.items
        case .tuple(let t): return t
        case .str(let s): return s.unicodeScalars.map { .str(String($0)) }
        case .bytes(let b): return b.map { .int(Int($0)) }
        case .dict(let d): return d.keys
        case .set(let s): return s.items
        case .object(let o):
            guard let items = try o.iterate() else { throw typeError("'\(v.typeName)' object is not iterable") }
            return items
        default: throw typeError("'\(v.typeName)' object is not iterable")
        }
    }

    static func normalizeIndex(_ i: Int, count: Int, what: String) throws -> Int {
        let j = i < 0 ? i + count : i
        guard j >= 0 && j < count else { throw ConfigError(.key, "\(what) index out of range (index \(i), length \(count))", pythonClass: "IndexError") }
        return j
    }

    /// Python slice indices for a sequence of length `count`.
    public static func sliceIndices(_ lower: ConfigValue, _ upper: ConfigValue, _ step: ConfigValue, count: Int) throws -> [Int] {
        func toInt(_ v: ConfigValue) throws -> Int? {
            if v.isNone { return nil }
            guard let i = v.intValue else { throw typeError("slice indices must be integers or None, not \(v.typeName)") }
            return i
        }
        let st = try toInt(step) ?? 1
        if st == 0 { throw ConfigError(.value, "slice step cannot be zero") }
        func clamp(_ v: Int?, _ def: Int) -> Int {
            guard var x = v else { return def }
            if x < 0 { x += count; if x < 0 { x = st < 0 ? -1 : 0 } } else if x >= count { x = st < 0 ? count - 1 : count }
            return x
        }
        let start = clamp(try toInt(lower), st < 0 ? count - 1 : 0)
        let stop = clamp(try toInt(upper), st < 0 ? -1 : count)
        var out: [Int] = []
        var k = start
        while st > 0 ? k < stop : k > stop {
            out.append(k)
            let (next, overflow) = k.addingReportingOverflow(st)
            if overflow { break }
            k = next
        }
        return out
    }

    /// `container[index]`; `slice` is a 3-tuple marker built by the interpreter.
    static func getItem(_ c: ConfigValue, _ index: ConfigValue) throws -> ConfigValue {
        if case .object(let s as ConfigSlice) = index.kind {
            switch c.kind {
            case .list, .tuple, .str, .bytes: return try getSlice(c, s.lower, s.upper, s.step)
            default: break
            }
        }
        switch c.kind {
        case .list(let l):
            guard let i = index.intValue else { throw typeError("list indices must be integers or slices, not \(index.typeName)") }
            return l.items[try normalizeIndex(i, count: l.items.count, what: "list")]
        case .tuple(let t):
            guard let i = index.intValue else { throw typeError("tuple indices must be integers or slices, not \(index.typeName)") }
            return t[try normalizeIndex(i, count: t.count, what: "tuple")]
        case .str(let s):
            guard let i = index.intValue else { throw typeError("string indices must be integers, not \(index.typeName)") }
            // Python indexes code points, not grapheme clusters.
            let chars = Array(s.unicodeScalars)
            return .str(String(chars[try normalizeIndex(i, count: chars.count, what: "string")]))
        case .bytes(let b):
            guard let i = index.intValue else { throw typeError("byte indices must be integers or slices, not \(index.typeName)") }
            return .int(Int(b[try normalizeIndex(i, count: b.count, what: "bytes")]))
        case .dict(let d):
            guard let v = try d.get(index) else {
                throw ConfigError(.key, "KeyError: \(index.repr) is not in the dict" + suggestion(index, d))
            }
            return v
        case .module(let m) where m.typeName == "environ":
            guard let k = index.stringValue, let v = try m.attribute(k) else { throw ConfigError(.key, "KeyError: \(index.repr) is not set in the environment; use os.environ.get(key, default)") }
            return v
        case .object(let o): return try o.getItem(index)
        case .function(let f) where f.typeTag != nil:
            // `list[int]`, `dict[str, Any]` in annotations evaluated at run time
            return c
        default:
            throw typeError("'\(c.typeName)' object is not subscriptable")
        }
    }

    private static func suggestion(_ key: ConfigValue, _ d: ConfigDict) -> String {
        guard let k = key.stringValue else { return "" }
        let names = d.keys.compactMap { $0.stringValue }
        if let s = EditDistance.closest(to: k, in: names) { return "; did you mean '\(s)'?" }
        return ""
    }

    /// `container[lower:upper:step]`.
    static func getSlice(_ c: ConfigValue, _ lo: ConfigValue, _ hi: ConfigValue, _ st: ConfigValue) throws -> ConfigValue {
        switch c.kind {
        case .list(let l):
            let idx = try sliceIndices(lo, hi, st, count: l.items.count)
            return .list(idx.map { l.items[$0] })
        case .tuple(let t):
            let idx = try sliceIndices(lo, hi, st, count: t.count)
            return ConfigValue(.tuple(idx.map { t[$0] }))
        case .str(let s):
            let chars = Array(s.unicodeScalars)
            let idx = try sliceIndices(lo, hi, st, count: chars.count)
            var out = String.UnicodeScalarView()
            for k in idx { out.append(chars[k]) }
            return .str(String(out))
        case .bytes(let b):
            let idx = try sliceIndices(lo, hi, st, count: b.count)
            return ConfigValue(.bytes(idx.map { b[$0] }))
        case .object(let o): return try o.getSlice(lo, hi, st)
        default:
            throw typeError("'\(c.typeName)' object is not subscriptable")
        }
    }

    /// `container[index] = value`.
    static func setItem(_ c: ConfigValue, _ index: ConfigValue, _ value: ConfigValue) throws {
        if case .list = c.kind, case .object(let s as ConfigSlice) = index.kind { return try setSlice(c, s.lower, s.upper, s.step, value) }
        switch c.kind {
        case .list(let l):
            guard let i = index.intValue else { throw typeError("list indices must be integers or slices, not \(index.typeName)") }
            l.items[try normalizeIndex(i, count: l.items.count, what: "list assignment")] = value
        case .dict(let d):
            try d.set(index, value)
        case .object(let o): try o.setItem(index, value)
        default:
            throw typeError("'\(c.typeName)' object does not support item assignment")
        }
    }

    /// `container[lower:upper] = value` for lists (step 1 only).
    static func setSlice(_ c: ConfigValue, _ lo: ConfigValue, _ hi: ConfigValue, _ st: ConfigValue, _ value: ConfigValue) throws {
        if case .object(let o) = c.kind { return try o.setItem(ConfigValue(.object(ConfigSlice(lo, hi, st))), value) }
        guard case .list(let l) = c.kind else { throw typeError("'\(c.typeName)' object does not support slice assignment") }
        guard st.isNone || st.intValue == 1 else { throw ConfigError(.unsupported, "extended slice assignment is not supported in configs") }
        let n = l.items.count
        var a = lo.isNone ? 0 : (lo.intValue ?? 0)
        var b = hi.isNone ? n : (hi.intValue ?? n)
        if a < 0 { a = max(0, a + n) }
        if b < 0 { b = max(0, b + n) }
        a = min(a, n); b = max(a, min(b, n))
        l.items.replaceSubrange(a..<b, with: try iterate(value))
    }

    /// `del container[lower:upper:step]` for lists.
    static func delSlice(_ c: ConfigValue, _ lo: ConfigValue, _ hi: ConfigValue, _ st: ConfigValue) throws {
        guard case .list(let l) = c.kind else { throw typeError("'\(c.typeName)' object doesn't support item deletion") }
        let idx = Set(try sliceIndices(lo, hi, st, count: l.items.count))
        l.items = l.items.enumerated().filter { !idx.contains($0.offset) }.map { $0.element }
    }

    /// `del container[index]`.
    static func delItem(_ c: ConfigValue, _ index: ConfigValue) throws {
        switch c.kind {
        case .list(let l):
            guard let i = index.intValue else { throw typeError("list indices must be integers, not \(index.typeName)") }
            l.items.remove(at: try normalizeIndex(i, count: l.items.count, what: "list"))
        case .dict(let d):
            guard try d.remove(index) != nil else { throw ConfigError(.key, "KeyError: \(index.repr)") }
        case .object(let o): try o.deleteItem(index)
        default:
            throw typeError("'\(c.typeName)' object doesn't support item deletion")
        }
    }
}
