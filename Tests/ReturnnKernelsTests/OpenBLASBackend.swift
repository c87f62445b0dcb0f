import CBLAS
import ReturnnKernels

/// OpenBLAS as an external GEMM backend: an independent oracle for the naive twin (the project's
/// own binaries link no BLAS).
enum OpenBLASBackend {
    /// `cblas_sgemm` with OpenBLAS's thread count set first.
    static let backend = Gemm.Backend.external(Gemm.External(name: "OpenBLAS") {
        transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads in
        openblas_set_num_threads(Int32(max(1, threads)))
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    })
}
