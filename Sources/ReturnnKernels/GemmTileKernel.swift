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
        /// Computes the tile `C = alpha * Ap * Bp + beta * C` over `kc` packed steps.
        ///
        /// Shape contract: `a` holds `kc * mr` floats, `b` holds `kc * nr` floats, `c` points at
        /// an `mr x nr` tile with row stride `ldc >= nr`. With `beta == 0`, `C` is not read.
        /// `kc` may be 0 (the tile becomes `beta * C`).
        static func tile(
            kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
            c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
        )
    }

    /// Writes `alpha * v` to the 16 floats at `c` without reading them.
    @inline(__always)
    static func storeTileRow(_ c: UnsafeMutablePointer<Float>, _ v: SIMD16<Float>, alpha: Float) {
        UnsafeMutableRawPointer(c).storeBytes(of: v * alpha, as: SIMD16<Float>.self)
    }

    /// Writes `alpha * v + beta * c` to the 16 floats at `c`.
    @inline(__always)
    static func updateTileRow(_ c: UnsafeMutablePointer<Float>, _ v: SIMD16<Float>, alpha: Float, beta: Float) {
        let raw = UnsafeMutableRawPointer(c)
        let old = raw.loadUnaligned(as: SIMD16<Float>.self)
        raw.storeBytes(of: v * alpha + old * beta, as: SIMD16<Float>.self)
    }
}
