extension Gemm {
    /// `op(B)` packed once into the SIMD kernel's sliver layout, for many GEMMs with the same `B`
    /// (the recurrent matrix of an LSTM, multiplied once per time step).
    ///
    /// Shape contract: `op(B)` is `[k, n]`; stored `[k, n]` with row stride `ldb`, or `[n, k]` when
    /// `transB`. The packed copy holds, for each depth block of `Blocking.kc` (balanced as in
    /// `simdSgemm`) and each sliver of `nr` columns, the `kc x nr` sliver (zero-padded at the
    /// right edge), so `sgemm(..., packedB:)` only packs the small `A` per call. Products are
    /// bit-identical to `simdSgemm` with the same tile shape.
    public final class PackedB: @unchecked Sendable {
        /// Depth (rows of `op(B)`).
        public let k: Int
        /// Columns of `op(B)`.
        public let n: Int
        /// Micro-kernel the slivers are laid out for.
        public let tileShape: TileShape
        /// Sliver width of `tileShape`.
        let nr: Int
        /// Largest depth block (balanced split of `k` into blocks of at most `Blocking.kc`).
        let kcMax: Int
        /// `n` rounded up to whole slivers.
        let nPadded: Int
        /// `k * nPadded` floats: depth block at offset `p0 * nPadded`, sliver `s` of it at
        /// `+ s * kc * nr`.
        let storage: UnsafeMutablePointer<Float>

        /// Packs `op(B)` (see the type's shape contract); `k`, `n` > 0.
        public init(transB: Bool, k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int,
                    tileShape: TileShape = .preferred) {
            precondition(k > 0 && n > 0, "Gemm.PackedB: sizes must be positive, got k \(k), n \(n)")
            precondition(ldb >= (transB ? k : n), "Gemm.PackedB: ldb too small")
            let nr = tileShape == .tile8x32 ? Tile8x32.nr : Tile6x16.nr
            let kBlocks = (k + Blocking.kc - 1) / Blocking.kc
            self.k = k
            self.n = n
            self.tileShape = tileShape
            self.nr = nr
            self.kcMax = (k + kBlocks - 1) / kBlocks
            self.nPadded = (n + nr - 1) / nr * nr
            let count = k * nPadded
            let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
            storage = raw.bindMemory(to: Float.self, capacity: count)
            var p0 = 0
            while p0 < k {
                let kc = min(kcMax, k - p0)
                Packing.packBGroup(trans: transB, b: b, ldb: ldb, p0: p0, kc: kc, j0: 0, cols: n, nr: nr,
                                   dst: storage + p0 * nPadded)
                p0 += kc
            }
        }

        deinit { storage.deallocate() }

        /// The packed sliver `s` of the depth block starting at `p0` (depth `kc`).
        @inline(__always)
        func sliver(p0: Int, kc: Int, s: Int) -> UnsafePointer<Float> {
            UnsafePointer(storage + p0 * nPadded + s * kc * nr)
        }
    }

    /// `C = alpha * op(A) * B + beta * C` with a pre-packed `B` (`[k, n]` from `packedB`).
    ///
    /// Shape contract: `op(A)` is `[m, k]`, stored `[m, k]` with stride `lda` (or `[k, m]` when
    /// `transA`); `C` is `[m, n]` with stride `ldc`. With `beta == 0`, `C` is not read. Work of at
    /// least `parallelMinFlops` is split over up to `threads` threads on whole `B` slivers (each
    /// thread packs its own copy of `A`). Same results as `simdSgemm` with `packedB.tileShape`.
    public static func sgemm(
        transA: Bool, m: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int, packedB: PackedB,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int = Parallel.defaultThreads
    ) {
        switch packedB.tileShape {
        case .tile8x32:
            packedSgemm(Tile8x32.self, transA: transA, m: m, alpha: alpha, a: a, lda: lda, packedB: packedB,
                        beta: beta, c: c, ldc: ldc, threads: threads)
        case .tile6x16:
            packedSgemm(Tile6x16.self, transA: transA, m: m, alpha: alpha, a: a, lda: lda, packedB: packedB,
                        beta: beta, c: c, ldc: ldc, threads: threads)
        }
    }

    /// `sgemm(packedB:)` specialised for one micro-kernel `K` (which must match the packing).
    static func packedSgemm<K: TileKernel>(
        _ kernel: K.Type, transA: Bool, m: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        packedB: PackedB, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int
    ) {
        let k = packedB.k, n = packedB.n
        precondition(m >= 0, "Gemm: negative size")
        precondition(K.nr == packedB.nr, "Gemm: packed B was packed for another tile shape")
        precondition(lda >= max(1, transA ? m : k), "Gemm: lda too small")
        precondition(ldc >= n, "Gemm: ldc too small")
        if m == 0 { return }
        if alpha == 0 {
            scale(m: m, n: n, beta: beta, c: c, ldc: ldc)
            return
        }
        let slivers = packedB.nPadded / K.nr
        let flops = 2 * Double(m) * Double(n) * Double(k)
        if threads < 2 || flops < parallelMinFlops || slivers < 2 {
            packedSerial(K.self, transA: transA, m: m, alpha: alpha, a: a, lda: lda, packedB: packedB,
                         slivers: 0..<slivers, beta: beta, c: c, ldc: ldc)
            return
        }
        let sa = SendablePointer(a), sc = SendablePointer(c)
        Parallel.forChunks(count: slivers, threads: threads, minPerThread: 1) { _, range in
            packedSerial(K.self, transA: transA, m: m, alpha: alpha, a: sa.p, lda: lda, packedB: packedB,
                         slivers: range, beta: beta, c: sc.p, ldc: ldc)
        }
    }

    /// One thread of `packedSgemm`: columns of the slivers `slivers`, all rows. Loop nest
    /// pc (depth block) -> ic (MC rows, pack A) -> jr (sliver) -> ir (micro-kernel), the same
    /// per-element arithmetic as `simdSerial`.
    static func packedSerial<K: TileKernel>(
        _ kernel: K.Type, transA: Bool, m: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        packedB: PackedB, slivers: Range<Int>, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let k = packedB.k, n = packedB.n, kcMax = packedB.kcMax
        let mr = K.mr, nr = K.nr
        let mBlocks = (m + Blocking.mc - 1) / Blocking.mc
        let mcMax = ((m + mBlocks - 1) / mBlocks + mr - 1) / mr * mr
        let aCount = mcMax * kcMax
        let total = aCount + mr * nr
        let raw = UnsafeMutableRawPointer.allocate(byteCount: total * MemoryLayout<Float>.stride, alignment: 64)
        defer { raw.deallocate() }
        let packedA = raw.bindMemory(to: Float.self, capacity: total)
        let edge = packedA + aCount
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
                for s in slivers {
                    let jr = s * nr
                    let cols = min(nr, n - jr)
                    let sliverB = packedB.sliver(p0: pc, kc: kc, s: s)
                    ir = 0
                    while ir < mc {
                        let rows = min(mr, mc - ir)
                        let tileC = c + (ic + ir) * ldc + jr
                        if rows == mr && cols == nr {
                            K.tile(rows: mr, kc: kc, a: packedA + ir * kc, b: sliverB, c: tileC, ldc: ldc,
                                   alpha: alpha, beta: betaBlock)
                        } else {
                            edgeTile(K.self, kc: kc, a: packedA + ir * kc, b: sliverB, scratch: edge, rows: rows,
                                     cols: cols, c: tileC, ldc: ldc, alpha: alpha, beta: betaBlock)
                        }
                        ir += mr
                    }
                }
                ic += mc
            }
            pc += kc
        }
    }
}
