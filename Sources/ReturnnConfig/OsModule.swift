import Foundation

/// The `os` and `os.path` modules of the config sandbox: path string functions, read-only file
/// system queries (`exists`, `isfile`, `isdir`, `getsize`, `listdir`, `abspath`, `realpath`,
/// `expanduser`, `getcwd`, ...), `os.environ` (the config's own copy of the environment), user
/// and host facts. Everything that would change the file system or start a process is refused.
enum OsModule {
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

    static func expanduser(_ p: String, home: String?) -> String {
        guard p.hasPrefix("~") else { return p }
        let rest = p.dropFirst()
        guard rest.isEmpty || rest.hasPrefix("/"), let home else { return p }
        return home + rest
    }

    static func abspath(_ p: String) -> String {
        normpath(p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p)
    }

    /// `os.path.realpath`: symbolic links resolved (a path that does not exist stays as `abspath` gives it).
    static func realpath(_ p: String) -> String {
        let abs = abspath(p)
        guard let r = Glibc.realpath(abs, nil) else { return abs }
        defer { free(r) }
        return String(cString: r)
    }

    /// `os.path.expandvars` over the config's environment.
    static func expandvars(_ p: String, _ environ: ConfigDict) -> String {
        var out = ""
        var chars = Array(p)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            guard c == "$" else { out.append(c); continue }
            var name = ""
            if chars.first == "{" {
                guard let close = chars.firstIndex(of: "}") else { out.append(c); continue }
                name = String(chars[chars.index(after: chars.startIndex)..<close])
                chars = chars[chars.index(after: close)...]
                if let v = environ.get(name)?.stringValue { out += v } else { out += "${\(name)}" }
                continue
            }
            while let d = chars.first, d.isLetter || d.isNumber || d == "_" { name.append(d); chars = chars.dropFirst() }
            if name.isEmpty { out.append(c); continue }
            if let v = environ.get(name)?.stringValue { out += v } else { out += "$" + name }
        }
        return out
    }

    private static func fileStat(_ path: String, follow: Bool = true) -> stat? {
        var st = stat()
        let r = follow ? stat(path, &st) : lstat(path, &st)
        return r == 0 ? st : nil
    }

    private static func isType(_ path: String, _ mask: mode_t, follow: Bool = true) -> Bool {
        guard let st = fileStat(path, follow: follow) else { return false }
        return st.st_mode & S_IFMT == mask
    }

    private static func pathArg(_ name: String, _ a: [ConfigValue]) throws -> String {
        try Args.count(name, a, 1, 1)
        return try ConfigFile.fsPath(name, a[0])
    }

    private static func notFound(_ path: String) -> ConfigError {
        ConfigError(.io, "[Errno 2] No such file or directory: \(ValueFormatting.strRepr(path))", pythonClass: "FileNotFoundError")
    }

    /// `os.path`.
    static func path(_ rt: ConfigRuntime) -> ConfigValue {
        let fn = NativeModules.fn
        let home = rt.environ.get("HOME")?.stringValue
        return ConfigValue(.module(ConfigModule(name: "os.path", attributes: [
            ("join", fn("join") { a, _ in
                if a.isEmpty { throw ConfigError(.type, "join() takes at least 1 argument") }
                return .str(join(try a.map { try ConfigFile.fsPath("join", $0) }))
            }),
            ("splitext", fn("splitext") { a, _ in
                let (r, e) = splitext(try pathArg("splitext", a))
                return ConfigValue(.tuple([.str(r), .str(e)]))
            }),
            ("basename", fn("basename") { a, _ in .str(basename(try pathArg("basename", a))) }),
            ("dirname", fn("dirname") { a, _ in .str(dirname(try pathArg("dirname", a))) }),
            ("normpath", fn("normpath") { a, _ in .str(normpath(try pathArg("normpath", a))) }),
            ("split", fn("split") { a, _ in
                let p = try pathArg("split", a)
                return ConfigValue(.tuple([.str(dirname(p)), .str(basename(p))]))
            }),
            ("isabs", fn("isabs") { a, _ in .bool(try pathArg("isabs", a).hasPrefix("/")) }),
            ("abspath", fn("abspath") { a, _ in .str(abspath(try pathArg("abspath", a))) }),
            ("realpath", fn("realpath") { a, _ in .str(realpath(try pathArg("realpath", a))) }),
            ("expanduser", fn("expanduser") { a, _ in .str(expanduser(try pathArg("expanduser", a), home: home)) }),
            ("expandvars", fn("expandvars") { a, _ in .str(expandvars(try pathArg("expandvars", a), rt.environ)) }),
            ("exists", fn("exists") { a, _ in .bool(fileStat(try pathArg("exists", a)) != nil) }),
            ("lexists", fn("lexists") { a, _ in .bool(fileStat(try pathArg("lexists", a), follow: false) != nil) }),
            ("isfile", fn("isfile") { a, _ in .bool(isType(try pathArg("isfile", a), S_IFREG)) }),
            ("isdir", fn("isdir") { a, _ in .bool(isType(try pathArg("isdir", a), S_IFDIR)) }),
            ("islink", fn("islink") { a, _ in .bool(isType(try pathArg("islink", a), S_IFLNK, follow: false)) }),
            ("getsize", fn("getsize") { a, _ in
                let p = try pathArg("getsize", a)
                guard let st = fileStat(p) else { throw notFound(p) }
                return .int(Int(st.st_size))
            }),
            ("getmtime", fn("getmtime") { a, _ in
                let p = try pathArg("getmtime", a)
                guard let st = fileStat(p) else { throw notFound(p) }
                return .float(Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) * 1e-9)
            }),
            ("sep", .str("/")), ("pathsep", .str(":")), ("curdir", .str(".")), ("pardir", .str("..")),
        ])))
    }

    /// `os.environ`: the config's copy of the environment, a dict-like object.
    static func environ(_ rt: ConfigRuntime) -> ConfigValue {
        ConfigValue(.object(EnvironMapping(rt.environ)))
    }

    /// `os`.
    static func module(_ rt: ConfigRuntime) -> ConfigValue {
        let fn = NativeModules.fn
        let env = rt.environment
        let environ = OsModule.environ(rt)
        return ConfigValue(.module(ConfigModule(name: "os", attributes: [
            ("path", path(rt)),
            ("environ", environ),
            ("getenv", fn("getenv") { a, _ in
                try Args.count("getenv", a, 1, 2)
                return rt.environ.get(try Args.str("getenv", a[0])) ?? (a.count == 2 ? a[1] : .none)
            }),
            ("getcwd", fn("getcwd") { a, _ in try Args.count("getcwd", a, 0, 0); return .str(FileManager.default.currentDirectoryPath) }),
            ("listdir", fn("listdir") { a, _ in
                try Args.count("listdir", a, 0, 1)
                let p = try a.first.map { try ConfigFile.fsPath("listdir", $0) } ?? "."
                guard isType(p, S_IFDIR) else {
                    if fileStat(p) == nil { throw notFound(p) }
                    throw ConfigError(.io, "[Errno 20] Not a directory: \(ValueFormatting.strRepr(p))", pythonClass: "NotADirectoryError")
                }
                let names = (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
                return .list(names.sorted().map { .str($0) })
            }),
            ("getuid", fn("getuid") { a, _ in try Args.count("getuid", a, 0, 0); return .int(env.uid) }),
            ("getpid", fn("getpid") { a, _ in try Args.count("getpid", a, 0, 0); return .int(Int(getpid())) }),
            ("getlogin", fn("getlogin") { a, _ in try Args.count("getlogin", a, 0, 0); return .str(env.userName) }),
            ("cpu_count", fn("cpu_count") { a, _ in try Args.count("cpu_count", a, 0, 0); return .int(ProcessInfo.processInfo.activeProcessorCount) }),
            ("sep", .str("/")), ("pathsep", .str(":")), ("linesep", .str("\n")), ("curdir", .str(".")), ("pardir", .str("..")),
            ("name", .str("posix")), ("devnull", .str("/dev/null")),
        ])))
    }
}

