/// Loads and stores of 16 floats for the optimizer and gradient loops.
///
/// Every per-element loop of the updater walks its buffers in steps of 16: full `SIMD16<Float>`
/// vectors, then one zero-padded vector for the `n % 16` rest (padding lanes are computed but
/// never stored), so results never depend on an element's position.
enum OptimizerLanes {
    /// Loads `k <= 16` floats from `p`; lanes past `k` are 0.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ k: Int) -> SIMD16<Float> {
        if k == 16 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self) }
        var v = SIMD16<Float>()
        for j in 0..<k { v[j] = p[j] }
        return v
    }

    /// Loads `k <= 16` floats from a mutable pointer.
    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>, _ k: Int) -> SIMD16<Float> {
        load(UnsafePointer(p), k)
    }

    /// Stores the first `k <= 16` lanes of `v` at `p`.
    @inline(__always)
    static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, _ k: Int) {
        if k == 16 { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self); return }
        for j in 0..<k { p[j] = v[j] }
    }

    /// Sum of squares of `n` floats at `p`, accumulated in Double across vectors.
    static func sumOfSquares(_ p: UnsafePointer<Float>, count n: Int) -> Double {
        var total = 0.0
        var i = 0
        while i < n {
            var acc = SIMD16<Float>()
            let end = min(n, i + 4096)
            while i < end {
                let k = min(16, end - i)
                let x = load(p + i, k)
                acc.addProduct(x, x)
                i += 16
            }
            total += Double(acc.sum())
        }
        return total
    }

    /// `p[i] *= s` for `i < n`.
    static func scale(_ p: UnsafeMutablePointer<Float>, count n: Int, by s: Float) {
        var i = 0
        while i < n {
            let k = min(16, n - i)
            store(load(p + i, k) * s, p + i, k)
            i += 16
        }
    }
}
