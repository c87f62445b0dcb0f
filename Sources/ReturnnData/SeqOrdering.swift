/// The `seq_ordering` option (config key `batching` for train): how sequences are ordered per epoch.
///
/// Parsed from RETURNN's strings ("default", "default_every_n:N", "reverse", "sorted",
/// "sorted_reverse", "random[:N]", "random_sample[:N]", "sort_bin_shuffle[:B[:N]]",
/// "sort_bin_shuffle_x2[:B[:N]]", "laplace[:B[:N]]"); `N` is the number of consecutive epochs
/// sharing one seed, `B` the number of bins or `.k` for about k sequences per bin.
public enum SeqOrdering: Sendable, Equatable, CustomStringConvertible {
    /// How many bins a binned ordering uses.
    public enum Bins: Sendable, Equatable {
        /// Exactly this many bins.
        case count(Int)
        /// `.k`: `max(numSeqs / k, 2)` bins.
        case seqsPerBin(Int)

        /// The bin count for `numSeqs` sequences.
        public func resolve(numSeqs: Int) -> Int {
            switch self {
            case .count(let b): return b
            case .seqsPerBin(let k): return Swift.max(numSeqs / k, 2)
            }
        }
    }

    /// Corpus order.
    case `default`
    /// Interleaved blocks of `n` (for `keep_over_epoch` states); drops `numSeqs % n` seqs as upstream.
    case defaultEveryN(Int)
    /// Reversed corpus order.
    case reverse
    /// Stable ascending sort by length.
    case sorted
    /// Stable descending sort by length.
    case sortedReverse
    /// `RandomState(seed).permutation(n)`.
    case random(epochsFixed: Int)
    /// `RandomState(seed).randint(0, n, size=n)` (with replacement).
    case randomSample(epochsFixed: Int)
    /// Permute, stable sort by length, shuffle bins; `shuffleWithinBins` is the `_x2` variant.
    case sortBinShuffle(bins: Bins, epochsFixed: Int, shuffleWithinBins: Bool)
    /// Permute, cut into bins, sort bins alternately ascending/descending by length.
    case laplace(bins: Bins, epochsFixed: Int)

    /// Parses a RETURNN `seq_ordering` string; throws for unknown modes or bad numbers.
    public init(parsing s: String, dataset: String = "dataset") throws {
        let bad = { (msg: String) in
            DatasetError.invalidOption(dataset: dataset, option: "seq_ordering", message: "'\(s)': \(msg)")
        }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func int(_ t: String, _ what: String) throws -> Int {
            guard let v = Int(t), v > 0 else { throw bad("\(what) must be a positive integer, got '\(t)'") }
            return v
        }
        func bins(_ t: String) throws -> Bins {
            if t.hasPrefix(".") { return .seqsPerBin(try int(String(t.dropFirst()), "seqs per bin")) }
            return .count(try int(t, "number of bins"))
        }
        let head = parts[0]
        let rest = Array(parts.dropFirst())
        switch head {
        case "default" where rest.isEmpty: self = .default
        case "default_every_n" where rest.count == 1: self = .defaultEveryN(try int(rest[0], "n"))
        case "reverse" where rest.isEmpty: self = .reverse
        case "sorted" where rest.isEmpty: self = .sorted
        case "sorted_reverse" where rest.isEmpty: self = .sortedReverse
        case "random" where rest.count <= 1:
            self = .random(epochsFixed: rest.isEmpty ? 1 : try int(rest[0], "epochs per seed"))
        case "random_sample" where rest.count <= 1:
            self = .randomSample(epochsFixed: rest.isEmpty ? 1 : try int(rest[0], "epochs per seed"))
        case "sort_bin_shuffle", "sort_bin_shuffle_x2", "laplace":
            guard rest.count <= 2 else { throw bad("expected at most 2 parameters (bins:epochs)") }
            let b = rest.isEmpty ? Bins.count(2) : try bins(rest[0])
            let n = rest.count == 2 ? try int(rest[1], "epochs per seed") : 1
            if head == "laplace" {
                self = .laplace(bins: b, epochsFixed: n)
            } else {
                self = .sortBinShuffle(bins: b, epochsFixed: n, shuffleWithinBins: head == "sort_bin_shuffle_x2")
            }
        default:
            throw bad("unknown ordering; use default, default_every_n:N, reverse, sorted, sorted_reverse, random[:N], random_sample[:N], sort_bin_shuffle[_x2][:B[:N]] or laplace[:B[:N]]")
        }
    }

