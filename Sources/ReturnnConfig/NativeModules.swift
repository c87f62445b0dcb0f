import Foundation

/// Shared pieces of the modules a config may import natively (`os`, `sys`, `math`, `numpy`,
/// `returnn.*`, ...; the table is `ModuleImporter.nativeNames`): helpers to build module objects,
/// the attributes the sandbox refuses (and why), and modules it does not provide.
enum NativeModules {
    static let noProcess = "a config can start no process"
    static let noWrite = "a config can write no file and change nothing on disk"

    /// Module attributes that exist in Python but are refused by the sandbox, with the reason.
    static let refusedAttributes: [String: String] = [
        "system": noProcess, "popen": noProcess, "fork": noProcess, "kill": noProcess, "execv": noProcess,
        "execvp": noProcess, "execl": noProcess, "execve": noProcess, "spawnv": noProcess, "spawnl": noProcess,
        "Popen": noProcess, "run": noProcess, "call": noProcess, "check_call": noProcess, "getstatusoutput": noProcess,
        "remove": noWrite, "unlink": noWrite, "rmdir": noWrite, "removedirs": noWrite, "makedirs": noWrite,
        "mkdir": noWrite, "rename": noWrite, "renames": noWrite, "replace": noWrite, "symlink": noWrite, "link": noWrite,
        "chmod": noWrite, "chown": noWrite, "utime": noWrite, "truncate": noWrite, "chdir": "a config cannot change the working directory",
        "putenv": "set os.environ[key] instead (it changes what the config sees, not the process)",
        "exit": "a config cannot end the process; raise an exception instead", "_exit": "a config cannot end the process",
        "stdin": "a config cannot read from the terminal", "modules": "the module table is not available in configs",
        "getpwnam": "the sandbox knows only the current user", "getpwall": "the sandbox knows only the current user",
    ]

    /// Names of the importable modules (for messages).
    static var available: String { ModuleImporter.nativeNames.sorted().joined(separator: ", ") }

    // MARK: module objects

    static func fn(_ name: String, _ body: @escaping ([ConfigValue], [(String, ConfigValue)]) throws -> ConfigValue) -> ConfigValue {
        ConfigValue(.function(ConfigFunction(name: name, body)))
    }

    static func strArgs(_ name: String, _ a: [ConfigValue], _ n: Int) throws -> [String] {
        try Args.count(name, a, n, n)
        return try a.map { try Args.str(name, $0) }
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

    static func pwd(_ rt: ConfigRuntime) -> ConfigValue {
        let env = rt.environment
        return ConfigValue(.module(ConfigModule(name: "pwd", attributes: [
            ("getpwuid", fn("getpwuid") { a, _ in
                try Args.count("getpwuid", a, 1, 1)
                let uid = try Args.int("getpwuid", a[0])
                guard uid == env.uid else { throw ConfigError(.key, "getpwuid(): uid not found: \(uid) (the sandbox knows only the current user)") }
                return ConfigValue(.tuple([.str(env.userName), .str("x"), .int(uid), .int(uid), .str(""), .str("/home/" + env.userName), .str("/bin/sh")]))
            }),
        ])))
    }

    /// Python type name of modules the sandbox does not provide.
    static let unavailableTypeName = "unavailable module"

    /// Why `name` cannot be used, naming where it was imported.
    static func unavailableMessage(_ what: String, module name: String, importedAt loc: SourceLocation) -> String {
        "\(what) of module '\(name)'\(loc == .builtin ? "" : " (imported at line \(loc.line))") is not supported in configs: swift-returnn evaluates configs in a sandbox without Python; it provides \(available), and the config's own .py helper modules (a config may import other modules, but not use them outside functions the engine never calls)"
    }

    /// A module the sandbox does not provide, or a name imported from one (`path` is then
    /// `module.name`). Importing it succeeds, as upstream configs often import modules (numpy,
    /// pprint) that they never use, or use only in functions the engine never calls; any use of
    /// it (attribute access, call) is refused, located at the use.
    static func unavailableModule(_ path: String, module name: String? = nil, importedAt loc: SourceLocation,
                                  runtime rt: ConfigRuntime? = nil) -> ConfigValue {
        ConfigValue(.module(ConfigModule(name: path, typeName: unavailableTypeName, attributeNames: []) { [weak rt] attr in
            let what = attr.isEmpty ? path : path + "." + attr
            // While the network runs an eval layer, it provides TF's names (`ConfigRuntime.moduleProvider`).
            if !attr.isEmpty, let rt, let v = try rt.provided(what) { return v }
            throw ConfigError(.unsupported, unavailableMessage("use of '\(what)'", module: name ?? path, importedAt: loc), pythonClass: "ModuleNotFoundError")
        }))
    }
}
