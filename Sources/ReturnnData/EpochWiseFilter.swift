import ReturnnConfig

/// Per-epoch filtering of a sequence order (RETURNN `EpochWiseFilter`, `returnn/datasets/meta.py`),
/// as `OggZipDataset`'s `epoch_wise_filter` option: a dict `(first_epoch, last_epoch) -> options`
/// (None or -1 for an open end); in those epochs `max_mean_len` keeps the shortest sequences
/// whose mean length stays at most that value (upstream's binary search), in their order.
///
/// ```python
/// "epoch_wise_filter": {(1, 5): {"max_mean_len": 1000}}   # lengths: int(duration * 100)
/// ```
public struct EpochWiseFilter: Sendable, Equatable {
    /// One epoch range with its options.
    public struct Rule: Sendable, Equatable {
        /// First epoch (1 for None).
        public var first: Int
        /// Last epoch (`Int.max` for None or -1).
        public var last: Int
        /// `max_mean_len` (None: no filtering in this range).
        public var maxMeanLen: Double?
    }

    /// The rules, sorted by epoch range as upstream.
    public let rules: [Rule]

    /// Rules as given.
    public init(rules: [Rule]) {
        self.rules = rules.sorted { ($0.first, $0.last) < ($1.first, $1.last) }
    }

    /// Reads the option dict; `context` names it in errors.
    public init(_ value: ConfigValue, context: String) throws {
        guard let d = value.dictValue else {
            throw ConfigError(.type, "\(context): expected a dict (first_epoch, last_epoch) -> options, got \(value.typeName)", at: value.location)
        }
        var rules = [Rule]()
        for (k, v) in d.entries {
            guard let pair = k.sequenceItems, pair.count == 2 else {
                throw ConfigError(.type, "\(context): keys must be (first_epoch, last_epoch) tuples, got \(k.repr)", at: k.location)
            }
            func bound(_ x: ConfigValue, _ def: Int) throws -> Int {
                if x.isNone { return def }
                guard case .int(let i) = x.kind else { throw ConfigError(.type, "\(context): epoch bounds must be ints or None, got \(x.repr)", at: k.location) }
                return i
            }
            let first = try bound(pair[0], 1)
            var last = try bound(pair[1], Int.max)
            if last == -1 { last = Int.max }
            guard first >= 1, first <= last else {
                throw ConfigError(.value, "\(context): epoch range \(k.repr) must satisfy 1 <= first <= last", at: k.location)
            }
            var r = try OptionReader(v, context: "\(context)[\(k.repr)]")
            let maxMean = try r.optionalDouble("max_mean_len")
            try r.finish()
            rules.append(Rule(first: first, last: last, maxMeanLen: maxMean))
        }
        self.init(rules: rules)
    }

    /// The order for `epoch` after the rules that cover it (unchanged for nil).
    public func filter(epoch: Int?, order: [Int], seqLength: (Int) -> Int) -> [Int] {
        guard let epoch else { return order }
        var order = order
        for rule in rules where rule.first <= epoch && epoch <= rule.last {
            if let maxMean = rule.maxMeanLen { order = EpochWiseFilter.maxMeanLen(order, maxMean, seqLength: seqLength) }
        }
        return order
    }

    /// upstream `EpochWiseFilter.filter_epoch` with `max_mean_len`: the shortest sequences (by
    /// (length, index)) up to the point upstream's binary search picks, kept in their order.
    public static func maxMeanLen(_ order: [Int], _ maxMean: Double, seqLength: (Int) -> Int) -> [Int] {
        guard maxMean != 0, !order.isEmpty else { return order }
        let sorted = order.map { (seqLength($0), $0) }.sorted { $0 < $1 }
        var prefix = [0.0]
        for (l, _) in sorted { prefix.append(prefix.last! + Double(l)) }
        // upstream util.binary_search_any(cmp=mean(first num) - max_mean_len, low=1, high=n+1)
        var low = 1, high = sorted.count + 1, best: Int? = nil
        while low < high {
            let mid = (low + high) / 2
            let c = prefix[mid] / Double(mid) - maxMean
            if c < 0 { low = mid + 1 } else if c > 0 { high = mid } else { best = mid; break }
        }
        let keep = Set(sorted.prefix(best ?? low).map { $0.1 })
        return order.filter { keep.contains($0) }
    }
}
