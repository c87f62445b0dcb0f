import ReturnnConfig

/// Options of `cleanup_old_models` (RETURNN's `EngineBase.cleanup_old_models`): `True` or a
/// dict `{"keep_last_n": 2, "keep_best_n": 4, "keep": {...}}`.
public struct ModelCleanupOptions: Sendable, Equatable {
    /// `keep_last_n` (default 2, at least 1): the newest epochs kept.
    public var keepLastN: Int
    /// `keep_best_n` (default 4, at least 0): the best epochs kept for every score key.
    public var keepBestN: Int
    /// `keep`: epochs always kept; nil means the default pattern
    /// (`ModelCleanup.defaultKeepPattern`). Given, it replaces the pattern.
    public var keep: Set<Int>?

    /// Options given directly; `keepLastN >= 1` and `keepBestN >= 0` are checked.
    public init(keepLastN: Int = 2, keepBestN: Int = 4, keep: Set<Int>? = nil) throws {
        guard keepLastN >= 1, keepBestN >= 0 else {
            throw CheckpointError(.option, "cleanup_old_models: keep_last_n must be >= 1 and keep_best_n >= 0, got keep_last_n = \(keepLastN), keep_best_n = \(keepBestN)")
        }
        self.keepLastN = keepLastN
        self.keepBestN = keepBestN
        self.keep = keep
    }

    /// Reads `cleanup_old_models` from `config`: nil when it is unset or false (no cleanup).
    public static func fromConfig(_ config: Config) throws -> ModelCleanupOptions? {
        guard let v = config.typedValue("cleanup_old_models") else {
            return try config.bool("cleanup_old_models", default: false) == true ? try ModelCleanupOptions() : nil
        }
        return try fromValue(v)
    }

    /// Reads a `cleanup_old_models` value: a false value gives nil, `True` the defaults, a
    /// dict its options (unknown keys are rejected with "did you mean").
    public static func fromValue(_ v: ConfigValue) throws -> ModelCleanupOptions? {
        guard case .dict = v.kind else {
            switch v.kind {
            case .none, .bool, .int: return v.isTruthy ? try ModelCleanupOptions() : nil
            default:
                throw ConfigError(.type, "cleanup_old_models: expected True, False or a dict with keep_last_n, keep_best_n, keep; got \(v.typeName) \(v.repr)", at: v.location)
            }
        }
        var r = try OptionReader(v, context: "cleanup_old_models")
        let keep = try r.optionalValue("keep").flatMap(keepEpochs)
        let options = try ModelCleanupOptions(keepLastN: try r.int("keep_last_n", default: 2),
                                              keepBestN: try r.int("keep_best_n", default: 4), keep: keep)
        try r.finish()
        return options
    }

    /// The epochs of a `keep` value: a set, list or tuple of ints (or one int); None gives nil.
    private static func keepEpochs(_ v: ConfigValue) throws -> Set<Int>? {
        let items: [ConfigValue]
        switch v.kind {
        case .none: return nil
        case .int(let i): return [i]
        case .set(let s): items = s.items
        default:
            guard let seq = v.sequenceItems else {
                throw ConfigError(.type, "cleanup_old_models.keep: expected a set or list of epochs, got \(v.typeName) \(v.repr)", at: v.location)
            }
            items = seq
        }
        return Set(try items.map { x in
            guard case .int(let i) = x.kind else {
                throw ConfigError(.type, "cleanup_old_models.keep: expected epochs (ints), got \(x.repr)", at: x.location)
            }
            return i
        })
    }
}
