import Foundation

/// A small, fast, seeded random generator (xoshiro256** seeded by SplitMix64) for everything the
/// network and the engine draw: parameter init, dropout masks, gradient noise.
///
/// Determinism: a generator is a pure function of its seed words, so the engine derives one per
/// purpose and position, e.g. `RandomGenerator(seed: randomSeed, stream: [Stream.dropout, epoch, step])`.
/// A training restarted at any step then draws exactly what an uninterrupted run drew.
public struct RandomGenerator: Sendable {
    /// Well-known stream tags, so that different purposes never share a sequence.
    public enum Stream {
        /// Parameter initialization (`stream: [paramInit, hash of the parameter name]`).
        public static let parameterInit: UInt64 = 1
        /// Dropout masks (`[dropout, epoch, step]`).
        public static let dropout: UInt64 = 2
        /// Gradient noise (`[gradientNoise, epoch, step]`).
        public static let gradientNoise: UInt64 = 3
        /// Anything else layer code draws while running (`[layerNoise, epoch, step]`).
        public static let layerNoise: UInt64 = 4
    }

    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator for `seed` and the extra words `stream` (mixed in order).
    public init(seed: UInt64, stream: [UInt64] = []) {
        var x = seed &+ 0x9E37_79B9_7F4A_7C15
        for w in stream { x = Self.splitMix(&x) ^ (w &* 0xBF58_476D_1CE4_E5B9) }
        s0 = Self.splitMix(&x); s1 = Self.splitMix(&x); s2 = Self.splitMix(&x); s3 = Self.splitMix(&x)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// FNV-1a hash of a string, to turn a parameter name into a stream word.
    public static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    private static func splitMix(_ x: inout UInt64) -> UInt64 {
        x = x &+ 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in `[0, 1)` with 24 random bits.
    public mutating func nextFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in `[0, 1)` with 53 random bits.
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in `[low, high)`.
    public mutating func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * nextFloat() }

    /// Standard normal (Box-Muller, one value per call).
    public mutating func normal() -> Double {
        var u = nextDouble()
        while u <= 0 { u = nextDouble() }
        let v = nextDouble()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// Normal with `stddev`, redrawn while more than 2 standard deviations from 0
    /// (TF `truncated_normal`).
    public mutating func truncatedNormal(stddev: Double) -> Double {
        while true {
            let z = normal()
            if Swift.abs(z) <= 2 { return z * stddev }
        }
    }

    /// Fills `count` floats at `p` uniform in `[low, high)`.
    public mutating func fillUniform(_ p: UnsafeMutablePointer<Float>, count: Int, low: Float, high: Float) {
        for i in 0..<count { p[i] = uniform(low, high) }
    }

    /// Fills `count` floats at `p` with normal values (`mean`, `stddev`), optionally truncated at 2σ.
    public mutating func fillNormal(_ p: UnsafeMutablePointer<Float>, count: Int, mean: Float, stddev: Float,
                                    truncated: Bool = false) {
        for i in 0..<count {
            let z = truncated ? truncatedNormal(stddev: 1) : normal()
            p[i] = mean + stddev * Float(z)
        }
    }
}
