/// Format-blind mutations of a byte string, as a mutation fuzzer applies them: bit flips,
/// interesting bytes and integers (0, -1, the limits of each width), inserted, deleted and
/// duplicated ranges, truncation, and splices of another input.
enum ByteMutator {
    /// Integers that hit boundaries: zero, one, all bits set, the signed limits of 8, 16, 32 and
    /// 64 bits, and powers of two near them.
    static let interestingIntegers: [UInt64] = [
        0, 1, 2, 7, 8, 16, 64, 127, 128, 255, 256, 1024, 4096, 32767, 32768, 65535, 65536,
        0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000,
        0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFE, 1 << 40, 1 << 48,
    ]

    /// `bytes` with 1 to `maxEdits` random edits; `other` is spliced from.
    static func mutate(_ bytes: [UInt8], other: [UInt8], rng: inout FuzzRandom, maxEdits: Int = 4) -> [UInt8] {
        var b = bytes
        for _ in 0..<(1 + rng.below(maxEdits)) { edit(&b, other: other, rng: &rng) }
        return b
    }

    /// One edit.
    static func edit(_ b: inout [UInt8], other: [UInt8], rng: inout FuzzRandom) {
        let n = b.count
        switch rng.below(10) {
        case 0:  // flip one bit
            if n > 0 { b[rng.below(n)] ^= UInt8(1) << UInt8(rng.below(8)) }
        case 1:  // set a byte to a boundary value
            if n > 0 { b[rng.below(n)] = rng.pick([0, 1, 0x7F, 0x80, 0xFF, 0x20, 0x0A]) }
        case 2:  // a random byte
            if n > 0 { b[rng.below(n)] = UInt8(truncatingIfNeeded: rng.next()) }
        case 3:  // overwrite an integer of 2, 4 or 8 bytes, little or big endian
            let width = rng.pick([2, 4, 8])
            guard n >= width else { return }
            let at = rng.below(n - width + 1)
            var v = rng.pick(interestingIntegers)
            if rng.chance(0.3) { v = v &+ UInt64(bitPattern: Int64(rng.below(5) - 2)) }
            let bigEndian = rng.chance(0.3)
            for i in 0..<width {
                let shift = UInt64(8 * (bigEndian ? width - 1 - i : i))
                b[at + i] = UInt8(truncatingIfNeeded: v >> shift)
            }
        case 4:  // delete a range
            if n > 0 {
                let at = rng.below(n), len = 1 + rng.below(min(64, n - at))
                b.removeSubrange(at..<(at + len))
            }
        case 5:  // insert random bytes
            let at = rng.below(n + 1)
            b.insert(contentsOf: (0..<(1 + rng.below(16))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
        case 6:  // duplicate a range
            if n > 0 {
                let at = rng.below(n), len = 1 + rng.below(min(256, n - at))
                b.insert(contentsOf: b[at..<(at + len)], at: rng.below(n + 1))
            }
        case 7:  // truncate
            b = Array(b.prefix(rng.below(n + 1)))
        case 8:  // splice a range of another input
            if !other.isEmpty && n > 0 {
                let from = rng.below(other.count), len = 1 + rng.below(min(256, other.count - from))
                let at = rng.below(n)
                let end = min(n, at + len)
                b.replaceSubrange(at..<end, with: other[from..<(from + (end - at))])
            }
        default:  // zero a range
            if n > 0 {
                let at = rng.below(n), len = 1 + rng.below(min(64, n - at))
                for i in at..<(at + len) { b[i] = 0 }
            }
        }
    }
}
