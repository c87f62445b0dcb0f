/// Single-precision matrix multiply, row-major: `C = alpha * op(A) * op(B) + beta * C`.
///
/// Shape contract: `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`. `A` is stored
/// `[m, k]` with row stride `lda` (or `[k, m]` when `transA`), `B` is `[k, n]` with stride `ldb`
/// (or `[n, k]` when `transB`), `C` has row stride `ldc`. With `beta == 0`, `C` is not read (it may
/// hold NaN). `k == 0` scales `C` by `beta`.
///
/// Backends: `.simd` is our packed, register-blocked `SIMD16<Float>` kernel (the main path),
/// `.naive` is the triple loop used as the test oracle, `.external` calls a GEMM given by the
/// caller (the benchmarks and tests plug OpenBLAS in there; `returnn` itself links no BLAS).
public enum Gemm {
    /// Which implementation computes a GEMM.
    public enum Backend: Sendable, Equatable {
        /// Our own packed SIMD kernel (default).
        case simd
        /// The naive twin: a plain triple loop.
        case naive
        /// A GEMM from outside the project (e.g. OpenBLAS in the benchmarks), same contract.
        case external(External)

        /// A display name (`simd`, `naive`, or the external GEMM's name).
        public var name: String {
            switch self {
            case .simd: return "simd"
            case .naive: return "naive"
            case .external(let e): return e.name
            }
        }
    }

    /// A caller-supplied row-major SGEMM with the contract of `Gemm.sgemm`; two are equal when
    /// their names are.
    public struct External: Sendable, Equatable {
        /// `(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads)`.
        public typealias Function = @Sendable (
            Bool, Bool, Int, Int, Int, Float, UnsafePointer<Float>, Int, UnsafePointer<Float>, Int, Float,
            UnsafeMutablePointer<Float>, Int, Int
        ) -> Void
        /// Name for tables and messages (e.g. `OpenBLAS`).
        public let name: String
        /// The GEMM itself.
        public let function: Function

        /// Wraps `function` under `name`.
        public init(name: String, function: @escaping Function) {
            self.name = name
            self.function = function
        }

        public static func == (l: External, r: External) -> Bool { l.name == r.name }
    }

    /// Computes `C = alpha * op(A) * op(B) + beta * C` (see the type's shape contract).
    ///
    /// - Parameter threads: upper bound of threads to use (our kernel splits the work; an external
    ///   GEMM is told the same number so its pool never runs beside ours).
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
        case .external(let e):
            e.function(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads)
        case .simd:
            simdSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                      b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads)
        }
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
