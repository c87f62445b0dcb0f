import Foundation

/// numpy's legacy `numpy.random.RandomState`, bit-exact for the draws RETURNN's datasets use.
///
/// Seeding: an int seed goes through `mt19937_seed`, an array or tuple seed (RETURNN's
/// `random.seed((epoch_seed, corpus_seq_idx))`) through `init_by_array`. Draws follow numpy's
/// legacy algorithms: `randint` uses masked rejection on 32-bit outputs when the range fits in 32 bits
/// and on 64-bit outputs otherwise; `randomSample`/`uniform` use the 53-bit double; `shuffle` and
/// `permutation` are the backwards Fisher-Yates with numpy's `random_interval`; `standardNormal` is
/// the legacy polar Box-Muller with one cached value.
public struct NumpyRandomState: Sendable {
    /// A seed numpy would reject.
    public enum SeedError: Error, Equatable, CustomStringConvertible {
        /// An integer seed outside [0, 2^32 - 1].
        case outOfRange(Int)
        /// An empty seed array.
        case empty

        /// What went wrong and what to do.
        public var description: String {
            switch self {
            case .outOfRange(let v):
                return "random seed \(v) is outside [0, 2**32-1] (numpy RandomState rejects it); use a non-negative seed"
            case .empty:
                return "random seed array is empty (numpy: 'Seed must be non-empty'); give at least one value"
            }
        }
    }

    /// The underlying bit generator.
    public private(set) var generator: MT19937
    /// Cached second value of the polar method (numpy `has_gauss`/`gauss`).
    var cachedGauss: Double?

    /// `RandomState(seed)` for an integer seed in [0, 2^32 - 1].
    public init(seed: Int) throws {
        guard seed >= 0, seed <= Int(UInt32.max) else { throw SeedError.outOfRange(seed) }
        generator = MT19937(seed: UInt32(seed))
    }

    /// `RandomState((a, b, ...))`: array/tuple seeding through `init_by_array`.
    public init(seedArray: [Int]) throws {
        guard !seedArray.isEmpty else { throw SeedError.empty }
        var key = [UInt32]()
        key.reserveCapacity(seedArray.count)
        for v in seedArray {
            guard v >= 0, v <= Int(UInt32.max) else { throw SeedError.outOfRange(v) }
            key.append(UInt32(v))
        }
        generator = MT19937(key: key)
    }

    /// `RandomState(seed)` for a seed already known to be valid.
    public init(seed: UInt32) {
        generator = MT19937(seed: seed)
    }

    /// `seed(s)`: reseeds in place from an integer.
    public mutating func seed(_ s: Int) throws {
        self = try NumpyRandomState(seed: s)
    }

    /// `seed((a, b, ...))`: reseeds in place from an array/tuple.
    public mutating func seed(array: [Int]) throws {
        self = try NumpyRandomState(seedArray: array)
    }

    /// The next raw 32-bit output.
    public mutating func nextUInt32() -> UInt32 { generator.next32() }

    /// `random_sample()` / `rand()`: a double in [0, 1) with 53 random bits.
    public mutating func randomSample() -> Double { generator.nextDouble() }

    /// `uniform(low, high)`: `low + (high - low) * random_sample()`.
    public mutating func uniform(_ low: Double = 0, _ high: Double = 1) -> Double {
        low + (high - low) * generator.nextDouble()
    }

    /// Smallest all-ones mask covering `max` (numpy `gen_mask`).
    @inline(__always)
    static func mask(_ max: UInt64) -> UInt64 {
        var m = max
        m |= m >> 1
        m |= m >> 2
        m |= m >> 4
        m |= m >> 8
        m |= m >> 16
        m |= m >> 32
        return m
    }

    /// A value in [0, rng] by masked rejection, as numpy's `random_bounded_uint64_fill` with
    /// `use_masked=True`: 32-bit draws when `rng` fits in 32 bits, 64-bit draws otherwise.
    @inline(__always)
    mutating func boundedMasked(_ rng: UInt64) -> UInt64 {
        if rng == 0 { return 0 }
        if rng <= UInt64(UInt32.max) {
            if rng == UInt64(UInt32.max) { return UInt64(generator.next32()) }
            let m = UInt32(NumpyRandomState.mask(rng))
            let r = UInt32(rng)
            while true {
                let v = generator.next32() & m
                if v <= r { return UInt64(v) }
            }
        }
        if rng == UInt64.max { return generator.next64() }
        let m = NumpyRandomState.mask(rng)
        while true {
            let v = generator.next64() & m
            if v <= rng { return v }
        }
    }

    /// `randint(low, high)`: an integer in [low, high) (int64 dtype, legacy masked method).
    public mutating func randint(_ low: Int, _ high: Int) -> Int {
        precondition(low < high, "randint: low (\(low)) must be < high (\(high))")
        let rng = UInt64(bitPattern: Int64(high) &- 1 &- Int64(low))
        return Int(Int64(low) &+ Int64(bitPattern: boundedMasked(rng)))
    }

    /// `randint(low, high, size=count)`: `count` independent draws.
    public mutating func randint(_ low: Int, _ high: Int, count: Int) -> [Int] {
        (0..<count).map { _ in randint(low, high) }
    }

    /// numpy `random_interval(max)`: a value in [0, max] by masked rejection (used by shuffle).
    @inline(__always)
    mutating func randomInterval(_ max: Int) -> Int {
        if max == 0 { return 0 }
        let mx = UInt64(max)
        let m = NumpyRandomState.mask(mx)
        if mx <= UInt64(UInt32.max) {
            while true {
                let v = UInt64(generator.next32()) & m
                if v <= mx { return Int(v) }
            }
        }
        while true {
            let v = generator.next64() & m
            if v <= mx { return Int(v) }
        }
    }

    /// `shuffle(x)` in place (legacy backwards Fisher-Yates).
    public mutating func shuffle<T>(_ x: inout [T]) {
        guard x.count > 1 else { return }
        for i in stride(from: x.count - 1, through: 1, by: -1) {
            let j = randomInterval(i)
            x.swapAt(i, j)
        }
    }

    /// `shuffle(x)` on a mutable slice (a bin of a larger order) in place.
    public mutating func shuffle<T>(_ x: inout ArraySlice<T>) {
        guard x.count > 1 else { return }
        let base = x.startIndex
        for i in stride(from: x.count - 1, through: 1, by: -1) {
            let j = randomInterval(i)
            x.swapAt(base + i, base + j)
        }
    }

    /// `permutation(n)`: a shuffled `arange(n)`.
    public mutating func permutation(_ n: Int) -> [Int] {
        var a = Array(0..<n)
        shuffle(&a)
        return a
    }

    /// `choice(n)`: an index in [0, n) (legacy choice with replacement = `randint(0, n)`).
    public mutating func choice(_ n: Int) -> Int {
        randint(0, n)
    }

    /// `choice(items)`: one element, drawn as `items[randint(0, len(items))]`.
    public mutating func choice<T>(_ items: [T]) -> T {
        items[randint(0, items.count)]
    }

    /// `standard_normal()`: legacy polar method; every second call returns the cached value.
    public mutating func standardNormal() -> Double {
        if let g = cachedGauss {
            cachedGauss = nil
            return g
        }
        var x1 = 0.0
        var x2 = 0.0
        var r2 = 0.0
        repeat {
            x1 = 2.0 * generator.nextDouble() - 1.0
            x2 = 2.0 * generator.nextDouble() - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * Foundation.log(r2) / r2).squareRoot()
        cachedGauss = f * x1
        return f * x2
    }
}
