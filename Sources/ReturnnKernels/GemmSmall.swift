/// GEMM for shapes where one of `m`, `n`, `k` is tiny (matrix-vector products, outer products):
/// the per-frame products of attention in a rec loop (`[1, T] · [T, F]` per sequence) and their
/// gradients. Packing and register tiles cost more than they save there, so these run as SIMD
/// dot products and `axpy` rows instead. Contract as `Gemm.sgemm` (row-major, `C = α·op(A)·op(B) +
/// β·C`); the naive twin is `Gemm.Naive.sgemm`.
extension Gemm {
    /// Whether `smallSgemm` handles the shape (any of `m`, `n`, `k` at most 2).
    @inlinable
    static func isSmall(m: Int, n: Int, k: Int) -> Bool { m <= 2 || n <= 2 || k <= 2 }

    /// `C = α·op(A)·op(B) + β·C` for a small shape (`isSmall`), single-threaded.
    static func smallSgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            let row = c + i * ldc
            if beta == 0 { row.update(repeating: 0, count: n) } else if beta != 1 { for j in 0..<n { row[j] *= beta } }
        }
        guard k > 0, alpha != 0 else { return }
        // A(i, p); each branch runs its innermost loop over the longest contiguous run it has.
        @inline(__always) func elementOfA(_ i: Int, _ p: Int) -> Float { transA ? a[p * lda + i] : a[i * lda + p] }
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(k, n, m))
        defer { scratch.deallocate() }
        if transB && k >= 16 {
            // B(p, j) = b[j·ldb + p]: C(i, j) is a dot product of two k-vectors (a row of A copied
            // to `scratch` first when it is strided).
            for i in 0..<m {
                let ar: UnsafePointer<Float>
                if transA {
                    for p in 0..<k { scratch[p] = a[p * lda + i] }
                    ar = UnsafePointer(scratch)
                } else {
                    ar = a + i * lda
                }
                let row = c + i * ldc
                for j in 0..<n { row[j] += alpha * dot(ar, b + j * ldb, k) }
            }
        } else if transB {
            // Few p: row p of op(B) gathered once, then C(i, :) += α·A(i, p)·op(B)(p, :).
            for p in 0..<k {
                for j in 0..<n { scratch[j] = b[j * ldb + p] }
                for i in 0..<m {
                    let s = alpha * elementOfA(i, p)
                    if s != 0 { axpy(s, scratch, c + i * ldc, n) }
                }
            }
        } else if n > 2 {
            // Rows of C as sums of rows of B: C(i, :) += α·A(i, p)·B(p, :).
            for i in 0..<m {
                let row = c + i * ldc
                for p in 0..<k {
                    let s = alpha * elementOfA(i, p)
                    if s != 0 { axpy(s, b + p * ldb, row, n) }
                }
            }
        } else if !transA {
            // One or two columns of B, each copied once: C(i, j) = dot(A(i, :), B(:, j)).
            for j in 0..<n {
                for p in 0..<k { scratch[p] = b[p * ldb + j] }
                for i in 0..<m { c[i * ldc + j] += alpha * dot(a + i * lda, scratch, k) }
            }
        } else {
            // One or two columns of C, op(A) = Aᵀ: C(:, j) = Σ_p B(p, j)·A(p, :), rows of A contiguous.
            for j in 0..<n {
                scratch.update(repeating: 0, count: m)
                for p in 0..<k {
                    let s = alpha * b[p * ldb + j]
                    if s != 0 { axpy(s, a + p * lda, scratch, m) }
                }
                for i in 0..<m { c[i * ldc + j] += scratch[i] }
            }
        }
    }

    /// `y[i] += s·x[i]` over `n` floats, 16 lanes at a time and the tail one by one.
    @inline(__always)
    static func axpy(_ s: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        let sv = SIMD16<Float>(repeating: s)
        while i + 16 <= n {
            VectorLoop.store(VectorLoop.load(y + i) + sv * VectorLoop.load(x + i), y + i)
            i += 16
        }
        while i < n {
            y[i] += s * x[i]
            i += 1
        }
    }

    /// `Σ x[i]·y[i]` over `n` floats, 16 lanes at a time (the tail one by one: cheaper than a
    /// partial load for the short rows this path sees).
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= n {
            acc += VectorLoop.load(x + i) * VectorLoop.load(y + i)
            i += 16
        }
        var tail: Float = 0
        while i < n {
            tail += x[i] * y[i]
            i += 1
        }
        return acc.sum() + tail
    }
}
