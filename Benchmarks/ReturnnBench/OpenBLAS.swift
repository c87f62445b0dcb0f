import CBLAS
import Foundation
import ReturnnKernels

/// OpenBLAS as an external GEMM backend: the comparison columns of the benchmark tables.
/// `returnn` itself links no BLAS; only this benchmark (and a test oracle) does.
enum OpenBLAS {
    /// `cblas_sgemm`, with OpenBLAS's own thread count set to ours first.
    static let backend = Gemm.Backend.external(Gemm.External(name: "OpenBLAS") {
        transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads in
        openblas_set_num_threads(Int32(max(1, threads)))
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    })

    /// Debian's OpenBLAS 0.3.21 detects Zen 4/5 as Haswell (AVX2 kernels, half speed) and reads
    /// `OPENBLAS_CORETYPE` only when the library loads, before `main`. On an AMD CPU with AVX-512
    /// and no choice made by the user, the benchmark sets `SkylakeX` and executes itself again, so
    /// nobody has to know about the variable. Never on a CPU without AVX-512 (SIGILL there).
    static func chooseCoreTypeAndReexecIfNeeded() {
        let env = ProcessInfo.processInfo.environment
        guard env["OPENBLAS_CORETYPE"] == nil, CPUInfo.isAMDWithAVX512 else { return }
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 1)
        let args = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", args)
        // execv returned: keep running with the misdetected core (slower OpenBLAS columns only).
    }
}

/// What `/proc/cpuinfo` says about the vendor and AVX-512.
enum CPUInfo {
    /// AMD vendor and the `avx512f` flag (Zen 4/5).
    static var isAMDWithAVX512: Bool {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
        let lines = text.split(separator: "\n")
        let amd = lines.contains { $0.hasPrefix("vendor_id") && $0.contains("AuthenticAMD") }
        let avx512 = lines.contains { $0.hasPrefix("flags") && $0.split(separator: " ").contains("avx512f") }
        return amd && avx512
    }
}
