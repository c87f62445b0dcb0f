import Foundation
import ReturnnConfig

/// A dataset type that can be built from its config option dict.
public protocol ConfigurableDataset: Dataset {
    /// Builds the dataset from its own options in `reader` (the common options are already read
    /// into `options`); `finish()` is called by the factory afterwards.
    static func make(_ reader: inout OptionReader, options: DatasetOptions) throws -> any Dataset

    /// `seq_ordering` values the type handles itself instead of `SeqOrdering` (CombinedDataset's
    /// `random_dataset`, `interleave`); `make` reads them raw from `reader.dict`.
    static var ownSeqOrderings: Set<String> { get }
}

extension ConfigurableDataset {
    /// No own orderings by default.
    public static var ownSeqOrderings: Set<String> { [] }
}

/// Builds datasets from config values as upstream `init_dataset` / `init_dataset_via_str` /
/// `__main__.load_data` do.
///
/// Forms: a dict with `class`; `"a.hdf,b.hdf"` (HDFDataset); `"ClassName:k=v,..."` (evaluated as
/// `dict(k=v,...)`); a string starting with `{` (evaluated); `"config:<name>"` (a config variable);
/// `None`/`False` (no dataset). For "dev"/"eval", upstream's `get_default_kwargs_eval` applies
/// (`seq_ordering="sorted"`, `chunking="0"`, unless `chunk_eval`). For dicts and HDF file lists,
/// the global keys `window`, `context_window`, `chunking`, `batching` (→ `seq_ordering`),
/// `min_chunk_size`, `chunking_variance` fill options the dict does not set (`kwargs_update_from_config`).
/// Unknown options fail with "did you mean" and the config file:line.
public struct DatasetFactory {
    /// The config with the global keys (nil: none).
    public let config: Config?
    /// Environment for evaluating dataset strings and `RETURNN_RANDOM_SEED_OFFSET`.
    public let environment: ConfigEnvironment

    /// A factory reading global keys from `config` (if any).
    public init(config: Config?) {
        self.config = config
        self.environment = config?.environment
            ?? ConfigEnvironment(environment: ProcessInfo.processInfo.environment, argv: [], userName: "", uid: 0, output: { _ in })
    }

    /// The dataset of config key `key` ("train", "dev", "eval"); nil when unset, `None` or `False`.
    public func make(configKey key: String) throws -> (any Dataset)? {
        guard let config else { return nil }
        if let v = config.typedValue(key) { return try make(v, name: key) }
        guard let s = try config.value(key, default: nil) else { return nil }
        return try make(.str(s, at: config.location(of: key) ?? .builtin), name: key)
    }

    /// Builds the dataset named `name` from a config value; nil for `None`/`False`/"".
    public func make(_ value: ConfigValue, name: String) throws -> (any Dataset)? {
        switch value.kind {
        case .none: return nil
        case .bool(false): return nil
        case .dict: return try make(dict: value, name: name, applyGlobals: true)
        case .str(let s): return try make(string: s, name: name, at: value.location)
        case .function, .object where value.isCallable:
            // Upstream `init_dataset`: a callable gives the dataset's options when called.
            let options: ConfigValue
            do { options = try value.call() } catch var e as ConfigError {
                e.message = "dataset '\(name)': calling \(value.repr) to get the dataset options failed: \(e.message)"
                if e.location == nil { e.location = value.location }
                throw e
            }
            return try make(options, name: name)
        default:
            throw ConfigError(.type, "dataset '\(name)': expected a dict with 'class', a str or None, got \(value.typeName) \(value.repr)", at: value.location)
        }
    }

