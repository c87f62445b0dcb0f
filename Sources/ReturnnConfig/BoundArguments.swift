/// The arguments of a call to a native function, bound to its parameter names as Python binds
/// them (positional first, then keywords; `"*"` in the parameter list starts keyword-only
/// parameters). Used by the native modules with many optional parameters (`numpy.linspace`,
/// `re.sub`, `json.dumps`) and the TF functions of `eval` layers.
///
/// ```swift
/// let p = try BoundArguments("linspace", args, kwargs, ["start", "stop", "num", "endpoint"], required: 2)
/// let num = try p.int("num") ?? 50
/// ```
public struct BoundArguments {
    /// The function name, for messages.
    public let function: String
    private var values: [String: ConfigValue] = [:]

    /// Binds `args` and `kwargs` to `params`; the first `required` parameters must be given.
    public init(_ function: String, _ args: [ConfigValue], _ kwargs: [(String, ConfigValue)], _ params: [String], required: Int = 0) throws {
        self.function = function
        let positional = params.firstIndex(of: "*").map { Array(params[..<$0]) } ?? params
        let names = params.filter { $0 != "*" }
        if args.count > positional.count {
            let takes = required == positional.count ? "\(required)" : "from \(required) to \(positional.count)"
            throw ConfigError(.type, "\(function)() takes \(takes) positional argument\(positional.count == 1 ? "" : "s") but \(args.count) were given")
        }
        for (p, v) in zip(positional, args) { values[p] = v }
        for (k, v) in kwargs {
            guard names.contains(k) else {
                var msg = "\(function)() got an unexpected keyword argument '\(k)'"
                if let s = EditDistance.closest(to: k, in: names) { msg += "; did you mean '\(s)'?" }
                throw ConfigError(.type, msg)
            }
            if values[k] != nil { throw ConfigError(.type, "\(function)() got multiple values for argument '\(k)'") }
            values[k] = v
        }
        for p in names.prefix(required) where values[p] == nil {
            throw ConfigError(.type, "\(function)() missing required argument '\(p)'")
        }
    }

    /// The argument `name` as given (also when it is `None`), or nil when not given.
    public subscript(_ name: String) -> ConfigValue? { values[name] }

    /// The argument `name`, or nil when not given or `None`.
    public func value(_ name: String) -> ConfigValue? {
        guard let v = values[name], !v.isNone else { return nil }
        return v
    }

    /// An int argument, or nil when not given or `None`.
    public func int(_ name: String) throws -> Int? {
        guard let v = value(name) else { return nil }
        guard let i = v.intValue else { throw ConfigError(.type, "\(function)(): '\(name)' must be an integer, not '\(v.typeName)'") }
        return i
    }

    /// A number argument as Double, or nil when not given or `None`.
    public func double(_ name: String) throws -> Double? {
        guard let v = value(name) else { return nil }
        if case .object(let o) = v.kind, let n = try o.numberValue(), let d = n.doubleValue { return d }
        guard let d = v.doubleValue else { throw ConfigError(.type, "\(function)(): '\(name)' must be a number, not '\(v.typeName)'") }
        return d
    }

    /// A str argument, or nil when not given or `None`.
    public func str(_ name: String) throws -> String? {
        guard let v = value(name) else { return nil }
        guard let s = v.stringValue else { throw ConfigError(.type, "\(function)(): '\(name)' must be a str, not '\(v.typeName)'") }
        return s
    }

    /// A truth-value argument, or `default` when not given.
    public func bool(_ name: String, default d: Bool) -> Bool { values[name].map { $0.isTruthy } ?? d }
}
