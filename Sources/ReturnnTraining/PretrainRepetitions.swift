import ReturnnConfig

/// How many epochs each pretrain step is trained (RETURNN's `Pretrain(repetitions=...)`, also the
/// legacy config key `pretrain_repetitions`). Default: one epoch per step.
public enum PretrainRepetitions: Equatable, Sendable {
    /// Every step the same number of epochs (`repetitions = 2`).
    case count(Int)
    /// Per step, the last value repeated for the remaining steps (`repetitions = [1, 1, 3]`).
    case list([Int])
    /// `{"default": n, "final": m, idx: k}`: `n` (default 1) for every step, `m` for the last
    /// step, `k` for step `idx` (0-based; negative counts from the end, as a Python index).
    case dict(defaultCount: Int, finalCount: Int?, byIndex: [Int: Int])

    /// Reads a repetitions value; `None`, `0`, `[]` and `{}` mean one epoch per step (upstream's
    /// `if not repetitions: repetitions = 1`).
    public init(_ v: ConfigValue, context: String) throws {
        func count(_ x: ConfigValue, _ what: String) throws -> Int {
            guard case .int(let n) = x.kind else {
                throw ConfigError(.type, "\(context): \(what) must be an int (number of epochs), got \(x.typeName) \(x.repr)", at: x.location)
            }
            guard n >= 0 else {
                throw ConfigError(.value, "\(context): \(what) must not be negative, got \(n)", at: x.location)
            }
            return n
        }
        if !v.isTruthy { self = .count(1); return }
        switch v.kind {
        case .int: self = .count(try count(v, "repetitions"))
        case .bool: self = .count(1)  // `True`: Python's int 1
        case .list, .tuple:
            self = .list(try (v.sequenceItems ?? []).enumerated().map { try count($0.element, "repetitions[\($0.offset)]") })
        case .dict(let d):
            var def = 1
            var fin: Int?
            var byIndex: [Int: Int] = [:]
            for (k, x) in zip(d.keys, d.values) {
                if let name = k.stringValue {
                    switch name {
                    case "default": def = try count(x, "repetitions['default']")
                    case "final": fin = try count(x, "repetitions['final']")
                    default:
                        var msg = "\(context): unknown repetitions key '\(name)' (use 'default', 'final' or a step index)"
                        if let s = EditDistance.closest(to: name, in: ["default", "final"]) { msg += "; did you mean '\(s)'?" }
                        throw ConfigError(.key, msg, at: k.location)
                    }
                } else if case .int(let i) = k.kind {
                    byIndex[i] = try count(x, "repetitions[\(i)]")
                } else {
                    throw ConfigError(.type, "\(context): repetitions keys must be 'default', 'final' or a step index, got \(k.repr)",
                                      at: k.location)
                }
            }
            self = .dict(defaultCount: def, finalCount: fin, byIndex: byIndex)
        default:
            throw ConfigError(.type, "\(context): repetitions must be an int, a list of ints or a dict, got \(v.typeName) \(v.repr)",
                              at: v.location)
        }
    }

    /// The number of epochs for each of `stepCount` steps.
    ///
    /// A list may be shorter than the steps (its last value repeats) but not empty or longer;
    /// a dict index must name a step. Both are config mistakes (`ConfigError`).
    public func counts(stepCount n: Int, context: String) throws -> [Int] {
        precondition(n > 0, "PretrainRepetitions.counts: no steps")
        switch self {
        case .count(let c): return [Int](repeating: c, count: n)
        case .list(let l):
            guard !l.isEmpty, l.count <= n else {
                throw ConfigError(.value, "\(context): repetitions list has \(l.count) entries, but the pretrain construction gives \(n) steps; give 1 to \(n) entries (the last one repeats)")
            }
            return l + [Int](repeating: l[l.count - 1], count: n - l.count)
        case .dict(let def, let fin, let byIndex):
            var out = [Int](repeating: def, count: n)
            for (i, c) in byIndex.sorted(by: { $0.key < $1.key }) {
                guard i >= -n, i < n else {
                    throw ConfigError(.value, "\(context): repetitions index \(i) is out of range; the pretrain construction gives \(n) steps (indices 0...\(n - 1), or negative from the end)")
                }
                out[i < 0 ? i + n : i] = c
            }
            if let fin { out[n - 1] = fin }
            return out
        }
    }
}
