/// A function of one `SIMD16<Float>`, applied lane-wise by `VectorLoop`.
///
/// Kernels pass small structs conforming to this (not closures): generic specialisation
/// reliably inlines them into the loop, while closures were measured to stay calls per vector
/// (and the optimiser's function merging turned some loops into indirect calls).
@usableFromInline
protocol VectorFunction {
    /// The value for one vector of 16 lanes.
    func callAsFunction(_ a: SIMD16<Float>) -> SIMD16<Float>
}

/// A function of two `SIMD16<Float>`, applied lane-wise by `VectorLoop`.
@usableFromInline
protocol VectorFunction2 {
    /// The value for two vectors of 16 lanes.
    func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float>
}

/// Contiguous-buffer loop drivers shared by the elementwise, reduction and softmax kernels:
/// full vectors of 16, then the remaining `n % 16` elements through the same function on a
/// zero-padded vector (so results never depend on an element's position).
@usableFromInline
enum VectorLoop {
    /// Loads 16 floats from `p` (no alignment needed).
    @inlinable @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// Stores 16 floats at `p` (no alignment needed).
    @inlinable @inline(__always)
    static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
    }

    /// Loads `n <= 16` floats from `p`, the other lanes 0.
    @inlinable @inline(__always)
    static func loadPartial(_ p: UnsafePointer<Float>, _ n: Int) -> SIMD16<Float> {
        // One small memcpy: lane-by-lane inserts cost about 10x more.
        var v = SIMD16<Float>()
        withUnsafeMutableBytes(of: &v) { $0.baseAddress!.copyMemory(from: p, byteCount: n * MemoryLayout<Float>.stride) }
        return v
    }

    /// Stores the first `n <= 16` lanes of `v` at `p`.
    @inlinable @inline(__always)
    static func storePartial(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, _ n: Int) {
        withUnsafeBytes(of: v) { UnsafeMutableRawPointer(p).copyMemory(from: $0.baseAddress!, byteCount: n * MemoryLayout<Float>.stride) }
    }

    /// `y[i] = f(x[i])` for `i < n` (`y` may alias `x`).
    @inlinable @inline(__always)
    static func map<F: VectorFunction>(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ f: F
    ) {
        var i = 0
        while i + 16 <= n {
            store(f(load(x + i)), y + i)
            i += 16
        }
        if i < n { storePartial(f(loadPartial(x + i, n - i)), y + i, n - i) }
    }

    /// `out[i] = f(a[i], b[i])` for `i < n` (`out` may alias `a` or `b`).
    @inlinable @inline(__always)
    static func map2<F: VectorFunction2>(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int, _ f: F
    ) {
        var i = 0
        while i + 16 <= n {
            store(f(load(a + i), load(b + i)), out + i)
            i += 16
        }
        if i < n { storePartial(f(loadPartial(a + i, n - i), loadPartial(b + i, n - i)), out + i, n - i) }
    }

    /// `dx[i] (+)= s[i] * d(u[i], v[i])` for `i < n`: the chain rule with a local derivative `d`.
    @inlinable @inline(__always)
    static func mapGrad<F: VectorFunction2>(
        _ u: UnsafePointer<Float>, _ v: UnsafePointer<Float>, _ s: UnsafePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>, _ n: Int, _ accumulate: Bool, _ d: F
    ) {
        var i = 0
        if accumulate {
            while i + 16 <= n {
                store(load(dx + i) + load(s + i) * d(load(u + i), load(v + i)), dx + i)
                i += 16
            }
        } else {
            while i + 16 <= n {
                store(load(s + i) * d(load(u + i), load(v + i)), dx + i)
                i += 16
            }
        }
        let m = n - i
        if m > 0 {
            let g = loadPartial(s + i, m) * d(loadPartial(u + i, m), loadPartial(v + i, m))
            storePartial(accumulate ? loadPartial(dx + i, m) + g : g, dx + i, m)
        }
    }

    /// `out[i] = f(a[i * sa], b[i * sb])` for `i < n`: vectorised when each stride is 0
    /// (a broadcast scalar) or 1, element by element otherwise.
    @inlinable @inline(__always)
    static func zip<F: VectorFunction2>(
        _ a: UnsafePointer<Float>, _ sa: Int, _ b: UnsafePointer<Float>, _ sb: Int,
        _ out: UnsafeMutablePointer<Float>, _ n: Int, _ f: F
    ) {
        switch (sa, sb) {
        case (1, 1): map2(a, b, out, n, f)
        case (0, 1): map(b, out, n, BindFirst(a: SIMD16(repeating: a[0]), f: f))
        case (1, 0): map(a, out, n, BindSecond(b: SIMD16(repeating: b[0]), f: f))
        case (0, 0):
            let v = f(SIMD16(repeating: a[0]), SIMD16(repeating: b[0]))[0]
            for i in 0..<n { out[i] = v }
        default:
            for i in 0..<n { out[i] = f(SIMD16(repeating: a[i * sa]), SIMD16(repeating: b[i * sb]))[0] }
        }
    }

    /// `f(a, x)` with `a` fixed.
    @usableFromInline
    struct BindFirst<F: VectorFunction2>: VectorFunction {
        @usableFromInline let a: SIMD16<Float>
        @usableFromInline let f: F
        @inlinable init(a: SIMD16<Float>, f: F) { self.a = a; self.f = f }
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { f(a, x) }
    }

    /// `f(x, b)` with `b` fixed.
    @usableFromInline
    struct BindSecond<F: VectorFunction2>: VectorFunction {
        @usableFromInline let b: SIMD16<Float>
        @usableFromInline let f: F
        @inlinable init(b: SIMD16<Float>, f: F) { self.b = b; self.f = f }
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { f(x, b) }
    }
}
