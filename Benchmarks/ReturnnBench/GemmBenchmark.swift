import CBLAS
import ReturnnKernels

/// GEMM throughput of our SIMD kernel and OpenBLAS on the project's reference shapes, at 1 and
/// 2 threads, as GFLOP/s and percent of the measured FMA peak.
struct GemmBenchmark {
    /// One GEMM shape `[m x k] * [k x n]` with its label.
    struct Shape {
        /// Printed label.
        let name: String
        /// Rows of `A` and `C`.
        let m: Int
        /// Inner dimension.
        let k: Int
        /// Columns of `B` and `C`.
        let n: Int
    }

    /// The reference shapes: squares, the LSTM step, a small-k feature projection and the
    /// all-frames LSTM input projection.
    static let shapes = [
        Shape(name: "512^3", m: 512, k: 512, n: 512),
        Shape(name: "1024^3", m: 1024, k: 1024, n: 1024),
        Shape(name: "[32x512]*[512x2048] LSTM step", m: 32, k: 512, n: 2048),
        Shape(name: "[40x500]*[500x2000] LSTM step", m: 40, k: 500, n: 2000),
        Shape(name: "[3200x40]*[40x1024] small k", m: 3200, k: 40, n: 1024),
        Shape(name: "[1600x512]*[512x2048] LSTM input", m: 1600, k: 512, n: 2048),
    ]

    /// Small shapes around `Gemm.parallelMinFlops`: where forking starts to pay.
    static let smallShapes = [
        Shape(name: "[32x64]*[64x256]", m: 32, k: 64, n: 256),
        Shape(name: "[64x128]*[128x128]", m: 64, k: 128, n: 128),
        Shape(name: "[32x128]*[128x512]", m: 32, k: 128, n: 512),
        Shape(name: "[128x128]*[128x256]", m: 128, k: 128, n: 256),
        Shape(name: "[64x256]*[256x512]", m: 64, k: 256, n: 512),
        Shape(name: "[256x256]*[256x256]", m: 256, k: 256, n: 256),
    ]

    /// Timing method.
    let timing: Timing
    /// Whether the OpenBLAS columns are measured.
    let withOpenBLAS: Bool
    /// Measured peak (sets the percent columns).
    let peak: PeakBenchmark.Result

    /// Runs the shapes for 1 and 2 threads and prints the main table.
    func run() {
        var t = Table(header: ["shape", "thr", "ours GF/s", "% peak", "OpenBLAS GF/s", "% peak", "ours/BLAS",
                               "max|diff|"])
        for s in GemmBenchmark.shapes {
            for threads in [1, 2] {
                let ours = gflops(s, threads: threads, backend: .simd)
                let pk = threads == 1 ? peak.oneThread : peak.allThreads
                if withOpenBLAS {
                    let blas = gflops(s, threads: threads, backend: OpenBLAS.backend)
                    t.rows.append([s.name, "\(threads)", fmt(ours), percent(ours / pk), fmt(blas), percent(blas / pk),
                                   format2(ours / blas), String(maxDifference(s))])
                } else {
                    t.rows.append([s.name, "\(threads)", fmt(ours), percent(ours / pk), "-", "-", "-", "-"])
                }
            }
        }
        t.print()
    }

    /// Runs the small shapes with our kernel at 1 and 2 threads (threshold check).
    func runSmall() {
        var t = Table(header: ["small shape", "MFLOP", "1 thr GF/s", "2 thr GF/s", "forks"])
        for s in GemmBenchmark.smallShapes {
            let flops = 2 * Double(s.m * s.n * s.k)
            let one = gflops(s, threads: 1, backend: .simd)
            let two = gflops(s, threads: 2, backend: .simd)
            t.rows.append([s.name, fmt(flops * 1e-6), fmt(one), fmt(two),
                           flops >= Gemm.parallelMinFlops ? "yes" : "no"])
        }
        t.print()
    }

