/// The 32-bit Mersenne Twister (MT19937) with numpy's legacy seeding routines.
///
/// Bit-identical to the bit generator behind `numpy.random.RandomState`: `init(seed:)` is numpy's
/// `mt19937_seed` (Knuth's linear initialisation, used for an integer seed) and `init(key:)` is
/// `mt19937_init_by_array` (used for array or tuple seeds such as `RandomState((epochSeed, idx))`).
public struct MT19937: Sendable {
    /// Number of 32-bit words of state.
    public static let stateSize = 624
    static let period = 397
    static let matrixA: UInt32 = 0x9908_b0df
    static let upperMask: UInt32 = 0x8000_0000
    static let lowerMask: UInt32 = 0x7fff_ffff

    /// The 624 state words.
    public private(set) var state: [UInt32]
    /// Index of the next word to temper; 624 means "regenerate first".
    public private(set) var position: Int

    /// Seeds from one 32-bit integer, as numpy `RandomState(seed)` with an int seed.
    public init(seed: UInt32) {
        state = MT19937.genrandState(seed)
        position = MT19937.stateSize
    }

    /// Seeds from a key array, as numpy `RandomState([a, b, ...])` / `seed((a, b))`.
    ///
    /// The key must not be empty (numpy raises "Seed must be non-empty").
    public init(key: [UInt32]) {
        precondition(!key.isEmpty, "MT19937.init(key:) needs a non-empty key")
        let n = MT19937.stateSize
        var mt = MT19937.genrandState(19_650_218)
        var i = 1
        var j = 0
        for _ in 0..<max(n, key.count) {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30)
            mt[i] = (mt[i] ^ (prev &* 1_664_525)) &+ key[j] &+ UInt32(truncatingIfNeeded: j)
            i += 1
            j += 1
            if i >= n {
                mt[0] = mt[n - 1]
                i = 1
            }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<(n - 1) {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30)
            mt[i] = (mt[i] ^ (prev &* 1_566_083_941)) &- UInt32(truncatingIfNeeded: i)
            i += 1
            if i >= n {
                mt[0] = mt[n - 1]
                i = 1
            }
        }
        mt[0] = 0x8000_0000
        state = mt
        position = n
    }

    static func genrandState(_ seed: UInt32) -> [UInt32] {
        var mt = [UInt32](repeating: 0, count: stateSize)
        var s = seed
        for i in 0..<stateSize {
            mt[i] = s
            s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(truncatingIfNeeded: i + 1)
        }
        return mt
    }

    /// Regenerates all 624 words (the "twist").
    mutating func twist() {
        let n = MT19937.stateSize
        let m = MT19937.period
        state.withUnsafeMutableBufferPointer { mt in
            for k in 0..<n {
                let y = (mt[k] & MT19937.upperMask) | (mt[(k + 1) % n] & MT19937.lowerMask)
                mt[k] = mt[(k + m) % n] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MT19937.matrixA)
            }
        }
        position = 0
    }

    /// The next tempered 32-bit output (numpy `next_uint32`).
    @inline(__always)
    public mutating func next32() -> UInt32 {
        if position >= MT19937.stateSize { twist() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// Two 32-bit outputs joined high word first (numpy `next_uint64` for MT19937).
    @inline(__always)
    public mutating func next64() -> UInt64 {
        let hi = UInt64(next32())
        let lo = UInt64(next32())
        return (hi << 32) | lo
    }

    /// A double in [0, 1) with 53 random bits: `((a >> 5) * 2^26 + (b >> 6)) / 2^53` (numpy `next_double`).
    @inline(__always)
    public mutating func nextDouble() -> Double {
        let a = Double(next32() >> 5)
        let b = Double(next32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }
}
