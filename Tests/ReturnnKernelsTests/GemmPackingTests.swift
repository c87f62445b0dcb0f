import Testing
@testable import ReturnnKernels

/// The packed sliver layouts the micro-kernels rely on, for both tile shapes and transposes.
@Suite struct GemmPackingTests {
    @Test("packA: element (i, p) at p * mr + i, rows past the edge zero",
          arguments: [6, 8], [false, true])
    func packA(_ mr: Int, _ trans: Bool) {
        let m = 11, k = 9, lda = (trans ? m : k) + 2
        let a = (0..<((trans ? k : m) * lda)).map { Float($0) + 0.5 }
        func opA(_ i: Int, _ p: Int) -> Float { trans ? a[p * lda + i] : a[i * lda + p] }
        for (i0, rows) in [(0, mr), (3, mr), (m - 2, 2), (m - 1, 1)] {
            let p0 = 2, kc = 6
            var dst = [Float](repeating: .nan, count: kc * mr)
            a.withUnsafeBufferPointer { ap in
                dst.withUnsafeMutableBufferPointer { dp in
                    Gemm.Packing.packA(trans: trans, a: ap.baseAddress!, lda: lda, i0: i0, rows: rows, p0: p0, kc: kc,
                                       mr: mr, dst: dp.baseAddress!)
                }
            }
            for p in 0..<kc {
                for i in 0..<mr {
                    let want: Float = i < rows ? opA(i0 + i, p0 + p) : 0
                    #expect(dst[p * mr + i] == want, "i0=\(i0) rows=\(rows) i=\(i) p=\(p)")
                }
            }
        }
    }

    @Test("packB: element (p, j) at p * nr + j, columns past the edge zero",
          arguments: [16, 32], [false, true])
    func packB(_ nr: Int, _ trans: Bool) {
        let k = 7, n = 45, ldb = (trans ? k : n) + 3
        let b = (0..<((trans ? n : k) * ldb)).map { Float($0) - 0.25 }
        func opB(_ p: Int, _ j: Int) -> Float { trans ? b[j * ldb + p] : b[p * ldb + j] }
        // Full slivers, a 13-wide edge (8-column groups plus single columns), a 1-wide edge.
        for (j0, cols) in [(0, nr), (n - nr, nr), (n - 13, 13), (n - 1, 1)] {
            let p0 = 1, kc = 5
            var dst = [Float](repeating: .nan, count: kc * nr)
            b.withUnsafeBufferPointer { bp in
                dst.withUnsafeMutableBufferPointer { dp in
                    Gemm.Packing.packB(trans: trans, b: bp.baseAddress!, ldb: ldb, p0: p0, kc: kc, j0: j0, cols: cols,
                                       nr: nr, dst: dp.baseAddress!)
                }
            }
            for p in 0..<kc {
                for j in 0..<nr {
                    let want: Float = j < cols ? opB(p0 + p, j0 + j) : 0
                    #expect(dst[p * nr + j] == want, "j0=\(j0) cols=\(cols) j=\(j) p=\(p)")
                }
            }
        }
    }

    @Test("packBGroup: consecutive slivers equal per-sliver packB, last one zero-padded",
          arguments: [16, 32], [false, true])
    func packBGroup(_ nr: Int, _ trans: Bool) {
        let k = 6, n = 150, ldb = (trans ? k : n) + 1
        let b = (0..<((trans ? n : k) * ldb)).map { Float($0) * 0.5 }
        for (j0, cols) in [(0, 128), (5, 100), (n - 7, 7), (n - 2 * nr, 2 * nr)] {
            let p0 = 1, kc = 4, slivers = (cols + nr - 1) / nr
            var got = [Float](repeating: .nan, count: slivers * kc * nr)
            var want = [Float](repeating: .nan, count: slivers * kc * nr)
            b.withUnsafeBufferPointer { bp in
                got.withUnsafeMutableBufferPointer { gp in
                    Gemm.Packing.packBGroup(trans: trans, b: bp.baseAddress!, ldb: ldb, p0: p0, kc: kc, j0: j0,
                                            cols: cols, nr: nr, dst: gp.baseAddress!)
                }
                want.withUnsafeMutableBufferPointer { wp in
                    for s in 0..<slivers {
                        Gemm.Packing.packB(trans: trans, b: bp.baseAddress!, ldb: ldb, p0: p0, kc: kc, j0: j0 + s * nr,
                                           cols: min(nr, cols - s * nr), nr: nr, dst: wp.baseAddress! + s * kc * nr)
                    }
                }
            }
            #expect(got == want, "j0=\(j0) cols=\(cols)")
        }
    }
}