/// `os.environ`: a mapping over the config's copy of the environment. Reading works as in
/// Python; writing (`os.environ["X"] = "1"`, `setdefault`, `update`) changes what the config
/// sees, not the process's environment.
final class EnvironMapping: PyObject {
    let dict: ConfigDict
    init(_ dict: ConfigDict) { self.dict = dict }

    override var typeName: String { "_Environ" }

    override func getItem(_ index: ConfigValue) throws -> ConfigValue {
        guard let v = try dict.get(index) else {
            throw ConfigError(.key, "KeyError: \(index.repr) is not set in the environment; use os.environ.get(key, default)")
        }
        return v
    }

    override func setItem(_ index: ConfigValue, _ value: ConfigValue) throws {
        guard index.stringValue != nil, value.stringValue != nil else { throw ConfigError(.type, "str expected, not \(value.typeName)") }
        try dict.set(index, value)
    }

    override func deleteItem(_ index: ConfigValue) throws {
        guard try dict.remove(index) != nil else { throw ConfigError(.key, "KeyError: \(index.repr)") }
    }

    override func iterate() throws -> [ConfigValue]? { dict.keys }
    override func length() throws -> Int? { dict.count }
    override func contains(_ x: ConfigValue) throws -> Bool? { try dict.get(x) != nil }
    override var attributeNames: [String] { ["get", "keys", "items", "values", "copy", "setdefault", "update", "pop"] }

    override func attribute(_ name: String) throws -> ConfigValue? {
        // The dict methods, on the config's copy.
        guard attributeNames.contains(name), let m = Methods.dictMethod(dict, name) else { return nil }
        return ConfigValue(.function(m))
    }

    override func repr() throws -> String { "environ(" + ValueFormatting.repr(ConfigValue(.dict(dict))) + ")" }
}
