/// Python's `random.Random` (CPython's MT19937), for the few places upstream uses it instead of numpy:
/// the per-epoch `rnd_seq_drop` generator behind `seq_drop` and `chunking_variance`.
///
/// Seeding with an int `a` is CPython's `init_by_array` over the 32-bit words of `abs(a)`, least
/// significant first (`[0]` for 0). `random()` is the same 53-bit double as numpy's.
public struct PythonRandom: Sendable {
    var generator: MT19937

    /// `random.Random(seed)` for an integer seed.
    public init(seed: Int) {
        var n = seed.magnitude
        var key = [UInt32]()
        repeat {
            key.append(UInt32(truncatingIfNeeded: n))
            n >>= 32
        } while n != 0
        generator = MT19937(key: key)
    }

    /// `random()`: a double in [0, 1).
    public mutating func random() -> Double { generator.nextDouble() }

    /// `getrandbits(k)` for 1 <= k <= 32.
    public mutating func getrandbits(_ k: Int) -> Int {
        precondition(k >= 1 && k <= 32, "PythonRandom.getrandbits supports 1...32 bits")
        return Int(generator.next32() >> UInt32(32 - k))
    }

    /// `_randbelow(n)`: rejection sampling on `n.bit_length()` bits (n < 2^32).
    public mutating func randbelow(_ n: Int) -> Int {
        precondition(n > 0 && n <= Int(UInt32.max), "PythonRandom.randbelow: n must be in 1...2^32-1")
        let k = Int.bitWidth - n.leadingZeroBitCount
        var r = getrandbits(k)
        while r >= n { r = getrandbits(k) }
        return r
    }

    /// `shuffle(x)` in place (backwards Fisher-Yates with `_randbelow(i + 1)`).
    public mutating func shuffle<T>(_ x: inout [T]) {
        guard x.count > 1 else { return }
        for i in stride(from: x.count - 1, through: 1, by: -1) {
            x.swapAt(i, randbelow(i + 1))
        }
    }
}
