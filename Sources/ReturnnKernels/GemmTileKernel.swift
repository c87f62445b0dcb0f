extension Gemm {
    /// A register-blocked micro-kernel of the SIMD GEMM: computes one `mr x nr` tile of `C` from
    /// one packed `A` sliver and one packed `B` sliver.
    ///
    /// Packed layouts (see `Gemm.Packing`): the `A` sliver holds `kc` steps of `mr` floats (the
    /// `mr` row values of one column of `op(A)` side by side), the `B` sliver `kc` steps of `nr`
    /// floats (one row of `op(B)`). Conforming kernels keep every accumulator in its own
    /// variable so that LLVM holds them all in vector registers.
    protocol TileKernel: Sendable {
        /// Rows of the register tile (height of a packed `A` sliver).
        static var mr: Int { get }
        /// Columns of the register tile (width of a packed `B` sliver), a multiple of 16.
        static var nr: Int { get }
        /// Computes the first `rows` rows of the tile `C = alpha * Ap * Bp + beta * C` over `kc`
        /// packed steps.
        ///
        /// Shape contract: `1 <= rows <= mr`; `a` holds `kc * mr` floats, `b` holds `kc * nr`
        /// floats, `c` points at a `rows x nr` tile with row stride `ldc >= nr`. With
        /// `beta == 0`, `C` is not read. `kc` may be 0 (the tile becomes `beta * C`). Call it
        /// with a literal `rows` (or `mr`): once inlined, the unused rows' FMAs fold away, so a
        /// short edge tile costs fewer FMAs instead of a full tile.
        static func tile(
            rows: Int, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
            c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
        )
    }

    /// Writes `alpha * v + beta * c` to the 16 floats at `c`; with `beta == 0` it does not read
    /// them (so NaN in `C` never leaks into the result).
    @inline(__always)
    static func writeTileRow(_ c: UnsafeMutablePointer<Float>, _ v: SIMD16<Float>, alpha: Float, beta: Float) {
        let raw = UnsafeMutableRawPointer(c)
        if beta == 0 {
            raw.storeBytes(of: v * alpha, as: SIMD16<Float>.self)
        } else {
            let old = raw.loadUnaligned(as: SIMD16<Float>.self)
            raw.storeBytes(of: v * alpha + old * beta, as: SIMD16<Float>.self)
        }
    }
}
