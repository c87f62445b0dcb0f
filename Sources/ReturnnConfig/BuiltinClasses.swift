/// The built-in classes of the config language: `object`, `type` and Python's exception
/// hierarchy (plus `subprocess`'s, `re.error`, `json.JSONDecodeError`), one set per config runtime.
///
/// Errors of the interpreter (`ConfigError`) become instances of these classes when a config's
/// `except` clause looks at them: `d["missing"]` is a `KeyError`, `int("x")` a `ValueError`.
final class BuiltinClasses {
    /// `object`, the root of every class.
    let object: ConfigClass
    /// `type`.
    let type: ConfigClass
    /// Exception classes by name (also `IOError`/`EnvironmentError` for `OSError`,
    /// `SubprocessError`, `CalledProcessError`, `TimeoutExpired` of `subprocess`, `error` of `re`
    /// and `JSONDecodeError` of `json`).
    private(set) var exceptions: [String: ConfigClass] = [:]

    /// Python's exception tree: (class, base); bases come first.
    static let hierarchy: [(String, String?)] = [
        ("BaseException", nil), ("SystemExit", "BaseException"), ("KeyboardInterrupt", "BaseException"),
        ("GeneratorExit", "BaseException"), ("Exception", "BaseException"), ("StopIteration", "Exception"),
        ("ArithmeticError", "Exception"), ("FloatingPointError", "ArithmeticError"), ("OverflowError", "ArithmeticError"),
        ("ZeroDivisionError", "ArithmeticError"), ("AssertionError", "Exception"), ("AttributeError", "Exception"),
        ("BufferError", "Exception"), ("EOFError", "Exception"), ("ImportError", "Exception"),
        ("ModuleNotFoundError", "ImportError"), ("LookupError", "Exception"), ("IndexError", "LookupError"),
        ("KeyError", "LookupError"), ("MemoryError", "Exception"), ("NameError", "Exception"),
        ("UnboundLocalError", "NameError"), ("OSError", "Exception"), ("FileExistsError", "OSError"),
        ("FileNotFoundError", "OSError"), ("IsADirectoryError", "OSError"), ("NotADirectoryError", "OSError"),
        ("PermissionError", "OSError"), ("TimeoutError", "OSError"), ("RuntimeError", "Exception"),
        ("NotImplementedError", "RuntimeError"), ("RecursionError", "RuntimeError"), ("TypeError", "Exception"),
        ("ValueError", "Exception"), ("UnicodeError", "ValueError"), ("UnicodeDecodeError", "UnicodeError"),
        ("UnicodeEncodeError", "UnicodeError"), ("Warning", "Exception"), ("UserWarning", "Warning"),
        ("DeprecationWarning", "Warning"), ("RuntimeWarning", "Warning"), ("SubprocessError", "Exception"),
        ("CalledProcessError", "SubprocessError"), ("TimeoutExpired", "SubprocessError"),
        ("error", "Exception"), ("JSONDecodeError", "ValueError"),
    ]

    /// Names that are Python aliases of `OSError`.
    static let osErrorAliases = ["IOError", "EnvironmentError"]

    /// Exception classes that live in a module, not in builtins: `subprocess`'s, `re.error` and
    /// `json.JSONDecodeError`.
    static let moduleClasses: [String: String] = [
        "SubprocessError": "subprocess", "CalledProcessError": "subprocess", "TimeoutExpired": "subprocess",
        "error": "re", "JSONDecodeError": "json",
    ]

    init() {
        // swiftlint:disable force_try
        object = try! ConfigClass(name: "object", module: "builtins", bases: [], namespace: ConfigDict(), isBuiltin: true)
        type = try! ConfigClass(name: "type", module: "builtins", bases: [object], namespace: ConfigDict(), isBuiltin: true)
        for (name, base) in Self.hierarchy {
            let ns = ConfigDict()
            if name == "BaseException" {
                ns.set("__init__", Self.method("__init__") { a, _ in
                    try Self.instance(a).dict.set("args", ConfigValue(.tuple(Array(a.dropFirst()))))
                    return .none
                })
            }
            if name == "CalledProcessError" {
                ns.set("__init__", Self.method("__init__") { a, kw in
                    let names = ["returncode", "cmd", "output", "stderr"]
                    let inst = try Self.instance(a)
                    var values = Array(a.dropFirst())
                    for (k, v) in kw {
                        guard let i = names.firstIndex(of: k) else { throw ConfigError(.type, "CalledProcessError() got an unexpected keyword argument '\(k)'") }
                        while values.count <= i { values.append(.none) }
                        values[i] = v
                    }
                    guard values.count >= 2 else { throw ConfigError(.type, "CalledProcessError() needs returncode and cmd") }
                    for (i, n) in names.enumerated() { inst.dict.set(n, i < values.count ? values[i] : .none) }
                    inst.dict.set("stdout", inst.dict.get("output") ?? .none)
                    inst.dict.set("args", ConfigValue(.tuple(Array(values.prefix(2)))))
                    return .none
                })
                ns.set("__str__", Self.method("__str__") { a, _ in
                    let inst = try Self.instance(a)
                    let code = inst.dict.get("returncode") ?? .none
                    return .str("Command '\(ValueFormatting.str(inst.dict.get("cmd") ?? .none))' returned non-zero exit status \(ValueFormatting.str(code)).")
                })
            }
            let module = Self.moduleClasses[name] ?? "builtins"
            exceptions[name] = try! ConfigClass(name: name, module: module, bases: [base.map { exceptions[$0]! } ?? object],
                                                namespace: ns, isBuiltin: true)
        }
        // swiftlint:enable force_try
        for alias in Self.osErrorAliases { exceptions[alias] = exceptions["OSError"] }
    }

    private static func method(_ name: String, _ body: @escaping ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue) -> ConfigValue {
        ConfigValue(.function(ConfigFunction(name: name, bindsAsMethod: true, body)))
    }

    private static func instance(_ a: [ConfigValue]) throws -> ConfigInstance {
        guard case .object(let i as ConfigInstance)? = a.first?.kind else { throw ConfigError(.type, "descriptor needs an instance") }
        return i
    }

    /// A new exception instance of the built-in class `name` with `args`.
    func make(_ name: String, args: [ConfigValue]) -> ConfigValue {
        let cls = exceptions[name] ?? exceptions["Exception"]!
        let inst = ConfigInstance(cls)
        inst.dict.set("args", ConfigValue(.tuple(args)))
        return ConfigValue(.object(inst))
    }

    /// The exception object a config's `except` clause sees for `error`, or nil when configs
    /// cannot catch it (syntax errors, limits, unsupported constructs).
    func exception(for error: ConfigError) -> ConfigValue? {
        if let raised = error.raisedValue { return raised.value }
        guard let name = error.exceptionClassName else { return nil }
        var message = error.message
        if name == "KeyError", message.hasPrefix("KeyError: ") { message.removeFirst("KeyError: ".count) }
        return make(name, args: [.str(message)])
    }
}
