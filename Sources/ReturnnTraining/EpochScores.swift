import ReturnnNetwork

/// Accumulates the losses of a pass over a dataset (upstream `Runner._collect_eval_info` /
/// `_finalize`): per loss name, the sums of the unnormalized cost and error and of the
/// normalizers, so the epoch score is the average per target frame over the whole epoch.
public struct EpochScores: Sendable, Equatable {
    /// Loss names in first-seen order.
    public private(set) var names: [String] = []
    var costSum: [String: Double] = [:]
    var errorSum: [String: Double] = [:]
    var normSum: [String: Double] = [:]
    /// Number of steps accumulated.
    public private(set) var steps = 0

    /// Empty scores.
    public init() {}

    /// Adds one batch.
    public mutating func add(_ losses: [LossOutput]) {
        for l in losses {
            if normSum[l.name] == nil { names.append(l.name) }
            if l.hasValue { costSum[l.name, default: 0] += Double(l.value.value.scalar) }
            if let e = l.error { errorSum[l.name, default: 0] += e }
            normSum[l.name, default: 0] += l.normalizer
        }
        steps += 1
    }

    /// `cost:<name>` → Σ cost / Σ normalizer.
    public var score: [(String, Double)] {
        names.compactMap { n in costSum[n].map { ("cost:\(n)", $0 / Swift.max(normSum[n]!, 1e-300)) } }
    }

    /// `error:<name>` → Σ error / Σ normalizer (losses without an error are left out).
    public var error: [(String, Double)] {
        names.compactMap { n in errorSum[n].map { ("error:\(n)", $0 / Swift.max(normSum[n]!, 1e-300)) } }
    }

    /// Whether every score is finite.
    public var isFinite: Bool { score.allSatisfy { $0.1.isFinite } }

    /// Upstream `format_score`: "None", the single value, or "name value" pairs sorted by key.
    public static func format(_ d: [(String, Double)]) -> String {
        if d.isEmpty { return "None" }
        if d.count == 1 { return PythonFloat.repr(d[0].1) }
        return d.sorted { $0.0 < $1.0 }.map { "\($0.0.split(separator: ":", maxSplits: 2).last.map(String.init) ?? $0.0) \(PythonFloat.repr($0.1))" }
            .joined(separator: " ")
    }
}

/// Python's `repr(float)`: the shortest text that round-trips, `.0` for integral values, exponent
/// form like `1e-05` outside `[1e-4, 1e16)`. Swift's `Double.description` follows the same rules
/// (checked against Python in the tests), so this is a named wrapper.
public enum PythonFloat {
    /// `repr(x)` as Python 3 prints it.
    public static func repr(_ x: Double) -> String { "\(x)" }
}
