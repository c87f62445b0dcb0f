import Foundation

/// The modules a config may import, implemented natively: `os` (path string functions,
/// `environ.get`, `getuid`, `getlogin`), `os.path`, `sys` (`argv`), `math`, `pwd` (`getpwuid`),
/// `returnn.util.basic` (`get_login_username`), `returnn.config` (`get_global_config`), and
/// `__future__`. Anything else is refused with a located explanation.
enum NativeModules {
    /// Module attributes that exist in Python but are refused by the sandbox.
    static let refusedAttributes: Set<String> = [
        "system", "popen", "remove", "unlink", "rmdir", "removedirs", "listdir", "scandir", "walk", "makedirs", "mkdir",
        "rename", "replace", "exists", "isfile", "isdir", "islink", "lexists", "open", "getcwd", "chdir", "kill", "fork",
        "execv", "execvp", "execl", "spawnv", "abspath", "realpath", "getsize", "getmtime", "expanduser", "expandvars",
        "stat", "lstat", "symlink", "readlink", "chmod", "chown", "putenv", "setdefault", "pop", "exit", "stdin",
        "stdout", "stderr", "path_hook", "modules", "getpwnam", "getpwall",
    ]

    /// Names of the importable modules (for messages).
    static let available = "os, os.path, sys, math, pwd, returnn.util.basic, returnn.config, __future__"

    // MARK: os.path (POSIX string functions)

    static func join(_ parts: [String]) -> String {
        var out = ""
        for (i, p) in parts.enumerated() {
            if p.hasPrefix("/") { out = p } else if i == 0 || out.isEmpty || out.hasSuffix("/") { out += p } else { out += "/" + p }
        }
        return out
    }

    static func splitext(_ p: String) -> (String, String) {
        let chars = Array(p)
        let sepIdx = chars.lastIndex(of: "/") ?? -1
        guard let dot = chars.lastIndex(of: "."), dot > sepIdx else { return (p, "") }
        // leading dots of the basename do not start an extension
        var k = sepIdx + 1
        while k < dot && chars[k] == "." { k += 1 }
        if k == dot { return (p, "") }
        return (String(chars[0..<dot]), String(chars[dot...]))
    }

    static func basename(_ p: String) -> String {
        guard let i = p.lastIndex(of: "/") else { return p }
        return String(p[p.index(after: i)...])
    }

    static func dirname(_ p: String) -> String {
        guard let i = p.lastIndex(of: "/") else { return "" }
        var head = String(p[...i])
        if head != String(repeating: "/", count: head.count) {
            while head.hasSuffix("/") { head.removeLast() }
        }
        return head
    }

