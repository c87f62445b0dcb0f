/// Calling values and reading or writing attributes: the same for every module.
extension ConfigRuntime {
    /// Calls any callable value; errors without a location get the call site's.
    func call(_ f: ConfigValue, _ args: [ConfigValue], _ kwargs: [(String, ConfigValue)], at loc: SourceLocation) throws -> ConfigValue {
        switch f.kind {
        case .function(let fn):
            let r = try located(loc) { try fn.call(args, kwargs) }
            if fn.isBuiltin { return r.location == .builtin ? r.at(loc) : r }
            return r
        case .object(let o) where o.isCallable:
            let r = try located(loc) { try o.call(args, kwargs) }
            return r.location == .builtin ? r.at(loc) : r
        case .module(let m) where m.typeName == NativeModules.unavailableTypeName:
            if let v = try located(loc, { try provided(m.name) }) { return try call(v, args, kwargs, at: loc) }
            _ = try located(loc) { try m.attribute("") }
        default: break
        }
        throw ConfigError(.type, "'\(f.typeName)' object is not callable", at: loc)
    }

    func located<T>(_ loc: SourceLocation, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ConfigError { throw e.located(loc) }
    }

    /// Internals a config may read on any value.
    private static let readableDunders: Set<String> = ["__name__", "__doc__", "__class__", "__dict__", "__module__", "__qualname__"]

    /// `obj.name`: attributes of objects and modules, and the methods of str, list, dict, ...
    func getAttribute(_ obj: ConfigValue, _ name: String) throws -> ConfigValue {
        switch obj.kind {
        case .object(let o):
            if let v = try o.attribute(name) { return v }
            var msg = "'\(o.typeName)' object has no attribute '\(name)'"
            if case let c as ConfigClass = o { msg = "type object '\(c.name)' has no attribute '\(name)'" }
            if let s = EditDistance.closest(to: name, in: o.attributeNames) { msg += "; did you mean '\(s)'?" }
            throw ConfigError(.name, msg, pythonClass: "AttributeError")
        case .module(let m):
            if let v = try m.attribute(name) { return v }
            if name == "__name__" { return .str(m.name) }
            var msg = "\(m.typeName == "module" ? "module" : "'\(m.typeName)' object") '\(m.name)' has no attribute '\(name)'"
            if let why = NativeModules.refusedAttributes[name] {
                msg += "; '\(m.name).\(name)' is not available in configs: \(why)"
                throw ConfigError(.unsupported, msg, pythonClass: "AttributeError")
            } else if let s = EditDistance.closest(to: name, in: m.attributeNames) {
                msg += "; did you mean '\(s)'?"
            } else if m.typeName == "module" {
                msg += "; the config sandbox provides: " + m.attributeNames.joined(separator: ", ")
            }
            throw ConfigError(.name, msg, pythonClass: "AttributeError")
        case .function(let f):
            switch name {
            case "__name__", "__qualname__": return .str(f.typeTag ?? f.name)
            case "__doc__": return f.userInfo?.definition.docstring.map { .str($0) } ?? .none
            case "__module__": return .str(f.isBuiltin ? "builtins" : "__main__")
            case "__self__": if let b = f.boundTo { return b.instance }
            case "__func__": if let b = f.boundTo { return ConfigValue(.function(b.function)) }
            default: break
            }
        default:
            break
        }
        if name == "__class__" { return try typeOf(obj) }
        switch (obj.kind, name) {
        case (.int, "real"), (.float, "real"), (.int, "numerator"): return obj
        case (.bool(let b), "real"), (.bool(let b), "numerator"): return .int(b ? 1 : 0)
        case (.int, "imag"), (.bool, "imag"): return .int(0)
        case (.float, "imag"): return .float(0)
        case (.int, "denominator"), (.bool, "denominator"): return .int(1)
        default: break
        }
        if let method = try Methods.method(obj, name, self) { return ConfigValue(.function(method)) }
        if name.hasPrefix("__"), !Self.readableDunders.contains(name) {
            throw ConfigError(.unsupported, "attribute access to internals ('\(name)') of a '\(obj.typeName)' value is not supported in configs", pythonClass: "AttributeError")
        }
        throw ConfigError(.name, "'\(obj.typeName)' object has no attribute '\(name)'", pythonClass: "AttributeError")
    }

    /// `obj.name = value`: objects (instances, classes) and the writable module attributes.
    func setAttribute(_ obj: ConfigValue, _ name: String, _ value: ConfigValue) throws {
        switch obj.kind {
        case .object(let o): try o.setAttribute(name, value)
        case .function(let f):
            throw ConfigError(.unsupported, "setting attribute '\(name)' on function '\(f.name)' is not supported in configs", pythonClass: "AttributeError")
        case .module(let m):
            throw ConfigError(.unsupported, "setting attribute '\(name)' of module '\(m.name)' is not supported in configs", pythonClass: "AttributeError")
        default:
            throw ConfigError(.name, "'\(obj.typeName)' object has no attribute '\(name)' (values of built-in types have no settable attributes)", pythonClass: "AttributeError")
        }
    }

    /// `type(v)`: the class of an instance, or the builtin type (`int`, `str`, ...).
    func typeOf(_ v: ConfigValue) throws -> ConfigValue {
        if case .object(let o) = v.kind {
            if let c = o.pyClass { return ConfigValue(.object(c)) }
            if o is ConfigClass { return ConfigValue(.object(classes.type)) }
        }
        if let t = builtins[v.typeName] { return t }
        return ConfigValue(.object(NamedType(v.typeName)))
    }
}

/// The type of a value that has no class object in the sandbox (`type(os)`, `type(len)`):
/// prints as `<class 'name'>` and compares by name.
final class NamedType: PyObject {
    let name: String
    init(_ name: String) { self.name = name }
    override var typeName: String { "type" }
    override func attribute(_ name: String) throws -> ConfigValue? { name == "__name__" ? .str(self.name) : nil }
    override func repr() throws -> String { "<class '\(name)'>" }
    override func richCompare(_ op: CompareOperator, _ other: ConfigValue) throws -> ConfigValue? {
        guard op == .eq || op == .ne else { return nil }
        guard case .object(let o as NamedType) = other.kind else { return .bool(op == .ne) }
        return .bool((o.name == name) == (op == .eq))
    }
    override func hashKey() throws -> ConfigHashKey { .str("<type>" + name) }
}
