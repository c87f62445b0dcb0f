extension Gemm {
    /// The 8x32 micro-kernel for AVX-512 CPUs (32 zmm registers): 16 `SIMD16<Float>`
    /// accumulators (8 rows x 2 vectors). Each step loads two vectors of `B` and broadcasts
    /// eight scalars of `A` (`vbroadcastss` feeding 16 `vfmadd231ps zmm`; checked with objdump
    /// on a `-target-cpu znver4` build: no spills in the loop, which LLVM unrolls by 2).
    /// On AVX2 (16 ymm registers) its accumulators would spill: use `Tile6x16` there.
    enum Tile8x32: TileKernel {
        @inline(__always) static var mr: Int { 8 }
        @inline(__always) static var nr: Int { 32 }

        @inline(__always)
        static func tile(
            rows: Int, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
            c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
        ) {
            typealias V = SIMD16<Float>
            var c00 = V(), c01 = V(), c10 = V(), c11 = V()
            var c20 = V(), c21 = V(), c30 = V(), c31 = V()
            var c40 = V(), c41 = V(), c50 = V(), c51 = V()
            var c60 = V(), c61 = V(), c70 = V(), c71 = V()
            var pa = a
            var pb = UnsafeRawPointer(b)
            for _ in 0..<kc {
                let b0 = pb.loadUnaligned(as: V.self)
                let b1 = pb.loadUnaligned(fromByteOffset: 64, as: V.self)
                let a0 = V(repeating: pa[0])
                c00.addProduct(a0, b0); c01.addProduct(a0, b1)
                if rows > 1 {
                    let a1 = V(repeating: pa[1])
                    c10.addProduct(a1, b0); c11.addProduct(a1, b1)
                }
                if rows > 2 {
                    let a2 = V(repeating: pa[2])
                    c20.addProduct(a2, b0); c21.addProduct(a2, b1)
                }
                if rows > 3 {
                    let a3 = V(repeating: pa[3])
                    c30.addProduct(a3, b0); c31.addProduct(a3, b1)
                }
                if rows > 4 {
                    let a4 = V(repeating: pa[4])
                    c40.addProduct(a4, b0); c41.addProduct(a4, b1)
                }
                if rows > 5 {
                    let a5 = V(repeating: pa[5])
                    c50.addProduct(a5, b0); c51.addProduct(a5, b1)
                }
                if rows > 6 {
                    let a6 = V(repeating: pa[6])
                    c60.addProduct(a6, b0); c61.addProduct(a6, b1)
                }
                if rows > 7 {
                    let a7 = V(repeating: pa[7])
                    c70.addProduct(a7, b0); c71.addProduct(a7, b1)
                }
                pa += 8
                pb += 128
            }
            writeTileRow(c, c00, alpha: alpha, beta: beta); writeTileRow(c + 16, c01, alpha: alpha, beta: beta)
            if rows > 1 {
                writeTileRow(c + ldc, c10, alpha: alpha, beta: beta)
                writeTileRow(c + ldc + 16, c11, alpha: alpha, beta: beta)
            }
            if rows > 2 {
                writeTileRow(c + 2 * ldc, c20, alpha: alpha, beta: beta)
                writeTileRow(c + 2 * ldc + 16, c21, alpha: alpha, beta: beta)
            }
            if rows > 3 {
                writeTileRow(c + 3 * ldc, c30, alpha: alpha, beta: beta)
                writeTileRow(c + 3 * ldc + 16, c31, alpha: alpha, beta: beta)
            }
            if rows > 4 {
                writeTileRow(c + 4 * ldc, c40, alpha: alpha, beta: beta)
                writeTileRow(c + 4 * ldc + 16, c41, alpha: alpha, beta: beta)
            }
            if rows > 5 {
                writeTileRow(c + 5 * ldc, c50, alpha: alpha, beta: beta)
                writeTileRow(c + 5 * ldc + 16, c51, alpha: alpha, beta: beta)
            }
            if rows > 6 {
                writeTileRow(c + 6 * ldc, c60, alpha: alpha, beta: beta)
                writeTileRow(c + 6 * ldc + 16, c61, alpha: alpha, beta: beta)
            }
            if rows > 7 {
                writeTileRow(c + 7 * ldc, c70, alpha: alpha, beta: beta)
                writeTileRow(c + 7 * ldc + 16, c71, alpha: alpha, beta: beta)
            }
        }
    }
}
