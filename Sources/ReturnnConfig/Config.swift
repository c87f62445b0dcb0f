import Foundation

/// RETURNN's config store (`returnn/config.py` `Config`): a typed store (the Python config's
/// globals, JSON values, `set`/`update`) and an untyped store (line-based files and `++key value`
/// for keys not typed before, as lists of strings). A typed key wins.
///
/// The getters follow upstream exactly (see the spec §2.2), including its quirks: `float` keeps
/// typed ints, `typedValue` ignores untyped keys, `bool` parses "2" as True. Errors name the key
/// and where it was set.
public final class Config {
    /// The typed store; for Python configs this is the config's global namespace.
    public let typed: ConfigNamespace
    /// The untyped store: key → list of strings.
    public private(set) var untyped: [String: [String]] = [:]
    /// Keys of the untyped store in the order they were set.
    public private(set) var untypedOrder: [String] = []
    /// Where each untyped key was set.
    public private(set) var untypedLocations: [String: SourceLocation] = [:]
    /// Config files loaded, in order.
    public private(set) var files: [String] = []
    /// Warnings produced while loading (e.g. a `++key value` that could not be evaluated); the
    /// CLI prints them on v1 once the log is set up.
    public private(set) var warnings: [String] = []
    /// What the config sandbox sees of the outside world.
    public let environment: ConfigEnvironment
    /// The `config` object visible inside Python configs.
    public private(set) lazy var configObject: ConfigValue = ConfigObject.make(self)
    /// What the config's modules share while they are evaluated (builtins, imported modules).
    private(set) lazy var runtime: ConfigRuntime = {
        let rt = ConfigRuntime(environment: environment)
        rt.configObject = configObject
        return rt
    }()

    /// Creates an empty store.
    public init(environment: ConfigEnvironment) {
        self.typed = ConfigNamespace()
        self.environment = environment
    }

    func warn(_ text: String) { warnings.append(text) }

    /// Sets (or clears) the provider of names of modules the sandbox lacks, by full dotted name:
    /// the network sets one while an `eval` layer runs config code that calls TF functions
    /// (`tf.reduce_sum`, `TFUtil.where_bc`), so that those calls reach its implementations.
    public func setModuleProvider(_ provider: ((String) throws -> ConfigValue?)?) {
        runtime.moduleProvider = provider
    }

    /// Evaluates a Python expression (an `eval` layer's string) over the config's globals, with
    /// `locals` as extra names; errors are located at `location`.
    /// The expression is parsed once per text and location (an `eval` layer in a rec loop
    /// evaluates the same one at every frame).
    public func evaluate(_ expression: String, locals: [(String, ConfigValue)], location: SourceLocation) throws -> ConfigValue {
        let interp = Interpreter(globals: typed, runtime: runtime, file: location.file)
        let scope = Scope(parent: nil)
        for (k, v) in locals { scope.vars[k] = v }
        let wasOnLargeStack = runtime.onLargeStack
        return try LargeStack.run {
            // On the large-stack worker: the cache is only touched there.
            let key = ParsedExpressionKey(text: expression, location: location)
            let parsed: Expr
            if let p = self.parsedExpressions[key] {
                parsed = p
            } else {
                parsed = try Parser.parseExpression(expression, file: location.file, at: location)
                self.parsedExpressions[key] = parsed
            }
            self.runtime.onLargeStack = true
            self.runtime.steps = 0
            defer { self.runtime.onLargeStack = wasOnLargeStack }
            return try self.runtime.withFrame(.init(interpreter: interp, scope: scope, function: nil)) { try interp.eval(parsed, scope) }
        }
    }

    /// Parsed `evaluate` expressions by text and location.
    private var parsedExpressions: [ParsedExpressionKey: Expr] = [:]

    /// The key of `parsedExpressions`.
    private struct ParsedExpressionKey: Hashable {
        let text: String
        let location: SourceLocation
    }

    /// Syntax trees of the loaded Python configs.
    private var modules: [[Stmt]] = []

    func keepAlive(_ body: [Stmt]) { modules.append(body) }

    // MARK: stores

    /// `has(key)`: set in either store.
    public func has(_ key: String) -> Bool { typed.contains(key) || untyped[key] != nil }

    /// `is_typed(key)`.
    public func isTyped(_ key: String) -> Bool { typed.contains(key) }

    /// `set(key, value)`: writes the typed store.
    public func set(_ key: String, _ value: ConfigValue) { typed[key] = value }

    /// Removes a typed value (e.g. to undo a per-epoch `#config` override).
    public func remove(_ key: String) { typed[key] = nil }

    /// `update(dict)`: `set` for each entry.
    public func update(_ values: [(String, ConfigValue)]) { for (k, v) in values { set(k, v) } }

    /// Where `key` was set (typed value's location, or the untyped line), if it is set.
    public func location(of key: String) -> SourceLocation? {
        if let v = typed[key] { return v.location }
        return untypedLocations[key]
    }

