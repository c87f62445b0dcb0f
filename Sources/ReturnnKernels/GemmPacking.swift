extension Gemm {
    /// Packing of `op(A)` and `op(B)` blocks into the contiguous sliver layout the micro-kernels
    /// read. Transposes are resolved here, so the micro-kernel never sees strides; slivers at
    /// the matrix edge are padded with zeros, so edge tiles run the same kernel.
    enum Packing {
        /// Packs one `A` sliver: rows `i0 ..< i0 + rows` and columns `p0 ..< p0 + kc` of `op(A)`.
        ///
        /// Shape contract: `0 < rows <= mr`; `dst` receives `kc * mr` floats, element `(i, p)` at
        /// `dst[p * mr + i]`, rows `rows ..< mr` zero. `op(A)(i, p)` is `a[i * lda + p]`, or
        /// `a[p * lda + i]` when `trans`.
        @inline(__always)
        static func packA(
            trans: Bool, a: UnsafePointer<Float>, lda: Int, i0: Int, rows: Int, p0: Int, kc: Int,
            mr: Int, dst: UnsafeMutablePointer<Float>
        ) {
            if trans {
                if rows == 8 && mr == 8 {
                    for p in 0..<kc {
                        let src = UnsafeRawPointer(a + (p0 + p) * lda + i0)
                        UnsafeMutableRawPointer(dst + p * 8).storeBytes(
                            of: src.loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
                    }
                } else {
                    for p in 0..<kc {
                        let src = a + (p0 + p) * lda + i0
                        let d = dst + p * mr
                        for i in 0..<rows { d[i] = src[i] }
                        for i in rows..<mr { d[i] = 0 }
                    }
                }
            } else {
                for i in 0..<rows {
                    let src = a + (i0 + i) * lda + p0
                    for p in 0..<kc { dst[p * mr + i] = src[p] }
                }
                if rows < mr {
                    for p in 0..<kc {
                        for i in rows..<mr { dst[p * mr + i] = 0 }
                    }
                }
            }
        }

        /// Packs one `B` sliver: rows `p0 ..< p0 + kc` and columns `j0 ..< j0 + cols` of `op(B)`.
        ///
        /// Shape contract: `nr` is a multiple of 16, `0 < cols <= nr`; `dst` receives `kc * nr`
        /// floats, element `(p, j)` at `dst[p * nr + j]`, columns `cols ..< nr` zero.
        /// `op(B)(p, j)` is `b[p * ldb + j]`, or `b[j * ldb + p]` when `trans`.
        @inline(__always)
        static func packB(
            trans: Bool, b: UnsafePointer<Float>, ldb: Int, p0: Int, kc: Int, j0: Int, cols: Int,
            nr: Int, dst: UnsafeMutablePointer<Float>
        ) {
            if trans {
                packBTransposed(b: b, ldb: ldb, p0: p0, kc: kc, j0: j0, cols: cols, nr: nr, dst: dst)
            } else if cols == nr {
                for p in 0..<kc {
                    let src = UnsafeRawPointer(b + (p0 + p) * ldb + j0)
                    let d = UnsafeMutableRawPointer(dst + p * nr)
                    var off = 0
                    while off < nr * 4 {
                        d.storeBytes(of: src.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self),
                                     toByteOffset: off, as: SIMD16<Float>.self)
                        off += 64
                    }
                }
            } else {
                for p in 0..<kc {
                    let src = b + (p0 + p) * ldb + j0
                    let d = dst + p * nr
                    for j in 0..<cols { d[j] = src[j] }
                    for j in cols..<nr { d[j] = 0 }
                }
            }
        }

        /// Packs consecutive `B` slivers at once: columns `j0 ..< j0 + cols` of `op(B)` (rows
        /// `p0 ..< p0 + kc`) into `ceil(cols / nr)` slivers of `kc * nr` floats, back to back.
        ///
        /// Shape contract: as `packB`, with `cols > 0` of any width; the last sliver is
        /// zero-padded. A row-major `B` is read row by row across all slivers (long contiguous
        /// runs that the prefetcher streams), not sliver by sliver at a stride of `ldb`.
        @inline(__always)
        static func packBGroup(
            trans: Bool, b: UnsafePointer<Float>, ldb: Int, p0: Int, kc: Int, j0: Int, cols: Int,
            nr: Int, dst: UnsafeMutablePointer<Float>
        ) {
            let slivers = (cols + nr - 1) / nr
            let fullSlivers = cols / nr
            if trans || fullSlivers == 0 {
                for s in 0..<slivers {
                    packB(trans: trans, b: b, ldb: ldb, p0: p0, kc: kc, j0: j0 + s * nr, cols: min(nr, cols - s * nr),
                          nr: nr, dst: dst + s * kc * nr)
                }
                return
            }
            for p in 0..<kc {
                let src = UnsafeRawPointer(b + (p0 + p) * ldb + j0)
                for s in 0..<fullSlivers {
                    let d = UnsafeMutableRawPointer(dst + s * kc * nr + p * nr)
                    let from = s * nr * 4
                    var off = 0
                    while off < nr * 4 {
                        d.storeBytes(of: src.loadUnaligned(fromByteOffset: from + off, as: SIMD16<Float>.self),
                                     toByteOffset: off, as: SIMD16<Float>.self)
                        off += 64
                    }
                }
            }
            if slivers > fullSlivers {
                let s = fullSlivers
                packB(trans: false, b: b, ldb: ldb, p0: p0, kc: kc, j0: j0 + s * nr, cols: cols - s * nr, nr: nr,
                      dst: dst + s * kc * nr)
            }
        }

        /// `packB` for a transposed `B` (stored `[n, k]`): gathers 8 source rows at a time, so
        /// that each packed row is written as whole 8-float groups.
        @inline(__always)
        static func packBTransposed(
            b: UnsafePointer<Float>, ldb: Int, p0: Int, kc: Int, j0: Int, cols: Int, nr: Int,
            dst: UnsafeMutablePointer<Float>
        ) {
            var j = 0
            while j + 8 <= cols {
                let s0 = b + (j0 + j) * ldb + p0
                let s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb
                let s4 = s3 + ldb, s5 = s4 + ldb, s6 = s5 + ldb, s7 = s6 + ldb
                for p in 0..<kc {
                    let v = SIMD8<Float>(s0[p], s1[p], s2[p], s3[p], s4[p], s5[p], s6[p], s7[p])
                    UnsafeMutableRawPointer(dst + p * nr + j).storeBytes(of: v, as: SIMD8<Float>.self)
                }
                j += 8
            }
            while j < cols {
                let src = b + (j0 + j) * ldb + p0
                for p in 0..<kc { dst[p * nr + j] = src[p] }
                j += 1
            }
            if cols < nr {
                for p in 0..<kc {
                    for jj in cols..<nr { dst[p * nr + jj] = 0 }
                }
            }
        }
    }
}
