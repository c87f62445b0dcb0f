/// SplitMix64: the deterministic generator of the fuzzer. Mutation `i` of a run with seed `s`
/// uses `FuzzRandom(seed: s, index: i)`, so every input can be made again on its own.
struct FuzzRandom {
    private var state: UInt64
    /// The input index the generator was made for.
    let index: Int

    /// The generator of input `index` of a run with `seed`.
    init(seed: UInt64, index: Int) {
        self.index = index
        state = seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03
        _ = next()
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (0 for n <= 0).
    mutating func below(_ n: Int) -> Int {
        n <= 0 ? 0 : Int(next() % UInt64(n))
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < p
    }

    /// One element of `items` (which must not be empty).
    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }
}