    /// Stores an untyped value (used by `addLine`).
    func setUntyped(_ key: String, _ values: [String], at loc: SourceLocation) {
        if untyped[key] == nil { untypedOrder.append(key) }
        untyped[key] = values
        untypedLocations[key] = loc
    }

    func noteFile(_ f: String) { files.append(f) }

    /// A type error for `key` that names the key and where the config set it.
    public func keyError(_ key: String, _ what: String) -> ConfigError {
        let loc = location(of: key)
        return ConfigError(.type, "config key '\(key)': \(what)", at: loc)
    }

    // MARK: getters with Python values (also used by the in-config `config` object)

    /// `value(key, default, index=None, list_join_str=",")`, returning a Python value.
    public func pyValue(_ key: String, _ def: ConfigValue, index: Int? = nil, listJoin: String = ",") throws -> ConfigValue {
        if let v = typed[key] {
            if let index {
                return .str(ValueFormatting.str(try indexed(key, v, index)), at: v.location)
            }
            if let items = v.sequenceItems { return .str(items.map { ValueFormatting.str($0) }.joined(separator: listJoin), at: v.location) }
            if v.isNone { return def }
            return .str(ValueFormatting.str(v), at: v.location)
        }
        if let ls = untyped[key] {
            let loc = untypedLocations[key] ?? .commandLine
            if let index {
                guard index >= -ls.count && index < ls.count else { throw keyError(key, "index \(index) out of range for \(ls.count) values") }
                return .str(ls[index < 0 ? index + ls.count : index], at: loc)
            }
            return .str(ls.joined(separator: listJoin), at: loc)
        }
        return def
    }

    private func indexed(_ key: String, _ v: ConfigValue, _ index: Int) throws -> ConfigValue {
        do { return try Operators.getItem(v, .int(index)) } catch let e as ConfigError { throw keyError(key, e.message) }
    }

    /// `typed_value(key, default=None, index=None)`.
    public func pyTypedValue(_ key: String, _ def: ConfigValue = .none, index: Int? = nil) throws -> ConfigValue {
        let v = typed[key] ?? def
        guard let index else { return v }
        if v.sequenceItems != nil { return try indexed(key, v, index) }
        guard index == 0 else { throw keyError(key, "index \(index) given, but the value \(v.repr) is not a list") }
        return v
    }

    /// `opt_typed_value(key, default=None)`.
    public func pyOptTypedValue(_ key: String, _ def: ConfigValue = .none) throws -> ConfigValue {
        if let v = typed[key] { return v }
        return try pyValue(key, def)
    }

    /// `int(key, default, index=0)`.
    public func pyInt(_ key: String, _ def: ConfigValue, index: Int = 0) throws -> ConfigValue {
        if typed.contains(key) {
            let v = try pyTypedValue(key, def, index: index)
            if !v.isNone && v.intValue == nil { throw keyError(key, "expected an int, got \(v.typeName) \(v.repr)") }
            return v
        }
        if untyped[key] != nil {
            let s = try pyValue(key, def, index: index)
            guard let text = s.stringValue else { return s }
            do { return .int(try Builtins.parseInt(text, base: 10), at: s.location) } catch let e as ConfigError { throw keyError(key, e.message) }
        }
        return def
    }