    /// GFLOP/s of one backend on one shape (row-major, no transposes, beta = 0).
    func gflops(_ s: Shape, threads: Int, backend: Gemm.Backend) -> Double {
        let (a, b, c) = operands(s)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        let seconds = timing.measure {
            Gemm.sgemm(transA: false, transB: false, m: s.m, n: s.n, k: s.k, alpha: 1, a: a, lda: s.k,
                       b: b, ldb: s.n, beta: 0, c: c, ldc: s.n, threads: threads, backend: backend)
        }
        return 2 * Double(s.m) * Double(s.n) * Double(s.k) / seconds * 1e-9
    }

    /// Largest absolute difference between our kernel and OpenBLAS on the shape (sanity check).
    func maxDifference(_ s: Shape) -> Float {
        let (a, b, c) = operands(s)
        let c2 = UnsafeMutablePointer<Float>.allocate(capacity: s.m * s.n)
        defer { a.deallocate(); b.deallocate(); c.deallocate(); c2.deallocate() }
        Gemm.sgemm(transA: false, transB: false, m: s.m, n: s.n, k: s.k, alpha: 1, a: a, lda: s.k,
                   b: b, ldb: s.n, beta: 0, c: c, ldc: s.n, threads: 1, backend: .simd)
        Gemm.sgemm(transA: false, transB: false, m: s.m, n: s.n, k: s.k, alpha: 1, a: a, lda: s.k,
                   b: b, ldb: s.n, beta: 0, c: c2, ldc: s.n, threads: 1, backend: OpenBLAS.backend)
        var d: Float = 0
        for i in 0..<(s.m * s.n) { d = max(d, abs(c[i] - c2[i])) }
        return d
    }

    /// Freshly allocated `A`, `B` (deterministic values in [-1, 1)) and `C` for a shape.
    func operands(_ s: Shape) -> (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) {
        let a = UnsafeMutablePointer<Float>.allocate(capacity: s.m * s.k)
        let b = UnsafeMutablePointer<Float>.allocate(capacity: s.k * s.n)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: s.m * s.n)
        var state: UInt32 = 12345
        func next() -> Float {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 23) - 1
        }
        for i in 0..<(s.m * s.k) { a[i] = next() }
        for i in 0..<(s.k * s.n) { b[i] = next() }
        c.initialize(repeating: 0, count: s.m * s.n)
        return (a, b, c)
    }

    /// Whether OpenBLAS can run here, and a warning line when it would run slower than it can.
    ///
    /// Debian's OpenBLAS 0.3.21 detects Zen 4/5 as Haswell (AVX2, half speed) unless
    /// `OPENBLAS_CORETYPE=SkylakeX` is set at process start (`OpenBLAS.chooseCoreTypeAndReexecIfNeeded`
    /// does that unless the user chose a core); on a CPU without AVX-512 that same setting makes
    /// OpenBLAS die on an illegal instruction, so its columns are skipped there.
    static func openBLASStatus(environment: [String: String]) -> (usable: Bool, warning: String?) {
        let skylakeX = environment["OPENBLAS_CORETYPE"]?.lowercased() == "skylakex"
        let avx512 = Gemm.TileShape.preferred == .tile8x32
        if skylakeX && !avx512 {
            return (false, "OPENBLAS_CORETYPE=SkylakeX on a CPU without AVX-512: OpenBLAS would crash "
                + "(illegal instruction); its columns are skipped. Rerun without OPENBLAS_CORETYPE.")
        }
        if CPUInfo.isAMDWithAVX512 && !skylakeX {
            return (true, "WARNING: OPENBLAS_CORETYPE is set, but not to SkylakeX, on an AMD CPU with AVX-512: "
                + "Debian's OpenBLAS misdetects Zen 4/5 and runs at about half speed. Unset it to let returnn-bench choose.")
        }
        return (true, nil)
    }

    /// OpenBLAS's detected core name (call only when `openBLASStatus` says it is usable).
    static func openBLASCore() -> String {
        openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }
}

/// A ratio as a percentage without decimals.
func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

/// A ratio with two decimals.
func format2(_ x: Double) -> String { String((x * 100).rounded() / 100) }
