import Foundation
import ReturnnKernels

/// One-thread GEMM throughput by thread CPU time, for a shared, loaded machine.
///
/// Wall-clock medians (the `gemm` section) include the time the thread waited for a core while
/// other jobs ran. This section times each call by `CLOCK_THREAD_CPUTIME_ID` and keeps the
/// fastest of many calls, which leaves mostly the kernel's own speed (cache pollution by other
/// jobs remains). One thread only: CPU time says nothing about parallel speed-up.
struct CPUTimeGemmBenchmark {
    /// Whether the OpenBLAS column is measured.
    let withOpenBLAS: Bool
    /// Calls per figure are chosen to give about this many flops in total (at least 5 calls).
    let flopsPerFigure = 4e9

    /// Runs the reference shapes (plus small-m ones) with all transpose variants of the LSTM step
    /// and prints the table.
    func run() {
        var t = Table(header: ["shape (1 thread, CPU time, best call)", "op", "ours GF/s", "OpenBLAS GF/s"])
        let small = [GemmBenchmark.Shape(name: "[8x512]*[512x2048]", m: 8, k: 512, n: 2048),
                     GemmBenchmark.Shape(name: "[4x512]*[512x2048]", m: 4, k: 512, n: 2048)]
        for s in GemmBenchmark.shapes + small {
            let variants: [(Bool, Bool)] = s.m == 32 ? [(false, false), (true, false), (false, true)] : [(false, false)]
            for (ta, tb) in variants {
                let (ours, blas) = gflops(s, transA: ta, transB: tb)
                t.rows.append([s.name, (ta ? "T" : "N") + (tb ? "T" : "N"), fmt(ours), blas.map(fmt) ?? "-"])
            }
        }
        t.print()
    }

    /// Best-call GFLOP/s by thread CPU time of our kernel and of OpenBLAS (nil when not measured).
    /// The two backends' calls alternate, so both see the same machine conditions.
    func gflops(_ s: GemmBenchmark.Shape, transA: Bool, transB: Bool) -> (Double, Double?) {
        let a = [Float](repeating: 0.5, count: s.m * s.k), b = [Float](repeating: 0.25, count: s.k * s.n)
        var c = [Float](repeating: 0, count: s.m * s.n)
        let flops = 2 * Double(s.m) * Double(s.n) * Double(s.k)
        let backends: [Gemm.Backend] = withOpenBLAS ? [.simd, OpenBLAS.backend] : [.simd]
        var best = [Double](repeating: .infinity, count: backends.count)
        for _ in 0..<max(5, Int(flopsPerFigure / flops)) {
            for (i, backend) in backends.enumerated() {
                let t0 = threadCPUSeconds()
                Gemm.sgemm(transA: transA, transB: transB, m: s.m, n: s.n, k: s.k, alpha: 1, a: a,
                           lda: transA ? s.m : s.k, b: b, ldb: transB ? s.k : s.n, beta: 0, c: &c, ldc: s.n,
                           threads: 1, backend: backend)
                best[i] = min(best[i], threadCPUSeconds() - t0)
            }
        }
        return (flops / best[0] * 1e-9, withOpenBLAS ? flops / best[1] * 1e-9 : nil)
    }

    /// CPU time consumed by the calling thread, in seconds.
    func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