    /// Upstream `to_bool`: an int string → its truth, else true/yes/on/1 or false/no/off/0.
    public static func toBool(_ s: String) -> Bool? {
        if let i = try? Builtins.parseInt(s, base: 10) { return i != 0 }
        switch s.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: return nil
        }
    }

    /// `bool(key, default, index=0)`.
    public func pyBool(_ key: String, _ def: ConfigValue, index: Int = 0) throws -> ConfigValue {
        if typed.contains(key) {
            var v = try pyTypedValue(key, def, index: index)
            if case .int(let i) = v.kind { v = .bool(i != 0, at: v.location) }
            if !v.isNone && v.boolValue == nil { throw keyError(key, "expected a bool, got \(v.typeName) \(v.repr)") }
            return v
        }
        guard untyped[key] != nil else { return def }
        let s = ValueFormatting.str(try pyValue(key, .none, index: index))
        if s.isEmpty { return def }
        guard let b = Config.toBool(s) else { throw keyError(key, "cannot parse \(ValueFormatting.strRepr(s)) as a bool (use true/false, yes/no, on/off or a number)") }
        return .bool(b, at: untypedLocations[key] ?? .commandLine)
    }

    /// `bool_or_other(key, default=None, index=0)`.
    public func pyBoolOrOther(_ key: String, _ def: ConfigValue = .none, index: Int = 0) throws -> ConfigValue {
        if typed.contains(key) { return try pyTypedValue(key, def, index: index) }
        guard untyped[key] != nil else { return def }
        let s = ValueFormatting.str(try pyValue(key, .none, index: index))
        if s.isEmpty { return def }
        let loc = untypedLocations[key] ?? .commandLine
        if let b = Config.toBool(s) { return .bool(b, at: loc) }
        return .str(s, at: loc)
    }

    /// `float(key, default, index=0)`: strings are parsed (also "inf"); an int stays an int.
    public func pyFloat(_ key: String, _ def: ConfigValue, index: Int = 0) throws -> ConfigValue {
        var v = typed.contains(key) ? try pyTypedValue(key, def, index: index) : try pyValue(key, def, index: index)
        if v.isNone { return v }
        if let s = v.stringValue {
            do { v = .float(try Builtins.parseFloat(s), at: v.location) } catch let e as ConfigError { throw keyError(key, e.message) }
        }
        guard v.doubleValue != nil else { throw keyError(key, "expected a float, got \(v.typeName) \(v.repr)") }
        return v
    }

    /// `list(key, default=[])`.
    public func pyList(_ key: String, _ def: [ConfigValue] = []) throws -> [ConfigValue] {
        if let v = typed[key] {
            if v.isNone { return def }
            return v.sequenceItems ?? [v]
        }
        guard let ls = untyped[key] else { return def }
        let loc = untypedLocations[key] ?? .commandLine
        return ls.map { .str($0, at: loc) }
    }

    // MARK: Swift getters

    /// `value(key, default)`: the value as a string (lists joined with `,`), or `default`.
    public func value(_ key: String, default def: String?, index: Int? = nil) throws -> String? {
        let v = try pyValue(key, def.map { .str($0) } ?? .none, index: index)
        return v.isNone ? nil : ValueFormatting.str(v)
    }

    /// `typed_value(key)`: the typed value, or nil (untyped keys give nil, as upstream).
    public func typedValue(_ key: String) -> ConfigValue? { typed[key] }

    /// `int(key, default)`; a typed `None` gives nil.
    public func int(_ key: String, default def: Int?, index: Int = 0) throws -> Int? {
        try pyInt(key, def.map { .int($0) } ?? .none, index: index).intValue
    }

    /// `bool(key, default)`; a typed `None` gives nil.
    public func bool(_ key: String, default def: Bool?, index: Int = 0) throws -> Bool? {
        try pyBool(key, def.map { .bool($0) } ?? .none, index: index).boolValue
    }

    /// `float(key, default)` as Double (upstream keeps ints as ints; here they convert).
    public func float(_ key: String, default def: Double?, index: Int = 0) throws -> Double? {
        try pyFloat(key, def.map { .float($0) } ?? .none, index: index).doubleValue
    }

    /// `is_true(key, default=False)`: typed → truthiness; untyped → `bool`.
    public func isTrue(_ key: String, default def: Bool = false) throws -> Bool {
        if let v = typed[key] { return v.isTruthy }
        return try bool(key, default: def) ?? def
    }

    /// `list(key)` as strings (`str()` of each element).
    public func stringList(_ key: String, default def: [String] = []) throws -> [String] {
        let v = try pyList(key, def.map { .str($0) })
        return v.map { ValueFormatting.str($0) }
    }

    /// `int_list(key, default=[])`.
    public func intList(_ key: String, default def: [Int] = []) throws -> [Int] {
        if typed.contains(key) {
            return try pyList(key, def.map { .int($0) }).map { x in
                guard let i = x.intValue else { throw keyError(key, "expected a list of ints, got element \(x.repr)") }
                return i
            }
        }
        return try stringList(key, default: def.map(String.init)).map { s in
            do { return try Builtins.parseInt(s, base: 10) } catch let e as ConfigError { throw keyError(key, e.message) }
        }
    }

    /// `float_list(key, default=[])`.
    public func floatList(_ key: String, default def: [Double] = []) throws -> [Double] {
        if typed.contains(key) {
            return try pyList(key, def.map { .float($0) }).map { x in
                guard let d = x.doubleValue, x.boolValue == nil else { throw keyError(key, "expected a list of numbers, got element \(x.repr)") }
                return d
            }
        }
        return try stringList(key, default: def.map { ValueFormatting.floatRepr($0) }).map { s in
            do { return try Builtins.parseFloat(s) } catch let e as ConfigError { throw keyError(key, e.message) }
        }
    }

    /// `int_pair(key, default=(0, 0))`: a typed scalar gives (v, v); untyped `"a:b"` gives (a, b).
    public func intPair(_ key: String, default def: (Int, Int) = (0, 0)) throws -> (Int, Int) {
        guard has(key) else { return def }
        if let v = typed[key] {
            let items = v.sequenceItems ?? [v, v]
            guard items.count == 2, let a = items[0].intValue, let b = items[1].intValue else {
                throw keyError(key, "expected an int or a pair of ints, got \(v.repr)")
            }
            return (a, b)
        }
        let s = try value(key, default: "") ?? ""
        do {
            if s.contains(":") {
                let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                return (try Builtins.parseInt(parts[0], base: 10), try Builtins.parseInt(parts[1], base: 10))
            }
            let v = try Builtins.parseInt(s, base: 10)
            return (v, v)
        } catch let e as ConfigError { throw keyError(key, e.message) }
    }

    /// The typed value of `key` if it is a function defined in the config (e.g. `get_network`).
    public func function(_ key: String) -> ConfigFunction? { typed[key]?.functionValue }
}
