import Foundation

/// `import` in configs: native modules (the sandbox's `os`, `sys`, `numpy`, `returnn.*`, ...),
/// the config's own helper modules (`foo.py` or `foo/__init__.py` next to the importing file or
/// on `sys.path`, run in the same sandbox), and, for anything else, a placeholder that imports
/// fine and refuses any use (configs often import modules they only use in functions the engine
/// never calls).
enum ModuleImporter {
    /// Old RETURNN module names and the modules they are now (`import TFUtil`).
    static let aliases: [String: String] = [
        "Util": "returnn.util.basic", "TFUtil": "returnn.tf.util.basic", "Pretrain": "returnn.pretrain",
        "LearningRateControl": "returnn.learning_rate_control", "Config": "returnn.config", "Log": "returnn.log",
        "returnn.tf.util": "returnn.tf.util", "TFNetworkLayer": "returnn.tf.layers.basic",
        "TFNetworkRecLayer": "returnn.tf.layers.rec", "TFEngine": "returnn.tf.engine",
        "returnn.tf.util.data": "returnn.tf.util.data", "returnn.util.data": "returnn.tf.util.data",
        "returnn.tensor.dim": "returnn.tensor", "returnn.datasets": "returnn.datasets",
    ]

    /// Modules and packages the sandbox provides natively.
    static var nativeNames: Set<String> {
        Set(["os", "os.path", "sys", "math", "pwd", "subprocess", "gzip", "socket", "getpass", "platform", "shutil", "tempfile", "__future__"])
            .union(StdlibModules.names).union(ReturnnModules.names)
    }

    /// Module names refused outright, with the reason.
    static let refused: [String: String] = [
        "returnn.import_": "`returnn.import_` fetches code from the network at run time; a config can reach no network. Copy the code into a helper module next to the config",
        "importlib": "configs import modules with import statements",
        "multiprocessing": NativeModules.noProcess,
        "threading": "configs run single-threaded",
        "urllib.request": "a config can reach no network",
        "requests": "a config can reach no network",
    ]

    /// The module object for `import a.b.c` (the caller binds `a` or the alias).
    static func importModule(_ path: [String], from interp: Interpreter, at loc: SourceLocation) throws -> ConfigValue {
        var name = path.joined(separator: ".")
        let rt = interp.runtime
        if let why = refused[name] ?? refused[path[0]] {
            throw ConfigError(.unsupported, "import of '\(name)' is not supported in configs: \(why)", at: loc, pythonClass: "ImportError")
        }
        if let real = aliases[name] { name = real }
        if let m = rt.modules[name] { return m }
        if let m = try native(name, rt) {
            rt.modules[name] = m
            return m
        }
        if let file = helperFile(path, from: interp) { return try loadHelper(file, name: name, rt, at: loc) }
        return NativeModules.unavailableModule(name, importedAt: loc, runtime: rt)
    }

    /// `from module import name`: an attribute of the module, or its submodule `name`.
    static func member(_ m: ConfigValue, _ name: String, modulePath: [String], from interp: Interpreter, at loc: SourceLocation) throws -> ConfigValue {
        guard case .module(let mod) = m.kind else { return try interp.runtime.getAttribute(m, name) }
        if mod.typeName == NativeModules.unavailableTypeName {
            return NativeModules.unavailableModule(mod.name + "." + name, module: mod.name, importedAt: loc, runtime: interp.runtime)
        }
        if let v = try mod.attribute(name) {
            if case .module(let p) = v.kind, p.typeName == NativeModules.unavailableTypeName {
                // A name a partially provided module lacks: located at this import.
                return NativeModules.unavailableModule(p.name, module: mod.name, importedAt: loc, runtime: interp.runtime)
            }
            return v
        }
        let sub = try importModule(modulePath + [name], from: interp, at: loc)
        if case .module(let s) = sub.kind, s.typeName != NativeModules.unavailableTypeName { return sub }
        var msg = "cannot import name '\(name)' from '\(mod.name)'"
        if let s = EditDistance.closest(to: name, in: mod.attributeNames) {
            msg += "; did you mean '\(s)'?"
        } else {
            msg += "; the config sandbox provides: \(mod.attributeNames.joined(separator: ", "))"
        }
        throw ConfigError(.unsupported, msg, at: loc, pythonClass: "ImportError")
    }

