/// Integers per data key with an optional broadcast value (RETURNN `NumbersDict`).
///
/// `self[key]` is the key's own value, else the broadcast value, else `nil`. Binary operations
/// combine the union of keys (a missing side takes its broadcast value, or the neutral element
/// when it has none) and the two broadcast values, exactly as upstream `NumbersDict.bin_op`.
/// Used for batch sizes, sequence lengths, chunk sizes and frame offsets.
public struct NumbersDict: Sendable, Equatable, CustomStringConvertible {
    /// Keys in insertion order (RETURNN iterates dict keys in that order).
    public private(set) var keys: [String]
    /// Per-key values.
    public private(set) var dict: [String: Int]
    /// Broadcast value for keys not in `dict` (`nil`: no value for other keys).
    public var value: Int?

    /// Only a broadcast value: `NumbersDict(5)`.
    public init(_ value: Int?) {
        keys = []
        dict = [:]
        self.value = value
    }

    /// Per-key values in the given order, plus an optional broadcast value.
    public init(_ pairs: KeyValuePairs<String, Int>, value: Int? = nil) {
        self.init(orderedPairs: pairs.map { ($0.key, $0.value) }, value: value)
    }

    /// Per-key values in the given order, plus an optional broadcast value.
    public init(orderedPairs: [(String, Int)], value: Int? = nil) {
        keys = []
        dict = [:]
        self.value = value
        for (k, v) in orderedPairs { self[k] = v }
    }

    /// The key's value, or the broadcast value; setting adds the key if new.
    public subscript(key: String) -> Int? {
        get { dict[key] ?? value }
        set {
            if let v = newValue {
                if dict[key] == nil { keys.append(key) }
                dict[key] = v
            } else if dict.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// All values: the per-key ones, then the broadcast value.
    public var values: [Int] { keys.map { dict[$0]! } + (value.map { [$0] } ?? []) }

    /// Largest of `values` (`nil` when empty).
    public var maxValue: Int? { values.max() }

    /// Smallest of `values` (`nil` when empty).
    public var minValue: Int? { values.min() }

    /// Same keys (and broadcast presence) as `other`, every value `constant` (`constant_like`).
    public static func constantLike(_ constant: Int, _ other: NumbersDict) -> NumbersDict {
        NumbersDict(orderedPairs: other.keys.map { ($0, constant) }, value: other.value == nil ? nil : constant)
    }

    /// Upstream `copy_like`: this dict's values restricted to the keys of `other`.
    public func copyLike(_ other: NumbersDict) -> NumbersDict {
        if let v = value {
            return NumbersDict(orderedPairs: other.keys.map { ($0, self[$0]!) }, value: other.value == nil ? nil : v)
        }
        return NumbersDict(orderedPairs: other.keys.compactMap { k in dict[k].map { (k, $0) } }, value: nil)
    }

    /// Upstream `bin_op`: union of keys, missing operands take `zero`.
    public static func binaryOp(_ a: NumbersDict, _ b: NumbersDict, zero: Int, _ op: (Int, Int) -> Int) -> NumbersDict {
        var res = NumbersDict(nil)
        var seen = Set<String>()
        for k in a.keys + b.keys where seen.insert(k).inserted {
            res[k] = op(a[k] ?? zero, b[k] ?? zero)
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
        for k in keys {
            if let o = other.dict[k] {
                if cmp(dict[k]!, o) { return true }
            } else if let ov = other.value, cmp(dict[k]!, ov) {
                return true
            }
        }
        if let v = value, let ov = other.value, cmp(v, ov) { return true }
        return false
    }

    /// True when any value is non-zero (Python truthiness of a NumbersDict).
    public var isNonZero: Bool { values.contains { $0 != 0 } }

    /// Equality of values over the union of keys and broadcast values (order-insensitive).
    public static func == (a: NumbersDict, b: NumbersDict) -> Bool {
        a.dict == b.dict && a.value == b.value
    }

    /// `{'data': 3, 'classes': 4}` or `NumbersDict(5)` style text.
    public var description: String {
        let body = keys.map { "'\($0)': \(dict[$0]!)" }.joined(separator: ", ")
        if let v = value { return keys.isEmpty ? "NumbersDict(\(v))" : "NumbersDict({\(body)}, value=\(v))" }
        return "{\(body)}"
    }
}
