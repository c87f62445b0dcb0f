/// Deterministic test data for the kernel tests (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    mutating func nextFloat() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }
    /// Uniform in `[lo, hi)`.
    mutating func float(_ lo: Float, _ hi: Float) -> Float {
        lo + (hi - lo) * Float(next() >> 40) / Float(1 << 24)
    }
    /// `count` floats: mostly uniform in `[-scale, scale)`, with some values near 0 mixed in.
    mutating func floats(_ count: Int, scale: Float) -> [Float] {
        (0..<count).map { i in i % 7 == 3 ? float(-1, 1) : float(-scale, scale) }
    }
}
