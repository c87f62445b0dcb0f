/// Reads the options of one config dict (a layer, dataset, optimizer, ...) key by key, tracking
/// which keys were consumed; `finish()` rejects the rest with a "did you mean" suggestion and
/// the place the key was written.
///
/// ```swift
/// var r = try OptionReader(network["output"]!, context: "network.output")
/// let nOut = try r.int("n_out")
/// let act = try r.optionalString("activation")
/// try r.finish()
/// ```
public struct OptionReader {
    /// The dict being read.
    public let dict: ConfigDict
    /// Where the dict was written.
    public let location: SourceLocation
    /// Path used in messages, e.g. `network.output`.
    public let context: String
    /// Keys that were read but are not in the dict.
    private var absentReads: Set<String> = []
    /// Keys read so far.
    public private(set) var consumed: Set<String> = []

    /// Wraps a dict value; anything else is a `type` error naming `context`.
    public init(_ value: ConfigValue, context: String) throws {
        guard case .dict(let d) = value.kind else {
            throw ConfigError(.type, "\(context) must be a dict, got \(value.typeName) \(value.repr)", at: value.location)
        }
        self.dict = d
        self.location = value.location
        self.context = context
    }

    /// Whether `key` is present (does not consume it).
    public func has(_ key: String) -> Bool { dict.get(key) != nil }

    /// The raw value of `key` (consumed), or nil if absent.
    public mutating func optionalValue(_ key: String) -> ConfigValue? {
        consumed.insert(key)
        let v = dict.get(key)
        if v == nil { absentReads.insert(key) }
        return v
    }

    /// The raw value of `key` (consumed); missing is an error. When the dict has a key that
    /// looks like a misspelling of `key`, the error points at that key instead.
    public mutating func value(_ key: String) throws -> ConfigValue {
        guard let v = optionalValue(key) else {
            let unread = dict.keys.filter { !consumed.contains(ValueFormatting.str($0)) }
            if let typo = unread.first(where: { EditDistance.closest(to: ValueFormatting.str($0), in: [key]) != nil }) {
                throw ConfigError(.key, "\(context): unknown option '\(ValueFormatting.str(typo))'; did you mean '\(key)'? (a required option)",
                                  at: typo.location)
            }
            throw ConfigError(.key, "\(context): missing required option '\(key)'", at: location)
        }
        return v
    }

    private func typeError(_ key: String, _ v: ConfigValue, _ expected: String) -> ConfigError {
        ConfigError(.type, "\(context).\(key): expected \(expected), got \(v.typeName) \(v.repr)", at: v.location)
    }

    /// An int option (bools are rejected); missing is an error.
    public mutating func int(_ key: String) throws -> Int {
        let v = try value(key)
        guard case .int(let i) = v.kind else { throw typeError(key, v, "an int") }
        return i
    }

    /// An int option or nil when absent or `None`.
    public mutating func optionalInt(_ key: String) throws -> Int? {
        guard let v = optionalValue(key), !v.isNone else { return nil }
        guard case .int(let i) = v.kind else { throw typeError(key, v, "an int") }
        return i
    }

    /// An int option with a default.
    public mutating func int(_ key: String, default def: Int) throws -> Int { try optionalInt(key) ?? def }

    /// A number option (int or float); missing is an error.
    public mutating func double(_ key: String) throws -> Double {
        let v = try value(key)
        guard let d = number(v) else { throw typeError(key, v, "a number") }
        return d
    }

    private func number(_ v: ConfigValue) -> Double? {
        switch v.kind {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: return nil
        }
    }

    /// A number option or nil when absent or `None`.
    public mutating func optionalDouble(_ key: String) throws -> Double? {
        guard let v = optionalValue(key), !v.isNone else { return nil }
        guard let d = number(v) else { throw typeError(key, v, "a number") }
        return d
    }

    /// A number option with a default.
    public mutating func double(_ key: String, default def: Double) throws -> Double { try optionalDouble(key) ?? def }

    /// A bool option or nil when absent or `None` (ints 0/1 are accepted, as Python truthiness of ints).
    public mutating func optionalBool(_ key: String) throws -> Bool? {
        guard let v = optionalValue(key), !v.isNone else { return nil }
        switch v.kind {
        case .bool(let b): return b
        case .int(let i): return i != 0
        default: throw typeError(key, v, "a bool")
        }
    }

    /// A bool option with a default.
    public mutating func bool(_ key: String, default def: Bool) throws -> Bool { try optionalBool(key) ?? def }

    /// A str option; missing is an error.
    public mutating func string(_ key: String) throws -> String {
        let v = try value(key)
        guard let s = v.stringValue else { throw typeError(key, v, "a str") }
        return s
    }

    /// A str option or nil when absent or `None`.
    public mutating func optionalString(_ key: String) throws -> String? {
        guard let v = optionalValue(key), !v.isNone else { return nil }
        guard let s = v.stringValue else { throw typeError(key, v, "a str") }
        return s
    }

    /// A str option with a default.
    public mutating func string(_ key: String, default def: String) throws -> String { try optionalString(key) ?? def }

    /// A str or list/tuple of str (RETURNN's `"from": "data"` or `["a", "b"]`); absent gives nil.
    public mutating func optionalStringList(_ key: String) throws -> [String]? {
        guard let v = optionalValue(key), !v.isNone else { return nil }
        if let s = v.stringValue { return [s] }
        guard let items = v.sequenceItems else { throw typeError(key, v, "a str or a list of str") }
        return try items.map { x in
            guard let s = x.stringValue else { throw typeError(key, x, "a str (as list element)") }
            return s
        }
    }

    /// A list/tuple of ints (or one int); absent gives nil.
    public mutating func optionalIntList(_ key: String) throws -> [Int]? {
        guard let v = optionalValue(key), !v.isNone else { return nil }
        if case .int(let i) = v.kind { return [i] }
        guard let items = v.sequenceItems else { throw typeError(key, v, "an int or a list of ints") }
        return try items.map { x in
            guard case .int(let i) = x.kind else { throw typeError(key, x, "an int (as list element)") }
            return i
        }
    }

    /// A nested dict option as its own reader (context extended by the key); absent gives nil.
    public mutating func optionalDict(_ key: String) throws -> OptionReader? {
        guard let v = optionalValue(key), !v.isNone else { return nil }
        return try OptionReader(v, context: "\(context).\(key)")
    }

    /// Throws for the first unread key that looks like a misspelling of an option that was read
    /// and found absent. Callers use it when building from the options failed: a typo (e.g.
    /// `orth_symbol_file`) is then the likelier cause than the error it led to.
    public func checkTypos() throws {
        let absent = absentReads.sorted()
        for k in dict.keys {
            let name = ValueFormatting.str(k)
            if consumed.contains(name) { continue }
            if let s = EditDistance.closest(to: name, in: absent) {
                throw ConfigError(.key, "\(context): unknown option '\(name)'; did you mean '\(s)'?", at: k.location)
            }
        }
    }

    /// Marks keys as consumed without reading them (options handled elsewhere).
    public mutating func ignore(_ keys: [String]) { consumed.formUnion(keys) }

    /// Throws for the first key that was not consumed, naming the closest consumed key and
    /// where the unknown key was written.
    public func finish() throws {
        for k in dict.keys {
            let name = ValueFormatting.str(k)
            if consumed.contains(name) { continue }
            var msg = "\(context): unknown option '\(name)'"
            if let s = EditDistance.closest(to: name, in: consumed.sorted()) { msg += "; did you mean '\(s)'?" }
            throw ConfigError(.key, msg, at: k.location)
        }
    }
}
