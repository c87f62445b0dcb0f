import CBLAS
import Testing
@testable import ReturnnKernels

/// The naive GEMM twin agrees with OpenBLAS (the independent oracle) on all transpose combinations.
@Suite struct GemmNaiveTests {
    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func naiveMatchesOpenBLAS(_ trans: (Bool, Bool)) {
        let (ta, tb) = trans
        let m = 7, n = 5, k = 9
        var rng = SplitMix(seed: 3)
        let a = (0..<(m * k)).map { _ in rng.nextFloat() }
        let b = (0..<(k * n)).map { _ in rng.nextFloat() }
        var c1 = (0..<(m * n)).map { _ in rng.nextFloat() }
        var c2 = c1
        let lda = ta ? m : k, ldb = tb ? k : n
        Gemm.sgemm(transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb,
                   beta: 2, c: &c1, ldc: n, backend: .naive)
        Gemm.sgemm(transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb,
                   beta: 2, c: &c2, ldc: n, threads: 1, backend: OpenBLASBackend.backend)
        for i in 0..<(m * n) { #expect(abs(c1[i] - c2[i]) < 1e-4) }
    }
}