    static func normpath(_ p: String) -> String {
        if p.isEmpty { return "." }
        let initialSlashes = p.hasPrefix("//") && !p.hasPrefix("///") ? 2 : (p.hasPrefix("/") ? 1 : 0)
        var comps: [String] = []
        for c in p.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
            if c == "." { continue }
            if c == ".." {
                if (initialSlashes == 0 && comps.isEmpty) || comps.last == ".." { comps.append(c) } else if !comps.isEmpty { comps.removeLast() }
                continue
            }
            comps.append(c)
        }
        let s = String(repeating: "/", count: initialSlashes) + comps.joined(separator: "/")
        return s.isEmpty ? "." : s
    }

    // MARK: module objects

    static func fn(_ name: String, _ body: @escaping ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue) -> ConfigValue {
        ConfigValue(.function(ConfigFunction(name: name, body)))
    }

    static func strArgs(_ name: String, _ a: [ConfigValue], _ n: Int) throws -> [String] {
        try Args.count(name, a, n, n)
        return try a.map { try Args.str(name, $0) }
    }

    static func osPath() -> ConfigValue {
        ConfigValue(.module(ConfigModule(name: "os.path", attributes: [
            ("join", fn("join") { a, _ in
                if a.isEmpty { throw ConfigError(.type, "join() takes at least 1 argument") }
                return .str(join(try a.map { try Args.str("join", $0) }))
            }),
            ("splitext", fn("splitext") { a, _ in
                let (r, e) = splitext(try strArgs("splitext", a, 1)[0])
                return ConfigValue(.tuple([.str(r), .str(e)]))
            }),
            ("basename", fn("basename") { a, _ in .str(basename(try strArgs("basename", a, 1)[0])) }),
            ("dirname", fn("dirname") { a, _ in .str(dirname(try strArgs("dirname", a, 1)[0])) }),
            ("normpath", fn("normpath") { a, _ in .str(normpath(try strArgs("normpath", a, 1)[0])) }),
            ("split", fn("split") { a, _ in
                let p = try strArgs("split", a, 1)[0]
                return ConfigValue(.tuple([.str(dirname(p)), .str(basename(p))]))
            }),
            ("isabs", fn("isabs") { a, _ in .bool(try strArgs("isabs", a, 1)[0].hasPrefix("/")) }),
            ("sep", .str("/")),
        ])))
    }

    static func os(_ interp: Interpreter) -> ConfigValue {
        let env = interp.environment
        let environ = ConfigModule(name: "os.environ", typeName: "environ", attributeNames: ["get"]) { name in
            if name == "get" {
                return fn("get") { a, _ in
                    try Args.count("get", a, 1, 2)
                    let k = try Args.str("get", a[0])
                    if let v = env.environment[k] { return .str(v) }
                    return a.count == 2 ? a[1] : .none
                }
            }
            if name == "keys" { return fn("keys") { _, _ in .list(env.environment.keys.sorted().map { .str($0) }) } }
            return nil
        }
        let environSubscript = ConfigModule(name: "os.environ", typeName: "environ", attributeNames: ["get", "keys"]) { name in
            if let m = try environ.attribute(name) { return m }
            return env.environment[name].map { .str($0) }
        }
        return ConfigValue(.module(ConfigModule(name: "os", attributes: [
            ("path", osPath()),
            ("environ", ConfigValue(.module(environSubscript))),
            ("getuid", fn("getuid") { a, _ in try Args.count("getuid", a, 0, 0); return .int(env.uid) }),
            ("getlogin", fn("getlogin") { a, _ in try Args.count("getlogin", a, 0, 0); return .str(env.userName) }),
            ("sep", .str("/")),
            ("linesep", .str("\n")),
        ])))
    }

    static func math() -> ConfigValue {
        func f1(_ name: String, _ op: @escaping (Double) throws -> Double) -> (String, ConfigValue) {
            (name, fn(name) { a, _ in
                try Args.count(name, a, 1, 1)
                guard let x = a[0].doubleValue else { throw ConfigError(.type, "must be real number, not \(a[0].typeName)") }
                return .float(try op(x))
            })
        }
        func domain(_ ok: Bool) throws { if !ok { throw ConfigError(.value, "math domain error") } }
        return ConfigValue(.module(ConfigModule(name: "math", attributes: [
            ("pi", .float(Double.pi)), ("e", .float(M_E)), ("tau", .float(2 * Double.pi)),
            ("inf", .float(.infinity)), ("nan", .float(.nan)),
            f1("sqrt") { x in try domain(x >= 0); return x.squareRoot() },
            f1("exp") { Foundation.exp($0) },
            f1("log2") { x in try domain(x > 0); return Foundation.log2(x) },
            f1("log10") { x in try domain(x > 0); return Foundation.log10(x) },
            f1("fabs") { Swift.abs($0) },
            f1("sin") { Foundation.sin($0) }, f1("cos") { Foundation.cos($0) }, f1("tan") { Foundation.tan($0) },
            f1("tanh") { Foundation.tanh($0) }, f1("atan") { Foundation.atan($0) },
            ("log", fn("log") { a, _ in
                try Args.count("log", a, 1, 2)
                guard let x = a[0].doubleValue else { throw ConfigError(.type, "must be real number, not \(a[0].typeName)") }
                try domain(x > 0)
                if a.count == 2 {
                    guard let b = a[1].doubleValue else { throw ConfigError(.type, "must be real number") }
                    try domain(b > 0 && b != 1)
                    return .float(Foundation.log(x) / Foundation.log(b))
                }
                return .float(Foundation.log(x))
            }),
            ("pow", fn("pow") { a, _ in
                try Args.count("pow", a, 2, 2)
                guard let x = a[0].doubleValue, let y = a[1].doubleValue else { throw ConfigError(.type, "must be real number") }
                return .float(Foundation.pow(x, y))
            }),
            ("floor", fn("floor") { a, _ in
                try Args.count("floor", a, 1, 1)
                if let i = a[0].intValue { return .int(i) }
                return .int(try Builtins.toInt(.float((a[0].doubleValue ?? .nan).rounded(.down))))
            }),
            ("ceil", fn("ceil") { a, _ in
                try Args.count("ceil", a, 1, 1)
                if let i = a[0].intValue { return .int(i) }
                return .int(try Builtins.toInt(.float((a[0].doubleValue ?? .nan).rounded(.up))))
            }),
            ("isnan", fn("isnan") { a, _ in try Args.count("isnan", a, 1, 1); return .bool(a[0].doubleValue?.isNaN ?? false) }),
            ("isinf", fn("isinf") { a, _ in try Args.count("isinf", a, 1, 1); return .bool(a[0].doubleValue?.isInfinite ?? false) }),
            ("isfinite", fn("isfinite") { a, _ in try Args.count("isfinite", a, 1, 1); return .bool(a[0].doubleValue?.isFinite ?? false) }),
            ("gcd", fn("gcd") { a, _ in
                try Args.count("gcd", a, 2, 2)
                var x = Swift.abs(try Args.int("gcd", a[0])), y = Swift.abs(try Args.int("gcd", a[1]))
                while y != 0 { (x, y) = (y, x % y) }
                return .int(x)
            }),
        ])))
    }

    static func sys(_ interp: Interpreter) -> ConfigValue {
        ConfigValue(.module(ConfigModule(name: "sys", attributes: [
            ("argv", .list(interp.environment.argv.map { .str($0) })),
            ("maxsize", .int(Int.max)),
            ("platform", .str("linux")),
        ])))
    }

    static func pwd(_ interp: Interpreter) -> ConfigValue {
        let env = interp.environment
        return ConfigValue(.module(ConfigModule(name: "pwd", attributes: [
            ("getpwuid", fn("getpwuid") { a, _ in
                try Args.count("getpwuid", a, 1, 1)
                let uid = try Args.int("getpwuid", a[0])
                guard uid == env.uid else { throw ConfigError(.key, "getpwuid(): uid not found: \(uid) (the sandbox knows only the current user)") }
                return ConfigValue(.tuple([.str(env.userName), .str("x"), .int(uid), .int(uid), .str(""), .str("/home/" + env.userName), .str("/bin/sh")]))
            }),
        ])))
    }

    static func returnnUtilBasic(_ interp: Interpreter) -> ConfigValue {
        let env = interp.environment
        return ConfigValue(.module(ConfigModule(name: "returnn.util.basic", attributes: [
            ("get_login_username", fn("get_login_username") { a, _ in
                try Args.count("get_login_username", a, 0, 0)
                return .str(env.userName)
            }),
        ])))
    }

    static func returnnConfig(_ interp: Interpreter) -> ConfigValue {
        let obj = interp.configObject
        return ConfigValue(.module(ConfigModule(name: "returnn.config", attributes: [
            ("get_global_config", fn("get_global_config") { _, _ in
                guard let obj else { throw ConfigError(.value, "no global config is available here") }
                return obj
            }),
        ])))
    }

    /// Resolves `import a.b.c` to the module object for the full path.
    static func importModule(_ path: [String], _ interp: Interpreter, at loc: SourceLocation) throws -> ConfigValue {
        let name = path.joined(separator: ".")
        switch name {
        case "os": return try cached(interp, name) { os(interp) }
        case "os.path": return try cached(interp, "os").kindModuleAttribute("path")
        case "sys": return try cached(interp, name) { sys(interp) }
        case "math": return try cached(interp, name) { math() }
        case "pwd": return try cached(interp, name) { pwd(interp) }
        case "returnn.util.basic", "returnn.util", "returnn":
            let basic = try cached(interp, "returnn.util.basic") { returnnUtilBasic(interp) }
            let cfg = try cached(interp, "returnn.config") { returnnConfig(interp) }
            if name == "returnn.util.basic" { return basic }
            let util = ConfigValue(.module(ConfigModule(name: "returnn.util", attributes: [("basic", basic)])))
            if name == "returnn.util" { return util }
            return ConfigValue(.module(ConfigModule(name: "returnn", attributes: [("util", util), ("config", cfg)])))
        case "returnn.config": return try cached(interp, name) { returnnConfig(interp) }
        case "__future__": return ConfigValue(.module(ConfigModule(name: "__future__", attributeNames: []) { _ in .bool(true) }))
        default:
            return unavailableModule(name, importedAt: loc)
        }
    }

    /// Python type name of modules the sandbox does not provide.
    static let unavailableTypeName = "unavailable module"

    /// Why `name` cannot be used, naming where it was imported.
    static func unavailableMessage(_ what: String, module name: String, importedAt loc: SourceLocation) -> String {
        "\(what) of module '\(name)' (imported at line \(loc.line)) is not supported in configs: swift-returnn evaluates configs in a sandbox that provides only \(available) (a config can read no file, start no process and reach no network)"
    }

    /// A module the sandbox does not provide, or a name imported from one (`path` is then
    /// `module.name`). Importing it succeeds, as upstream configs often import modules (numpy,
    /// pprint) that they never use, or use only in functions the engine never calls; any use of
    /// it (attribute access, call) is refused, located at the use.
    static func unavailableModule(_ path: String, module name: String? = nil, importedAt loc: SourceLocation) -> ConfigValue {
        ConfigValue(.module(ConfigModule(name: path, typeName: unavailableTypeName, attributeNames: []) { attr in
            let what = attr.isEmpty ? path : path + "." + attr
            throw ConfigError(.unsupported, unavailableMessage("use of '\(what)'", module: name ?? path, importedAt: loc))
        }))
    }

    private static func cached(_ interp: Interpreter, _ name: String, _ make: (() -> ConfigValue)? = nil) throws -> ConfigValue {
        if let m = interp.modules[name] { return m }
        guard let make else { return try importModule(name.split(separator: ".").map(String.init), interp, at: .builtin) }
        let m = make()
        interp.modules[name] = m
        return m
    }
}

extension ConfigValue {
    /// The attribute of a module value (precondition: it exists).
    fileprivate func kindModuleAttribute(_ name: String) throws -> ConfigValue {
        guard case .module(let m) = kind, let v = try m.attribute(name) else { preconditionFailure("missing native module attribute \(name)") }
        return v
    }
}
