import Foundation
import Testing
@testable import ReturnnKernels

/// The SIMD GEMM (both micro-kernels) against its naive twin, and OpenBLAS against the naive twin.
@Suite struct GemmTests {
    /// One GEMM problem: sizes, transposes, extra stride padding, scalars, threads.
    struct Case: CustomTestStringConvertible {
        var m: Int, n: Int, k: Int
        var transA = false, transB = false
        var pad = 0
        var alpha: Float = 1, beta: Float = 0
        var threads = 1
        var testDescription: String {
            "\(m)x\(n)x\(k) tA=\(transA) tB=\(transB) pad=\(pad) alpha=\(alpha) beta=\(beta) thr=\(threads)"
        }
    }

    static let transposes = [(false, false), (false, true), (true, false), (true, true)]

    /// Shapes crossing the tile (6/8 rows, 16/32 columns), KC (256), MC (96) and NC (2048) edges,
    /// and small ones (an `m`, `n` or `k` of at most 2: `Gemm.smallSgemm`).
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 1, 7), (2, 3, 0), (1, 40, 70), (40, 1, 70), (6, 16, 256), (8, 32, 256),
        (9, 33, 257), (17, 65, 300), (7, 31, 513), (100, 70, 40), (3, 2100, 5), (13, 47, 3), (2, 50, 31),
        (6, 20, 9), (14, 19, 33), (33, 2, 17), (5, 7, 2), (70, 1, 33), (2, 300, 64),
    ]

    /// Runs `c` with the given backend on fresh data and checks it against `Gemm.Naive`.
    ///
    /// Tolerance per element: `4 * eps * (k + 2) * (|alpha| * sum_p |a_ip b_pj| + |beta c_ij|)`,
    /// the classic dot-product rounding bound (the naive twin accumulates in Double).
    /// With `nanC` the initial `C` is NaN (only valid with `beta == 0`, where `C` must not be read).
    func check(_ t: Case, tile: Gemm.TileShape?, backend: Gemm.Backend = .simd, nanC: Bool = false,
               seed: UInt64 = 1) {
        let lda = max(1, t.transA ? t.m : t.k) + t.pad, ldb = max(1, t.transB ? t.k : t.n) + t.pad
        let ldc = t.n + t.pad
        let aRows = t.transA ? t.k : t.m, bRows = t.transB ? t.n : t.k
        var rng = SplitMix(seed: seed &+ UInt64(t.m * 7919 + t.n * 31 + t.k))
        let a = (0..<max(1, aRows * lda)).map { _ in rng.nextFloat() }
        let b = (0..<max(1, bRows * ldb)).map { _ in rng.nextFloat() }
        let c0 = (0..<(t.m * ldc)).map { _ in nanC ? Float.nan : rng.nextFloat() }
        var got = c0, want = c0
        var bound = c0.map { abs($0) }
        if let tile {
            Gemm.simdSgemm(transA: t.transA, transB: t.transB, m: t.m, n: t.n, k: t.k, alpha: t.alpha, a: a, lda: lda,
                           b: b, ldb: ldb, beta: t.beta, c: &got, ldc: ldc, threads: t.threads, tileShape: tile)
        } else {
            Gemm.sgemm(transA: t.transA, transB: t.transB, m: t.m, n: t.n, k: t.k, alpha: t.alpha, a: a, lda: lda,
                       b: b, ldb: ldb, beta: t.beta, c: &got, ldc: ldc, threads: t.threads, backend: backend)
        }
        Gemm.Naive.sgemm(transA: t.transA, transB: t.transB, m: t.m, n: t.n, k: t.k, alpha: t.alpha, a: a,
                         lda: lda, b: b, ldb: ldb, beta: t.beta, c: &want, ldc: ldc)
        let absA = a.map { abs($0) }, absB = b.map { abs($0) }
        Gemm.Naive.sgemm(transA: t.transA, transB: t.transB, m: t.m, n: t.n, k: t.k, alpha: abs(t.alpha), a: absA,
                         lda: lda, b: absB, ldb: ldb, beta: nanC ? 0 : abs(t.beta), c: &bound, ldc: ldc)
        let eps = Float.ulpOfOne * 4 * Float(t.k + 2)
        var bad = 0
        for i in 0..<t.m {
            for j in 0..<ldc {
                let x = i * ldc + j
                if j >= t.n {
                    // Padding columns are never written.
                    if !(got[x] == c0[x] || (got[x].isNaN && c0[x].isNaN)) { bad += 1 }
                } else if !(abs(got[x] - want[x]) <= eps * bound[x] + Float.leastNormalMagnitude) {
                    bad += 1
                }
            }
        }
        #expect(bad == 0, "\(t.testDescription) tile=\(tile.map { $0.rawValue } ?? backend.name): \(bad) wrong")
    }

    @Test("SIMD kernel matches naive on edge-crossing shapes", arguments: Gemm.TileShape.allCases, transposes)
    func shapesMatchNaive(_ tile: Gemm.TileShape, _ trans: (Bool, Bool)) {
        for (m, n, k) in GemmTests.shapes {
            check(Case(m: m, n: n, k: k, transA: trans.0, transB: trans.1), tile: tile)
            check(Case(m: m, n: n, k: k, transA: trans.0, transB: trans.1, pad: 3, alpha: -0.75, beta: 1.5), tile: tile)
        }
    }

    @Test("beta == 0 never reads C (NaN-filled C stays out)", arguments: Gemm.TileShape.allCases, transposes)
    func betaZeroIgnoresNaN(_ tile: Gemm.TileShape, _ trans: (Bool, Bool)) {
        for (m, n, k) in [(9, 33, 257), (5, 3, 0), (16, 64, 20), (1, 1, 1)] {
            check(Case(m: m, n: n, k: k, transA: trans.0, transB: trans.1, pad: 2, alpha: 2, beta: 0), tile: tile,
                  nanC: true)
        }
    }

    @Test("alpha == 0 or k == 0 only scales C", arguments: Gemm.TileShape.allCases)
    func alphaZeroScales(_ tile: Gemm.TileShape) {
        check(Case(m: 7, n: 9, k: 0, pad: 1, alpha: 1, beta: 0.5), tile: tile)
        check(Case(m: 7, n: 9, k: 11, pad: 1, alpha: 0, beta: -2), tile: tile)
        check(Case(m: 7, n: 9, k: 11, alpha: 0, beta: 1), tile: tile)
    }

    @Test("2 threads split on M (tall) and on N (wide) like 1 thread", arguments: Gemm.TileShape.allCases, transposes)
    func twoThreadsMatchNaive(_ tile: Gemm.TileShape, _ trans: (Bool, Bool)) {
        // m > n splits on M, otherwise on N; all shapes are large enough to fork.
        for (m, n, k) in [(203, 37, 300), (37, 203, 300), (96, 96, 260), (301, 45, 150)] {
            #expect(2 * Double(m * n * k) >= Gemm.parallelMinFlops)
            check(Case(m: m, n: n, k: k, transA: trans.0, transB: trans.1, pad: 5, alpha: 1.25, beta: 0.5,
                       threads: 2), tile: tile)
        }
    }

    @Test("Gemm.sgemm default backend is the SIMD kernel, 1 and 2 threads")
    func publicEntryPoint() {
        for threads in [1, 2] {
            check(Case(m: 33, n: 130, k: 1000, transA: false, transB: true, pad: 1, alpha: 1, beta: 1,
                       threads: threads), tile: nil, backend: .simd)
        }
    }

    /// OpenBLAS can run: `OPENBLAS_CORETYPE=SkylakeX` (needed on Zen 4/5) makes it die on an
    /// illegal instruction on a CPU without AVX-512, which would take the whole test run down.
    static let openBLASUsable: Bool = {
        let skylakeX = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]?.lowercased() == "skylakex"
        return !skylakeX || Gemm.TileShape.cpuHasAVX512F()
    }()

    @Test("OpenBLAS matches naive", .enabled(if: openBLASUsable, "OPENBLAS_CORETYPE=SkylakeX without AVX-512"),
          arguments: transposes)
    func openBLASMatchesNaive(_ trans: (Bool, Bool)) {
        for (m, n, k) in [(9, 33, 257), (17, 65, 300), (1, 5, 3)] {
            check(Case(m: m, n: n, k: k, transA: trans.0, transB: trans.1, pad: 2, alpha: 0.5, beta: 2), tile: nil,
                  backend: OpenBLASBackend.backend)
        }
    }
}
