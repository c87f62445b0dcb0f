import Testing
@testable import ReturnnKernels

/// The pre-packed-`B` GEMM against the SIMD GEMM (bit-identical by contract, which is checked
/// against the naive twin in `GemmTests`) and against the naive twin directly.
@Suite struct GemmPackedBTests {
    /// Shapes crossing the tile (6/8 rows, 16/32 columns), KC (256) and MC (96) edges, and the
    /// LSTM step shapes (`[B, n] · [n, 4n]`, `[B, 4n] · [4n, n]ᵀ`).
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (5, 17, 3), (6, 16, 256), (8, 32, 256), (9, 33, 257), (17, 65, 300), (100, 70, 40),
        (13, 1024, 256), (20, 256, 1024), (7, 40, 513),
    ]

    @Test(arguments: Gemm.TileShape.allCases)
    func matchesUnpackedSimdBitForBit(tile: Gemm.TileShape) {
        var rng = SplitMix(seed: 7)
        for (m, n, k) in Self.shapes {
            for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
                for (beta, threads) in [(Float(0), 1), (1, 2), (0.5, 2)] {
                    let pad = 3
                    let lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad
                    let a = (0..<((transA ? k : m) * lda)).map { _ in rng.nextFloat() }
                    let b = (0..<((transB ? n : k) * ldb)).map { _ in rng.nextFloat() }
                    let c0 = (0..<(m * ldc)).map { _ in beta == 0 ? Float.nan : rng.nextFloat() }
                    var want = c0, got = c0
                    Gemm.simdSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.75, a: a, lda: lda,
                                   b: b, ldb: ldb, beta: beta, c: &want, ldc: ldc, threads: 1, tileShape: tile)
                    let packed = Gemm.PackedB(transB: transB, k: k, n: n, b: b, ldb: ldb, tileShape: tile)
                    Gemm.sgemm(transA: transA, m: m, alpha: 0.75, a: a, lda: lda, packedB: packed, beta: beta,
                               c: &got, ldc: ldc, threads: threads)
                    let same = zip(want, got).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
                    #expect(same, "m \(m) n \(n) k \(k) tA \(transA) tB \(transB) beta \(beta) threads \(threads)")
                }
            }
        }
    }

    @Test func matchesNaiveTwin() {
        var rng = SplitMix(seed: 11)
        let (m, n, k) = (11, 50, 300)
        let a = (0..<(m * k)).map { _ in rng.nextFloat() }
        let b = (0..<(k * n)).map { _ in rng.nextFloat() }
        var want = [Float](repeating: 0, count: m * n), got = want
        Gemm.Naive.sgemm(transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n,
                         beta: 0, c: &want, ldc: n)
        let packed = Gemm.PackedB(transB: false, k: k, n: n, b: b, ldb: n)
        Gemm.sgemm(transA: false, m: m, alpha: 1, a: a, lda: k, packedB: packed, beta: 0, c: &got, ldc: n, threads: 2)
        let worst = zip(want, got).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-4)
    }

    @Test func zeroRowsAndZeroAlpha() {
        let b: [Float] = [1, 2, 3, 4]
        let packed = Gemm.PackedB(transB: false, k: 2, n: 2, b: b, ldb: 2)
        var c: [Float] = [1, 1, 1, 1]
        Gemm.sgemm(transA: false, m: 0, alpha: 1, a: [0], lda: 2, packedB: packed, beta: 0, c: &c, ldc: 2)
        #expect(c == [1, 1, 1, 1])
        Gemm.sgemm(transA: false, m: 2, alpha: 0, a: [5, 5, 5, 5], lda: 2, packedB: packed, beta: 2, c: &c, ldc: 2)
        #expect(c == [2, 2, 2, 2])
    }
}
