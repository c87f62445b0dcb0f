extension Gemm {
    /// Cache blocking of the SIMD GEMM, shared by both micro-kernels.
    enum Blocking {
        /// Depth of one packed panel (`KC`): a `B` sliver of 256 x 32 floats is 32 KiB (L1).
        @inline(__always) static var kc: Int { 256 }
        /// Rows of one packed `A` block (`MC`, a multiple of both `mr`): 96 x 256 floats, in L2.
        @inline(__always) static var mc: Int { 96 }
        /// Columns of one packed `B` panel (`NC`, a multiple of both `nr`), in L3.
        @inline(__always) static var nc: Int { 2048 }
        /// Columns of `B` packed at once (a multiple of both `nr`, dividing `nc`): 128 columns
        /// read as 512-byte row runs stream well, and 256 x 128 floats (128 KiB) stay in L2.
        @inline(__always) static var packGroup: Int { 128 }
    }

    /// Smallest GEMM, in flops (`2 * m * n * k`), that the SIMD kernel splits over threads.
    /// Below it a fork and wake-up (a few microseconds) costs more than the second core gains.
    public static let parallelMinFlops: Double = 4_000_000

    /// Our packed, register-blocked `SIMD16<Float>` GEMM: the `.simd` backend of `Gemm.sgemm`.
    ///
    /// Same contract as `Gemm.sgemm` (row-major `C = alpha * op(A) * op(B) + beta * C`; with
    /// `beta == 0` `C` is not read; `k == 0` or `alpha == 0` only scale `C` by `beta`).
    /// Work of at least `parallelMinFlops` is split over up to `threads` threads with
    /// `Parallel.forChunks`: on `M` (whole register tiles) when `m > n`, so each thread packs its
    /// own copy of the smaller `B`, otherwise on `N` (whole tiles), so each thread packs its own
    /// copy of `A`. `threads: 1` never forks.
    ///
    /// - Parameter tileShape: micro-kernel; the default `.preferred` suits the running CPU
    ///   (8x32 with AVX-512, 6x16 with AVX2). Both give the same results up to rounding.
    public static func simdSgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int,
        tileShape: TileShape = .preferred
    ) {
        switch tileShape {
        case .tile8x32:
            simdSgemm(Tile8x32.self, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a,
                      lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads)
        case .tile6x16:
            simdSgemm(Tile6x16.self, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a,
                      lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads)
        }
    }

    /// `simdSgemm` specialised for one micro-kernel `K`.
    static func simdSgemm<K: TileKernel>(
        _ kernel: K.Type, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "Gemm: negative size")
        precondition(lda >= max(1, transA ? m : k), "Gemm: lda too small")
        precondition(ldb >= max(1, transB ? k : n), "Gemm: ldb too small")
        precondition(ldc >= max(1, n), "Gemm: ldc too small")
        if m == 0 || n == 0 { return }
        if isSmall(m: m, n: n, k: k) {
            smallSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                       beta: beta, c: c, ldc: ldc)
            return
        }
        let flops = 2 * Double(m) * Double(n) * Double(k)
        if threads < 2 || flops < parallelMinFlops || k == 0 || alpha == 0 {
            simdSerial(K.self, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                       b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        let mr = K.mr, nr = K.nr
        let splitM = m > n
        let tiles = splitM ? (m + mr - 1) / mr : (n + nr - 1) / nr
        let sa = SendablePointer(a), sb = SendablePointer(b), sc = SendablePointer(c)
        Parallel.forChunks(count: tiles, threads: threads, minPerThread: 1) { _, range in
            if splitM {
                let i0 = range.lowerBound * mr, i1 = min(m, range.upperBound * mr)
                simdSerial(K.self, transA: transA, transB: transB, m: i1 - i0, n: n, k: k, alpha: alpha,
                           a: sa.p + (transA ? i0 : i0 * lda), lda: lda, b: sb.p, ldb: ldb,
                           beta: beta, c: sc.p + i0 * ldc, ldc: ldc)
            } else {
                let j0 = range.lowerBound * nr, j1 = min(n, range.upperBound * nr)
                simdSerial(K.self, transA: transA, transB: transB, m: m, n: j1 - j0, k: k, alpha: alpha,
                           a: sa.p, lda: lda, b: sb.p + (transB ? j0 * ldb : j0), ldb: ldb,
                           beta: beta, c: sc.p + j0, ldc: ldc)
            }
        }
    }

    /// One-thread SIMD GEMM: the Goto/BLIS loop nest jc (NC) -> pc (KC, pack B) -> ic (MC,
    /// pack A) -> jr -> ir (micro-kernel `K`). Contract as `simdSgemm`, with `m, n > 0`.
    ///
    /// `B` is packed lazily during the first `ic` block, one group of `Blocking.packGroup`
    /// columns right before the micro-kernel first reads it (still in L2); when `m <= MC` there
    /// is no second block, and each group reuses one buffer (LSTM steps: no panel written out
    /// to L3 and read back).
    /// One aligned allocation per call holds the packed `A` block, `B` panel and edge tile.
    static func simdSerial<K: TileKernel>(
        _ kernel: K.Type, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if k == 0 || alpha == 0 {
            scale(m: m, n: n, beta: beta, c: c, ldc: ldc)
            return
        }
        let mr = K.mr, nr = K.nr
        // Balanced blocks: k = 300 becomes 2 x 150 rather than 256 + 44.
        let kBlocks = (k + Blocking.kc - 1) / Blocking.kc
        let kcMax = (k + kBlocks - 1) / kBlocks
        let mBlocks = (m + Blocking.mc - 1) / Blocking.mc
        let mcMax = ((m + mBlocks - 1) / mBlocks + mr - 1) / mr * mr
        let ncMax = min(Blocking.nc, (n + nr - 1) / nr * nr)
        // With a single `A` block (m <= MC, e.g. an LSTM step) each `B` sliver is used by one
        // pass over `A` only: pack one group of slivers at a time into an L2-sized buffer
        // instead of writing a whole panel out to L3 and reading it back.
        let singleBlockA = m <= mcMax
        let group = Blocking.packGroup
        let aCount = mcMax * kcMax, bCount = (singleBlockA ? group : ncMax) * kcMax
        let total = aCount + bCount + mr * nr
        let raw = UnsafeMutableRawPointer.allocate(byteCount: total * MemoryLayout<Float>.stride, alignment: 64)
        defer { raw.deallocate() }
        let packedA = raw.bindMemory(to: Float.self, capacity: total)
        let packedB = packedA + aCount
        let edge = packedB + bCount

        var jc = 0
        while jc < n {
            let nc = min(ncMax, n - jc)
            var pc = 0
            while pc < k {
                let kc = min(kcMax, k - pc)
                let betaBlock: Float = pc == 0 ? beta : 1
                var ic = 0
                while ic < m {
                    let mc = min(mcMax, m - ic)
                    var ir = 0
                    while ir < mc {
                        Packing.packA(trans: transA, a: a, lda: lda, i0: ic + ir, rows: min(mr, mc - ir),
                                      p0: pc, kc: kc, mr: mr, dst: packedA + ir * kc)
                        ir += mr
                    }
                    var jr = 0
                    while jr < nc {
                        let cols = min(nr, nc - jr)
                        let sliverB = singleBlockA ? packedB + (jr % group) * kc : packedB + jr * kc
                        if ic == 0 && jr % group == 0 {
                            Packing.packBGroup(trans: transB, b: b, ldb: ldb, p0: pc, kc: kc, j0: jc + jr,
                                               cols: min(group, nc - jr), nr: nr, dst: sliverB)
                        }
                        ir = 0
                        while ir < mc {
                            let rows = min(mr, mc - ir)
                            let tileC = c + (ic + ir) * ldc + jc + jr
                            if rows == mr && cols == nr {
                                K.tile(rows: mr, kc: kc, a: packedA + ir * kc, b: sliverB, c: tileC, ldc: ldc,
                                                 alpha: alpha, beta: betaBlock)
                            } else {
                                edgeTile(K.self, kc: kc, a: packedA + ir * kc, b: sliverB, scratch: edge, rows: rows,
                                         cols: cols, c: tileC, ldc: ldc, alpha: alpha, beta: betaBlock)
                            }
                            ir += mr
                        }
                        jr += nr
                    }
                    ic += mc
                }
                pc += kc
            }
            jc += nc
        }
    }

    /// A partial tile at the matrix edge: the micro-kernel computes the first `rows` rows of
    /// the zero-padded tile into `scratch` (only those rows' FMAs run), then the valid
    /// `rows x cols` corner is merged into `C`.
    @inline(never)
    static func edgeTile<K: TileKernel>(
        _ kernel: K.Type, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>,
        rows: Int, cols: Int, c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
    ) {
        let nr = K.nr
        // Literal row counts: each case inlines a kernel without the missing rows' FMAs.
        switch rows {
        case 1: K.tile(rows: 1, kc: kc, a: a, b: b, c: scratch, ldc: nr, alpha: alpha, beta: 0)
        case 2: K.tile(rows: 2, kc: kc, a: a, b: b, c: scratch, ldc: nr, alpha: alpha, beta: 0)
        case 3: K.tile(rows: 3, kc: kc, a: a, b: b, c: scratch, ldc: nr, alpha: alpha, beta: 0)
        case 4: K.tile(rows: 4, kc: kc, a: a, b: b, c: scratch, ldc: nr, alpha: alpha, beta: 0)
        case 5: K.tile(rows: 5, kc: kc, a: a, b: b, c: scratch, ldc: nr, alpha: alpha, beta: 0)
        case 6: K.tile(rows: 6, kc: kc, a: a, b: b, c: scratch, ldc: nr, alpha: alpha, beta: 0)
        case 7: K.tile(rows: 7, kc: kc, a: a, b: b, c: scratch, ldc: nr, alpha: alpha, beta: 0)
        default: K.tile(rows: K.mr, kc: kc, a: a, b: b, c: scratch, ldc: nr, alpha: alpha, beta: 0)
        }
        for i in 0..<rows {
            let src = scratch + i * nr, dst = c + i * ldc
            if beta == 0 {
                for j in 0..<cols { dst[j] = src[j] }
            } else {
                for j in 0..<cols { dst[j] = src[j] + beta * dst[j] }
            }
        }
    }

    /// `C = beta * C` over an `m x n` block (`beta == 0` writes zeros without reading `C`).
    static func scale(m: Int, n: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m {
            let row = c + i * ldc
            if beta == 0 {
                for j in 0..<n { row[j] = 0 }
            } else if beta != 1 {
                for j in 0..<n { row[j] *= beta }
            }
        }
    }
}
