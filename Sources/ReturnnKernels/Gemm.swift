import CBLAS

/// Single-precision matrix multiply, row-major: `C = alpha * op(A) * op(B) + beta * C`.
///
/// Shape contract: `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`. `A` is stored
/// `[m, k]` with row stride `lda` (or `[k, m]` when `transA`), `B` is `[k, n]` with stride `ldb`
/// (or `[n, k]` when `transB`), `C` has row stride `ldc`. With `beta == 0`, `C` is not read (it may
/// hold NaN). `k == 0` scales `C` by `beta`.
///
/// Backends: `.simd` is our packed, register-blocked `SIMD16<Float>` kernel (the main path),
/// `.openBLAS` calls `cblas_sgemm` (set `OPENBLAS_CORETYPE=SkylakeX` at process start on Zen 5,
/// see platform notes), `.naive` is the triple loop used as the test oracle.
public enum Gemm {
    /// Which implementation computes a GEMM.
    public enum Backend: String, Sendable, CaseIterable {
        /// Our own packed SIMD kernel (default).
        case simd
        /// OpenBLAS through CBLAS.
        case openBLAS
        /// The naive twin: a plain triple loop.
        case naive
    }

    /// Computes `C = alpha * op(A) * op(B) + beta * C` (see the type's shape contract).
    ///
    /// - Parameter threads: upper bound of threads to use (our kernel splits the work; OpenBLAS
    ///   is told the same number so its pool never runs beside ours).
    @inlinable
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
        threads: Int = Parallel.defaultThreads, backend: Backend = .simd
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "Gemm: negative size")
        precondition(lda >= max(1, transA ? m : k), "Gemm: lda too small")
        precondition(ldb >= max(1, transB ? k : n), "Gemm: ldb too small")
        precondition(ldc >= max(1, n), "Gemm: ldc too small")
        if m == 0 || n == 0 { return }
        switch backend {
        case .naive:
            Naive.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                        b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        case .openBLAS:
            blasSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                      b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads)
        case .simd:
            simdSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                      b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads)
        }
    }

    /// OpenBLAS backend; sets OpenBLAS's thread count to `threads` first.
    public static func blasSgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int
    ) {
        openblas_set_num_threads(Int32(max(1, threads)))
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Naive twins of the GEMM kernels: the test oracles.
    public enum Naive {
        /// Triple-loop GEMM with the same contract as `Gemm.sgemm`, accumulating in Double.
        public static func sgemm(
            transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
            alpha: Float, a: UnsafePointer<Float>, lda: Int,
            b: UnsafePointer<Float>, ldb: Int,
            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
        ) {
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for p in 0..<k {
                        let av = transA ? a[p * lda + i] : a[i * lda + p]
                        let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                        s += Double(av) * Double(bv)
                    }
                    let old = beta == 0 ? 0 : beta * c[i * ldc + j]
                    c[i * ldc + j] = alpha * Float(s) + old
                }
            }
        }
    }
}
