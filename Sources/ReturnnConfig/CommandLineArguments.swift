/// The `returnn` command line (`returnn/__main__.py` `init_config`, `Config.parse_cmd_args`):
/// `returnn [config_filename]* [option]* [++key value]*`.
///
/// Every leading argument that does not start with `-` or `+` is a config file; from the first
/// `-`/`+` argument on, everything is options (optparse style) and `++key value` pairs.
///
/// A first argument whose file name is `rnn.py` is RETURNN's launcher and is skipped, so the
/// command line that i6_core writes with `returnn_python_exe` set to this binary,
/// `returnn <returnn_root>/rnn.py returnn.config`, runs like `returnn returnn.config`.
public struct CommandLineArguments: Sendable {
    /// The skipped first argument naming RETURNN's launcher (`/path/rnn.py`), if there was one.
    public var launcher: String?
    /// Config files given first on the command line, in order.
    public var configFiles: [String] = []
    /// The option part of the command line as given (upstream's `command_line_options`).
    public var optionArguments: [String] = []
    /// Option settings in upstream's application order (option table order), key → value.
    public var optionSettings: [(key: String, value: String)] = []
    /// Files from `--config FILE`.
    public var extraConfigFiles: [String] = []
    /// `++key value` pairs in order (the `+-` prefix already reduced to `-`).
    public var overrides: [(key: String, value: String)] = []
    /// `-V/--version` was given.
    public var showVersion = false
    /// `-h/--help` was given.
    public var showHelp = false
    /// `--dump-config` was given: print the evaluated config as JSON instead of running the task.
    public var dumpConfig = false

    /// The option table: short option, long option, config key (`dest`). Order is application order.
    public static let optionTable: [(short: String, long: String, key: String)] = [
        ("-a", "--activation", "activation"), ("-b", "--batch_size", "batch_size"), ("-c", "--chunking", "chunking"),
        ("-d", "--description", "description"), ("-e", "--epoch", "epoch"), ("-E", "--eval", "eval"),
        ("-f", "--gate_factors", "gate_factors"), ("-g", "--lreg", "lreg"), ("-i", "--save_interval", "save_interval"),
        ("-j", "--dropout", "dropout"), ("-k", "--output_file", "output_file"), ("-l", "--log", "log"),
        ("-L", "--load", "load"), ("-m", "--momentum", "momentum"), ("-n", "--num_epochs", "num_epochs"),
        ("-o", "--order", "order"), ("-p", "--loss", "loss"), ("-q", "--cache", "cache"),
        ("-r", "--learning_rate", "learning_rate"), ("-s", "--hidden_sizes", "hidden_sizes"),
        ("-t", "--truncate", "truncate"), ("-u", "--device", "device"), ("-v", "--verbose", "log_verbosity"),
        ("-x", "--task", "task"), ("-y", "--hidden_type", "hidden_type"), ("-z", "--max_sequences", "max_seqs"),
    ]

    /// Usage text for `--help` and command-line errors.
    public static let usage = """
        usage: returnn [config_filename]* [option]* [++key value]*
        options: -x/--task TASK, -l/--log FILE, -v/--verbose LEVEL, --config FILE, -V/--version, --dump-config, -h/--help,
                 and upstream's others (-a -b -c -d -e -E -f -g -i -j -k -L -m -n -o -p -q -r -s -t -u -y -z)
        """

    /// Creates an empty command line.
    public init() {}

    /// Parses `args` (without the program name).
    public static func parse(_ args: [String]) throws -> CommandLineArguments {
        var r = CommandLineArguments()
        var i = 0
        if let first = args.first, isLauncher(first) {
            r.launcher = first
            i = 1
        }
        while i < args.count, !(args[i].hasPrefix("-") || args[i].hasPrefix("+")) {
            r.configFiles.append(args[i])
            i += 1
        }
        r.optionArguments = Array(args[i...])
        var settings: [String: String] = [:]
        var positional: [String] = []
        func err(_ m: String) -> ConfigError { ConfigError(.commandLine, m + "\n" + usage) }
        while i < args.count {
            let a = args[i]
            i += 1
            if a == "--" { positional.append(contentsOf: args[i...]); break }
            guard a.hasPrefix("-"), a != "-" else { positional.append(a); continue }
            switch a {
            case "-V", "--version": r.showVersion = true; continue
            case "-h", "--help": r.showHelp = true; continue
            case "--dump-config": r.dumpConfig = true; continue
            default: break
            }
            var name = a
            var inlineValue: String?
            if a.hasPrefix("--") {
                if let eq = a.firstIndex(of: "=") {
                    name = String(a[..<eq])
                    inlineValue = String(a[a.index(after: eq)...])
                }
            } else if a.count > 2 {
                name = String(a.prefix(2))
                inlineValue = String(a.dropFirst(2))
            }
            let value: String
            if let inlineValue { value = inlineValue } else {
                guard i < args.count else { throw err("option \(name) requires an argument") }
                value = args[i]
                i += 1
            }
            if name == "--config" {
                r.extraConfigFiles.append(value)
                continue
            }
            guard let entry = optionTable.first(where: { $0.short == name || $0.long == name }) else {
                let longs = optionTable.map { $0.long } + ["--config", "--version", "--help", "--dump-config"]
                let hint = EditDistance.closest(to: name, in: longs).map { " (did you mean \($0)?)" } ?? ""
                throw err("no such option: \(name)\(hint)")
            }
            settings[entry.key] = value
        }
        for entry in optionTable { if let v = settings[entry.key] { r.optionSettings.append((entry.key, v)) } }
        guard positional.count % 2 == 0 else {
            throw err("expected (++key value) pairs after the options, got an odd number of arguments: \(positional)")
        }
        var k = 0
        while k < positional.count {
            let key = positional[k], value = positional[k + 1]
            guard key.hasPrefix("++"), key.count > 2 else {
                throw err("expected a key prefixed with '++' in (\(ValueFormatting.strRepr(key)), \(ValueFormatting.strRepr(value))); config files must come before all options")
            }
            r.overrides.append((String(key.dropFirst(2)), value.hasPrefix("+-") ? String(value.dropFirst()) : value))
            k += 2
        }
        return r
    }

    /// Whether `arg` names RETURNN's launcher script: its file name is `rnn.py`.
    public static func isLauncher(_ arg: String) -> Bool {
        arg == "rnn.py" || arg.hasSuffix("/rnn.py")
    }

    /// Applies the options to `config` (upstream `parse_cmd_args`): option settings, `--config`
    /// files, then `++key value` pairs.
    public func apply(to config: Config) throws {
        for (k, v) in optionSettings { try config.addLine(k, v) }
        for f in extraConfigFiles { try config.load(file: f) }
        for (k, v) in overrides { try config.addLine(k, v) }
    }

    /// Builds the config as upstream's `init_config`: CLI options, the config files in order,
    /// then the CLI options again (so they win, and the Python config can read them).
    public func makeConfig(environment: ConfigEnvironment) throws -> Config {
        let config = Config(environment: environment)
        try apply(to: config)
        for f in configFiles { try config.load(file: f) }
        try apply(to: config)
        return config
    }
}
