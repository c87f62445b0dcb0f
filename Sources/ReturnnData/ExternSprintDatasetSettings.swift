import ReturnnConfig

/// `ExternSprintDataset`'s own options (upstream `ExternSprintDataset` + `SprintDatasetBase` kwargs),
/// read once from the config.
public struct ExternSprintDatasetSettings {
    /// `sprintTrainerExecPath`: the RASR executable (e.g. `nn-trainer.linux-x86_64-standard`), or a
    /// list whose first element is executed (e.g. `["python3", "rasr-standin"]`). Found in `PATH`
    /// when it has no slash.
    public var execPath: [String]
    /// `sprintConfigStr`: RASR's command-line options.
    public var configArgs: SprintConfigArgs
    /// `input_stddev` (1.0): features are divided by it.
    public var inputStddev: Float = 1
    /// `reduce_target_factor` (1): `classes` has `ceil(T / factor)` labels for `T` feature frames.
    public var reduceTargetFactor: Int = 1
    /// `str_add_final_zero` (False): adds `orth0`, the orthography bytes with a final 0.
    public var strAddFinalZero = false
    /// `orth_post_process` (None): config functions `str -> str` applied to the orthography, in order.
    public var orthPostProcess: [ConfigValue] = []
    /// `bpe` (None): a `BytePairEncoding` of the orthography, as data key `bpe`.
    public var bpe: Vocabulary?
    /// `orth_vocab` (None): a vocabulary of the orthography, as data key `orth_classes`.
    public var orthVocab: Vocabulary?
    /// `target_maps` (None): key -> (label -> index), from a dict or a file with one label per line;
    /// the string target becomes that index repeated over the frames.
    public var targetMaps: [String: [String: Int]] = [:]
    /// `suppress_load_seqs_print` (False): accepted; this implementation prints no per-load lines.
    public var suppressLoadSeqsPrint = false
    /// `child_timeout` (900 s; not upstream's): how long to wait for RASR's next segment before the
    /// child counts as hung and is killed; 0 or None waits forever.
    public var childTimeout: Double? = 900
    /// Copy RASR's stdout/stderr to ours (as upstream's child, which inherits them).
    public var forwardOutput = true
    /// The environment for `$VAR` tokens in `sprintConfigStr` and for `PATH`.
    public var environment: [String: String] = [:]

    /// Settings with the two required options.
    public init(execPath: [String], configArgs: SprintConfigArgs) {
        self.execPath = execPath
        self.configArgs = configArgs
    }
}

/// `sprintConfigStr`: a string (split as `shlex.split`), a list of strings, or a config function
/// (called without arguments at the start of every epoch, as upstream's `eval_shell_str`) giving either;
/// list elements may be functions too. `$VAR` tokens are replaced by the split environment value.
public struct SprintConfigArgs {
    /// The config value (str, list, or function).
    public let value: ConfigValue

    /// Wraps a config value.
    public init(_ value: ConfigValue) { self.value = value }

    /// The tokens for this epoch.
    public func tokens(environment: [String: String]) throws -> [String] {
        try ShellWords.expand(try Self.words(value), environment: environment)
    }

    static func words(_ v: ConfigValue) throws -> [String] {
        var v = v
        if v.isCallable { v = try v.call() }
        if let s = v.stringValue { return try ShellWords.split(s) }
        guard let items = v.sequenceItems else {
            throw ConfigError(.type, "sprintConfigStr must be a str, a list of str, or a function giving one; got \(v.typeName) \(v.repr)", at: v.location)
        }
        return try items.map { item in
            let t = item.isCallable ? try item.call() : item
            guard let s = t.stringValue else {
                throw ConfigError(.type, "sprintConfigStr: list elements must be str (or functions giving str); got \(t.typeName) \(t.repr)", at: t.location)
            }
            return s
        }
    }
}
