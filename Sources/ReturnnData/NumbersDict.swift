/// Integers per data key with an optional broadcast value (RETURNN `NumbersDict`).
///
/// `self[key]` is the key's own value, else the broadcast value, else `nil`. Binary operations
/// combine the union of keys (a missing side takes its broadcast value, or the neutral element
/// when it has none) and the two broadcast values, exactly as upstream `NumbersDict.bin_op`.
/// Used for batch sizes, sequence lengths, chunk sizes and frame offsets.
public struct NumbersDict: Sendable, Equatable, CustomStringConvertible {
    /// (key, value) pairs in insertion order (RETURNN iterates dict keys in that order). A handful
    /// of keys at most, so a linear scan beats hashing.
    var entries: [(key: String, value: Int)]
    /// Broadcast value for keys not in the dict (`nil`: no value for other keys).
    public var value: Int?

    /// Keys in insertion order.
    public var keys: [String] { entries.map(\.key) }

    /// Per-key values (without the broadcast value).
    public var dict: [String: Int] {
        Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { _, b in b })
    }

    /// Only a broadcast value: `NumbersDict(5)`.
    public init(_ value: Int?) {
        entries = []
        self.value = value
    }

    /// Per-key values in the given order, plus an optional broadcast value.
    public init(_ pairs: KeyValuePairs<String, Int>, value: Int? = nil) {
        self.init(orderedPairs: pairs.map { ($0.key, $0.value) }, value: value)
    }

    /// Per-key values in the given order, plus an optional broadcast value.
    public init(orderedPairs: [(String, Int)], value: Int? = nil) {
        entries = []
        entries.reserveCapacity(orderedPairs.count)
        self.value = value
        for (k, v) in orderedPairs { self[k] = v }
    }

    /// The key's own value (no broadcast).
    @inline(__always)
    func own(_ key: String) -> Int? {
        for e in entries where e.key == key { return e.value }
        return nil
    }

    /// The key's value, or the broadcast value; setting adds the key if new.
    public subscript(key: String) -> Int? {
        get { own(key) ?? value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let v = newValue { entries[i].value = v } else { entries.remove(at: i) }
            } else if let v = newValue {
                entries.append((key, v))
            }
        }
    }

    /// All values: the per-key ones, then the broadcast value.
    public var values: [Int] { entries.map(\.value) + (value.map { [$0] } ?? []) }

    /// Largest of `values` (`nil` when empty).
    public var maxValue: Int? {
        var m = value
        for e in entries { m = Swift.max(m ?? e.value, e.value) }
        return m
    }

    /// Smallest of `values` (`nil` when empty).
    public var minValue: Int? {
        var m = value
        for e in entries { m = Swift.min(m ?? e.value, e.value) }
        return m
    }

    /// Same keys (and broadcast presence) as `other`, every value `constant` (`constant_like`).
    public static func constantLike(_ constant: Int, _ other: NumbersDict) -> NumbersDict {
        var r = NumbersDict(other.value == nil ? nil : constant)
        r.entries = other.entries.map { ($0.key, constant) }
        return r
    }

    /// Upstream `copy_like`: this dict's values restricted to the keys of `other`.
    public func copyLike(_ other: NumbersDict) -> NumbersDict {
        if let v = value {
            var r = NumbersDict(other.value == nil ? nil : v)
            r.entries = other.entries.map { ($0.key, self[$0.key]!) }
            return r
        }
        var r = NumbersDict(nil)
        r.entries = other.entries.compactMap { e in own(e.key).map { (e.key, $0) } }
        return r
    }

    /// Upstream `bin_op`: union of keys, missing operands take `zero`.
    public static func binaryOp(_ a: NumbersDict, _ b: NumbersDict, zero: Int, _ op: (Int, Int) -> Int) -> NumbersDict {
        var res = NumbersDict(nil)
        res.entries.reserveCapacity(a.entries.count + b.entries.count)
        for e in a.entries {
            res.entries.append((e.key, op(e.value, b[e.key] ?? zero)))
        }
        for e in b.entries where a.own(e.key) == nil {
            res.entries.append((e.key, op(a.value ?? zero, e.value)))
        }
        if a.value != nil || b.value != nil {
            res.value = op(a.value ?? zero, b.value ?? zero)
        }
        return res
    }

    /// Elementwise sum.
    public static func + (a: NumbersDict, b: NumbersDict) -> NumbersDict { binaryOp(a, b, zero: 0, +) }
    /// Elementwise difference.
    public static func - (a: NumbersDict, b: NumbersDict) -> NumbersDict { binaryOp(a, b, zero: 0, -) }
    /// Elementwise product.
    public static func * (a: NumbersDict, b: NumbersDict) -> NumbersDict { binaryOp(a, b, zero: 1, *) }
    /// Adds a scalar to every value (the scalar is broadcast like `a`).
    public static func + (a: NumbersDict, b: Int) -> NumbersDict { a + constantLike(b, a) }
    /// Multiplies every value by a scalar.
    public static func * (a: NumbersDict, b: Int) -> NumbersDict { a * constantLike(b, a) }

    /// Elementwise maximum over several dicts (`NumbersDict.max`).
    public static func max(_ items: [NumbersDict]) -> NumbersDict {
        items.dropFirst().reduce(items[0]) { binaryOp($0, $1, zero: Int.min, Swift.max) }
    }

    /// Elementwise minimum over several dicts (`NumbersDict.min`).
    public static func min(_ items: [NumbersDict]) -> NumbersDict {
        items.dropFirst().reduce(items[0]) { binaryOp($0, $1, zero: Int.max, Swift.min) }
    }

    /// Upstream `any_compare`: true if `cmp` holds for some key of `self` (against the other's
    /// value for that key or its broadcast value), or for the two broadcast values.
    public func anyCompare(_ other: NumbersDict, _ cmp: (Int, Int) -> Bool) -> Bool {
        for e in entries {
            if let o = other.own(e.key) {
                if cmp(e.value, o) { return true }
            } else if let ov = other.value, cmp(e.value, ov) {
                return true
            }
        }
        if let v = value, let ov = other.value, cmp(v, ov) { return true }
        return false
    }

    /// True when any value is non-zero (Python truthiness of a NumbersDict).
    public var isNonZero: Bool { entries.contains { $0.value != 0 } || (value ?? 0) != 0 }

    /// Same per-key values (in any order) and the same broadcast value.
    public static func == (a: NumbersDict, b: NumbersDict) -> Bool {
        a.value == b.value && a.entries.count == b.entries.count && a.entries.allSatisfy { b.own($0.key) == $0.value }
    }

    /// `{'data': 3, 'classes': 4}` or `NumbersDict(5)` style text.
    public var description: String {
        let body = entries.map { "'\($0.key)': \($0.value)" }.joined(separator: ", ")
        if let v = value { return keys.isEmpty ? "NumbersDict(\(v))" : "NumbersDict({\(body)}, value=\(v))" }
        return "{\(body)}"
    }
}