    /// A native module by its full dotted name, or nil.
    static func native(_ name: String, _ rt: ConfigRuntime) throws -> ConfigValue? {
        switch name {
        case "os": return OsModule.module(rt)
        case "os.path": return try rt.getAttribute(try module("os", rt), "path")
        case "sys": return SysModule.module(rt)
        case "math": return NativeModules.math()
        case "pwd": return NativeModules.pwd(rt)
        case "subprocess": return SubprocessModule.module(rt)
        case "gzip":
            return ConfigValue(.module(ConfigModule(name: "gzip", attributes: [
                ("open", NativeModules.fn("open") { a, kw in try ConfigFile.gzipOpen(a, kw) }),
            ])))
        case "shutil", "tempfile":
            // Importable (configs guard their use); every function refuses to run.
            return ConfigValue(.module(ConfigModule(name: name, attributeNames: []) { attr in
                if attr.hasPrefix("__") { return nil }
                return NativeModules.fn(attr) { _, _ in
                    throw ConfigError(.unsupported, "\(name).\(attr)(): \(NativeModules.noWrite)", pythonClass: "PermissionError")
                }
            }))
        case "__future__":
            return ConfigValue(.module(ConfigModule(name: "__future__", attributeNames: []) { _ in .bool(true) }))
        default:
            if let m = SystemInfo.modules(name, rt) { return m }
            if let m = try StdlibModules.module(name, rt) { return m }
            return try ReturnnModules.module(name, rt)
        }
    }

    /// A native module (cached), for modules that refer to each other.
    static func module(_ name: String, _ rt: ConfigRuntime) throws -> ConfigValue {
        if let m = rt.modules[name] { return m }
        guard let m = try native(name, rt) else { preconditionFailure("no native module \(name)") }
        rt.modules[name] = m
        return m
    }

    /// A native package: its own attributes, then its native submodules.
    static func package(_ name: String, _ rt: ConfigRuntime, attributes: [(String, ConfigValue)] = []) -> ConfigValue {
        let subs = nativeNames.filter { $0.hasPrefix(name + ".") && !$0.dropFirst(name.count + 1).contains(".") }
            .map { String($0.dropFirst(name.count + 1)) }
        var table: [String: ConfigValue] = [:]
        for (k, v) in attributes { table[k] = v }
        return ConfigValue(.module(ConfigModule(name: name, attributeNames: attributes.map { $0.0 } + subs.sorted()) { attr in
            if let v = table[attr] { return v }
            guard subs.contains(attr) else { return nil }
            return try module(name + "." + attr, rt)
        }))
    }

    // MARK: helper modules

    /// `a/b/c.py` or `a/b/c/__init__.py` in the directory of the importing file, then in the
    /// `sys.path` entries.
    static func helperFile(_ path: [String], from interp: Interpreter) -> String? {
        var dirs: [String] = []
        let here = OsModule.dirname(interp.file)
        dirs.append(here.isEmpty ? "." : here)
        for entry in interp.runtime.sysPath.items { if let s = entry.stringValue { dirs.append(s.isEmpty ? "." : s) } }
        let rel = path.joined(separator: "/")
        for d in dirs {
            for candidate in [d + "/" + rel + ".py", d + "/" + rel + "/__init__.py"] {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue {
                    return OsModule.normpath(candidate)
                }
            }
        }
        return nil
    }

    /// Runs a helper module once (later imports get the same module object).
    static func loadHelper(_ file: String, name: String, _ rt: ConfigRuntime, at loc: SourceLocation) throws -> ConfigValue {
        let key = "file:" + OsModule.realpath(file)
        if let m = rt.modules[key] { return m }
        guard let data = FileManager.default.contents(atPath: file),
              let text = String(validating: [UInt8](data), as: UTF8.self) else {
            throw ConfigError(.io, "cannot read helper module '\(file)' (imported as '\(name)')", at: loc, pythonClass: "ImportError")
        }
        let ns = ConfigNamespace()
        ns["__name__"] = .str(name)
        ns["__file__"] = .str(file)
        ns["__package__"] = .str(file.hasSuffix("/__init__.py") ? name : name.split(separator: ".").dropLast().joined(separator: "."))
        let interp = Interpreter(globals: ns, runtime: rt, file: file)
        let body = try Parser.parseModule(text, file: file)
        rt.keepAlive.append(body)
        let packageDir: String? = file.hasSuffix("/__init__.py") ? OsModule.dirname(file) : nil
        let module = ConfigValue(.module(ConfigModule(name: name, typeName: "module", names: { ns.names }) { attr in
            if let v = ns[attr] { return v }
            // A submodule of a helper package (`import pkg.sub` then `pkg.sub`).
            guard let packageDir else { return nil }
            for candidate in [packageDir + "/" + attr + ".py", packageDir + "/" + attr + "/__init__.py"]
            where FileManager.default.fileExists(atPath: candidate) {
                return try loadHelper(candidate, name: name + "." + attr, rt, at: loc)
            }
            return nil
        }))
        // Registered before it runs: a circular import gets the partly initialised module, as in Python.
        rt.modules[key] = module
        do { try interp.run(body) } catch {
            rt.modules[key] = nil
            throw error
        }
        return module
    }
}