    /// The RETURNN string of this ordering.
    public var description: String {
        func b(_ x: Bins) -> String {
            switch x {
            case .count(let n): return "\(n)"
            case .seqsPerBin(let k): return ".\(k)"
            }
        }
        switch self {
        case .default: return "default"
        case .defaultEveryN(let n): return "default_every_n:\(n)"
        case .reverse: return "reverse"
        case .sorted: return "sorted"
        case .sortedReverse: return "sorted_reverse"
        case .random(let n): return n == 1 ? "random" : "random:\(n)"
        case .randomSample(let n): return n == 1 ? "random_sample" : "random_sample:\(n)"
        case .sortBinShuffle(let bins, let n, let x2):
            return (x2 ? "sort_bin_shuffle_x2" : "sort_bin_shuffle") + ":\(b(bins)):\(n)"
        case .laplace(let bins, let n): return "laplace:\(b(bins)):\(n)"
        }
    }

    /// Whether the ordering reads sequence lengths.
    public var needsSeqLengths: Bool {
        switch self {
        case .sorted, .sortedReverse, .sortBinShuffle, .laplace: return true
        default: return false
        }
    }

    /// Whether the ordering draws from the epoch's random generator.
    public var usesRandom: Bool {
        switch self {
        case .random, .randomSample, .sortBinShuffle, .laplace: return true
        default: return false
        }
    }

    /// Number of consecutive epochs that share one random seed (1 for deterministic orders).
    public var epochsFixed: Int {
        switch self {
        case .random(let n), .randomSample(let n): return n
        case .sortBinShuffle(_, let n, _), .laplace(_, let n): return n
        default: return 1
        }
    }

    /// Stable argsort of `keys` ascending (numpy `argsort(kind="stable")`).
    static func stableArgsort<T: Comparable>(_ keys: [T]) -> [Int] {
        Array(0..<keys.count).sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
    }

    /// The order of `numSeqs` corpus indices (upstream `get_seq_order_for_epoch` before
    /// partitioning). `random` is a generator seeded for this epoch; `seqLength` gives the length
    /// used for sorting (required when `needsSeqLengths`).
    public func order(numSeqs n: Int, random: inout NumpyRandomState, seqLength: ((Int) throws -> Double)?) rethrows -> [Int] {
        func lens() throws -> [Double] {
            guard let f = seqLength else { preconditionFailure("seq ordering \(self) needs sequence lengths") }
            return try (0..<n).map(f)
        }
        switch self {
        case .default:
            return Array(0..<n)
        case .defaultEveryN(let num):
            let per = n / num
            var idx = [Int]()
            idx.reserveCapacity(per * num)
            for b in 0..<per {
                for i in 0..<num { idx.append(b + i * per) }
            }
            return idx
        case .reverse:
            return Array((0..<n).reversed())
        case .sorted:
            return SeqOrdering.stableArgsort(try lens())
        case .sortedReverse:
            return SeqOrdering.stableArgsort(try lens().map { -$0 })
        case .random:
            return random.permutation(n)
        case .randomSample:
            return random.randint(0, n, count: n)
        case .sortBinShuffle(let binsSpec, _, let x2):
            let l = try lens()
            var idx = random.permutation(n)
            idx = idx.enumerated().sorted { (a, b) in
                l[a.element] < l[b.element] || (l[a.element] == l[b.element] && a.offset < b.offset)
            }.map(\.element)
            let bins = binsSpec.resolve(numSeqs: n)
            let binIds = random.permutation(bins)
            var out = [Int]()
            out.reserveCapacity(n)
            for i in binIds {
                let lo = Swift.min(i * idx.count / bins, idx.count)
                let hi = i == bins - 1 ? idx.count : Swift.min((i + 1) * idx.count / bins, idx.count)
                var part = idx[lo..<Swift.max(lo, hi)]
                if x2 { random.shuffle(&part) }
                out.append(contentsOf: part)
            }
            return out
        case .laplace(let binsSpec, _):
            let l = try lens()
            let bins = binsSpec.resolve(numSeqs: n)
            let idx = random.permutation(n)
            var out = [Int]()
            out.reserveCapacity(n)
            for i in 0..<bins {
                let lo = Swift.min(i * idx.count / bins, idx.count)
                let hi = Swift.min((i + 1) * idx.count / bins, idx.count)
                let part = Array(idx[lo..<Swift.max(lo, hi)])
                let keys = part.map { i % 2 == 1 ? -l[$0] : l[$0] }
                out.append(contentsOf: SeqOrdering.stableArgsort(keys).map { part[$0] })
            }
            return out
        }
    }
}