    /// Upstream `init_dataset_via_str`.
    public func make(string: String, name: String, at location: SourceLocation) throws -> (any Dataset)? {
        let s = string.trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return nil }
        if s.hasPrefix("{") { return try make(dict: try evaluate(s, name: name, at: location), name: name, applyGlobals: true) }
        if s.hasPrefix("config:") {
            let ref = String(s.dropFirst("config:".count))
            guard let config, let v = config.typedValue(ref) else {
                throw ConfigError(.name, "dataset '\(name)': '\(s)' refers to '\(ref)', which the config does not define", at: location)
            }
            return try make(v, name: name)
        }
        if s.hasPrefix("sprint:") {
            // Upstream: ExternSprintDataset with the rest as sprintConfigStr and the config's sprint_trainer_exec_path.
            guard let config, let exec = config.typedValue("sprint_trainer_exec_path"), !exec.isNone else {
                throw ConfigError(.key, "dataset '\(name)': a 'sprint:' dataset needs 'sprint_trainer_exec_path' in the config (the RASR nn-trainer executable)", at: location)
            }
            let d = ConfigDict()
            d.set("class", .str(ExternSprintDataset.className, at: location))
            d.set("sprintTrainerExecPath", exec)
            d.set("sprintConfigStr", .str(String(s.dropFirst("sprint:".count)), at: location))
            return try make(dict: ConfigValue(.dict(d), at: location), name: name, applyGlobals: true)
        }
        if let range = s.range(of: "::"), let open = s.firstIndex(of: "("), range.upperBound < open, s.hasSuffix(")"),
           !s[..<range.lowerBound].contains("/") {
            // Theano-era `Module::Class(k=v, ...)` (upstream's demos/demo-pretrain.config).
            let className = String(s[range.upperBound..<open])
            let args = String(s[s.index(after: open)..<s.index(before: s.endIndex)])
            let dict = try evaluate("dict(\(args))", name: name, at: location)
            try dict.dictValue!.set(ConfigValue.str("class", at: location), .str(className, at: location))
            return try make(dict: dict, name: name, applyGlobals: true)
        }
        if let colon = s.firstIndex(of: ":"), !s[..<colon].contains("/"), !s[..<colon].contains(",") {
            let className = String(s[..<colon])
            let args = String(s[s.index(after: colon)...])
            let dict = try evaluate("dict(\(args))", name: name, at: location)
            try dict.dictValue!.set(ConfigValue.str("class", at: location), .str(className, at: location))
            return try make(dict: dict, name: name, applyGlobals: false)
        }
        let files = s.split(separator: ",").map { String($0) }.filter { !$0.isEmpty }
        let d = ConfigDict()
        try d.set(ConfigValue.str("class", at: location), .str(HDFDataset.className, at: location))
        try d.set(ConfigValue.str("files", at: location), .list(files.map { .str($0, at: location) }, at: location))
        return try make(dict: ConfigValue(.dict(d), at: location), name: name, applyGlobals: true)
    }

    /// Evaluates a Python expression with the config language (fresh namespace).
    func evaluate(_ expr: String, name: String, at location: SourceLocation) throws -> ConfigValue {
        let c = Config(environment: environment)
        let file = "<dataset \(name) string at \(location)>.py"
        do {
            try c.load(text: "__dataset__ = \(expr)\n", filename: file)
        } catch var e as ConfigError {
            e.message = "dataset '\(name)': cannot evaluate '\(expr)': \(e.message)"
            e.location = location
            throw e
        }
        guard let v = c.typedValue("__dataset__"), v.dictValue != nil else {
            throw ConfigError(.type, "dataset '\(name)': '\(expr)' does not give a dict", at: location)
        }
        return v
    }

    /// Upstream `get_default_kwargs_eval` for dev/eval: chunking "0" (or the train chunking with
    /// `chunk_eval`), `seq_ordering` "sorted".
    func evalDefaults() throws -> [(String, ConfigValue)] {
        var chunking = ConfigValue.str("0")
        if let config, try config.value("chunk_eval", default: "0") == "1" {
            chunking = try config.pyOptTypedValue("chunking", .str("0"))
        }
        return [("chunking", chunking), ("seq_ordering", .str("sorted"))]
    }

    /// Upstream `kwargs_update_from_config`: global keys that fill absent (or `None`) options.
    func globalDefaults() throws -> [(String, ConfigValue)] {
        guard let config else { return [] }
        var r = [(String, ConfigValue)]()
        if let w = try config.int("window", default: 0), w != 0 { r.append(("window", .int(w, at: config.location(of: "window") ?? .builtin))) }
        if let v = config.typedValue("context_window"), !v.isNone { r.append(("context_window", v)) }
        if let v = config.typedValue("chunking"), !v.isNone {
            r.append(("chunking", v))
        } else if let s = try config.value("chunking", default: nil) {
            r.append(("chunking", .str(s, at: config.location(of: "chunking") ?? .builtin)))
        }
        if let s = try config.value("batching", default: nil) { r.append(("seq_ordering", .str(s, at: config.location(of: "batching") ?? .builtin))) }
        if let v = config.typedValue("min_chunk_size"), !v.isNone, v.isTruthy { r.append(("min_chunk_size", v)) }
        if let v = try config.float("chunking_variance", default: 0), v != 0 { r.append(("chunking_variance", .float(v))) }
        return r
    }

    /// Builds from a dict with `class` (upstream `init_dataset(kwargs)` after `load_data`'s merging).
    public func make(dict value: ConfigValue, name: String, applyGlobals: Bool) throws -> any Dataset {
        guard let user = value.dictValue else {
            throw ConfigError(.type, "dataset '\(name)' must be a dict, got \(value.typeName)", at: value.location)
        }
        let merged = ConfigDict()
        merged.set("name", .str(name))
        if name == "dev" || name == "eval" { for (k, v) in try evalDefaults() { merged.set(k, v) } }
        for (k, v) in user.entries {
            if let key = k.stringValue, Self.callableOptions.contains(key), v.isCallable {
                try merged.set(k, try Self.callOption(v, key: key, dataset: name))
            } else {
                try merged.set(k, v)
            }
        }
        if applyGlobals {
            for (k, v) in try globalDefaults() {
                if let old = merged.get(k) {
                    if old.isNone { _ = try merged.remove(.str(k)) } else { continue }
                }
                merged.set(k, v)
            }
        }
        var reader = try OptionReader(ConfigValue(.dict(merged), at: value.location), context: "dataset \(name)")
        let className = try reader.string("class")
        let type: any Dataset.Type
        do { type = try BuiltinDatasets.type(named: className) } catch let e as DatasetError {
            throw ConfigError(.value, "dataset '\(name)': \(e)", at: merged.get("class")?.location ?? value.location)
        }
        guard let configurable = type as? any ConfigurableDataset.Type else {
            throw ConfigError(.unsupported, "dataset '\(name)': class \(className) cannot be built from a config dict", at: value.location)
        }
        do {
            // An ordering the class handles itself is hidden from the common option parser.
            let ownOrdering = merged.get("seq_ordering").flatMap { v in
                v.stringValue.map { configurable.ownSeqOrderings.contains($0) } == true ? v : nil
            }
            if ownOrdering != nil { merged.set("seq_ordering", .str("default")) }
            let options = try DatasetFactory.readOptions(&reader, environment: environment.environment)
            if let ownOrdering { merged.set("seq_ordering", ownOrdering) }
            if className == HDFDataset.className, !user.keys.contains(where: { $0.stringValue == "cache_byte_size" }) {
                reader.ignore(["cache_byte_size"])
            }
            let dataset: any Dataset
            do { dataset = try configurable.make(&reader, options: options) } catch {
                try reader.checkTypos()
                throw error
            }
            try reader.finish()
            return dataset
        } catch let e as DatasetError {
            throw DatasetFactory.located(e, in: merged, fallback: value.location)
        } catch let e as HDFError {
            throw ConfigError(.io, "dataset '\(name)': \(e)", at: merged.get("files")?.location ?? value.location)
        } catch let e as H5Error {
            throw ConfigError(.io, "dataset '\(name)': \(e)", at: merged.get("files")?.location ?? value.location)
        }
    }

    /// Options that upstream's datasets accept as a function returning the value (e.g.
    /// `"corpus_file": lambda: cf("/corpus.gz")`): called once when the dataset is made.
    static let callableOptions: Set<String> = [
        "corpus_file", "orth_symbols_file", "orth_symbols_map_file", "orth_replace_map_file", "files", "path",
        "seq_list_file", "segment_file", "seq_ordering_file",
    ]

    static func callOption(_ f: ConfigValue, key: String, dataset: String) throws -> ConfigValue {
        do { return try f.call() } catch var e as ConfigError {
            e.message = "dataset '\(dataset)': option '\(key)' is a function; calling it failed: \(e.message)"
            if e.location == nil { e.location = f.location }
            throw e
        }
    }

    /// A `DatasetError` as a `ConfigError` at the place of the option it names.
    static func located(_ e: DatasetError, in dict: ConfigDict, fallback: SourceLocation) -> ConfigError {
        var loc = fallback
        if case .invalidOption(_, let option, _) = e, let v = dict.get(option), v.location != .builtin { loc = v.location }
        if case .file = e, let v = dict.get("files"), v.location != .builtin { loc = v.location }
        return ConfigError(.value, e.description, at: loc)
    }
}
