import Foundation

/// The `subprocess` module of the config sandbox, for exactly the two programs real configs call
/// while they are evaluated:
/// - `check_output(["cf", path])`: the RWTH cache manager, which copies a file to a local cache
///   and prints the local path. When `cf` is installed it runs; when not, the answer is the path
///   itself (as `cf` would print it), so configs written for the RWTH cluster run anywhere.
/// - `check_output(["hostname"])`: the host name (no process needed).
///
/// Every other program is refused, naming it. `CalledProcessError` and the other exception
/// classes are there for `except` clauses.
enum SubprocessModule {
    static func module(_ rt: ConfigRuntime) -> ConfigValue {
        let fn = NativeModules.fn
        var attrs: [(String, ConfigValue)] = [
            ("check_output", fn("check_output") { a, kw in try checkOutput(a, kw, rt) }),
            ("getoutput", fn("getoutput") { a, _ in
                try Args.count("getoutput", a, 1, 1)
                let out = try run(try command(a[0], shell: true), rt)
                var s = String(decoding: out, as: UTF8.self)
                if s.hasSuffix("\n") { s.removeLast() }
                return .str(s)
            }),
            ("PIPE", .int(-1)), ("STDOUT", .int(-2)), ("DEVNULL", .int(-3)),
        ]
        for name in ["call", "check_call", "run", "Popen", "getstatusoutput"] {
            attrs.append((name, fn(name) { a, kw in
                let shell = kw.first { $0.0 == "shell" }?.1.isTruthy ?? false
                let cmd = try a.first.map { try command($0, shell: shell) } ?? []
                throw refusal(cmd.first ?? "?", function: "subprocess.\(name)")
            }))
        }
        for (name, module) in BuiltinClasses.moduleClasses.sorted(by: { $0.key < $1.key }) where module == "subprocess" {
            attrs.append((name, ConfigValue(.object(rt.classes.exceptions[name]!))))
        }
        return ConfigValue(.module(ConfigModule(name: "subprocess", attributes: attrs)))
    }

    static func refusal(_ program: String, function: String) -> ConfigError {
        ConfigError(.unsupported, "\(function): a config can start no process; of all programs only 'cf' and 'hostname' are answered (through subprocess.check_output), not \(ValueFormatting.strRepr(program))", pythonClass: "PermissionError")
    }

    /// The argument list of a command given as a list/tuple of strings, or as one string.
    static func command(_ v: ConfigValue, shell: Bool) throws -> [String] {
        if let s = v.stringValue {
            return s.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
        guard let items = v.sequenceItems else { throw ConfigError(.type, "subprocess: args must be a list of strings or a string") }
        return try items.map { try ConfigFile.fsPath("subprocess", $0) }
    }

    /// `check_output(args, *, stderr=None, shell=False, cwd=None, universal_newlines=None, text=None, encoding=None, ...)`.
    static func checkOutput(_ a: [ConfigValue], _ kw: [(String, ConfigValue)], _ rt: ConfigRuntime) throws -> ConfigValue {
        let k = try Args.kwargs("check_output", kw, allowed: [
            "args", "stderr", "stdin", "shell", "cwd", "universal_newlines", "text", "encoding", "errors", "timeout", "env",
        ])
        try Args.count("check_output", a, 0, 1)
        guard let argsValue = a.first ?? k["args"] else { throw ConfigError(.type, "check_output() missing required argument 'args'") }
        let cmd = try command(argsValue, shell: k["shell"]?.isTruthy ?? false)
        let out = try run(cmd, rt)
        let asText = (k["universal_newlines"]?.isTruthy ?? false) || (k["text"]?.isTruthy ?? false) || (k["encoding"].map { !$0.isNone } ?? false)
        return asText ? .str(String(decoding: out, as: UTF8.self)) : ConfigValue(.bytes(out))
    }

    /// Runs one of the two allowed commands; their standard output.
    static func run(_ cmd: [String], _ rt: ConfigRuntime) throws -> [UInt8] {
        guard let program = cmd.first else { throw ConfigError(.value, "subprocess: empty command") }
        switch (program, cmd.count) {
        case ("hostname", 1):
            return Array((SystemInfo.hostName() + "\n").utf8)
        case ("cf", 2...):
            guard let exe = SystemInfo.which("cf", path: rt.environ.get("PATH")?.stringValue) else {
                // No cache manager here: the file is used where it is, as `cf` itself would print.
                return Array((cmd.dropFirst().joined(separator: " ") + "\n").utf8)
            }
            return try runCacheManager(exe, Array(cmd.dropFirst()), rt)
        default:
            throw refusal(cmd.joined(separator: " "), function: "subprocess.check_output")
        }
    }

    private static func runCacheManager(_ exe: String, _ args: [String], _ rt: ConfigRuntime) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        do { try p.run() } catch {
            throw ConfigError(.io, "cannot run the cache manager '\(exe)': \(error.localizedDescription)", pythonClass: "OSError")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            let exc = try rt.classes.exceptions["CalledProcessError"]!.call(
                [.int(Int(p.terminationStatus)), .list((["cf"] + args).map { .str($0) })], [("output", ConfigValue(.bytes([UInt8](data))))])
            var e = ConfigError(.raised, "CalledProcessError: " + ValueFormatting.str(exc))
            e.raisedValue = RaisedValue(exc)
            throw e
        }
        return [UInt8](data)
    }
}

/// Facts about this machine that configs ask for: the host name, the user, where a program is.
enum SystemInfo {
    /// `socket.gethostname()`.
    static func hostName() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count) == 0 else { return "localhost" }
        return String(cString: buf)
    }

    /// The executable `name` on `path` (a PATH string), if any.
    static func which(_ name: String, path: String?) -> String? {
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let p = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// `socket`, `getpass`, `platform`: host and user facts.
    static func modules(_ name: String, _ rt: ConfigRuntime) -> ConfigValue? {
        let fn = NativeModules.fn
        let env = rt.environment
        switch name {
        case "socket":
            return ConfigValue(.module(ConfigModule(name: name, attributes: [
                ("gethostname", fn("gethostname") { _, _ in .str(hostName()) }),
                ("getfqdn", fn("getfqdn") { _, _ in .str(hostName()) }),
            ])))
        case "getpass":
            return ConfigValue(.module(ConfigModule(name: name, attributes: [
                ("getuser", fn("getuser") { _, _ in .str(env.userName) }),
            ])))
        case "platform":
            return ConfigValue(.module(ConfigModule(name: name, attributes: [
                ("node", fn("node") { _, _ in .str(hostName()) }),
                ("system", fn("system") { _, _ in .str("Linux") }),
                ("machine", fn("machine") { _, _ in .str("x86_64") }),
                ("python_version", fn("python_version") { _, _ in .str("3.11.0") }),
            ])))
        default:
            return nil
        }
    }
}
