extension Gemm {
    /// The 6x16 micro-kernel for AVX2 CPUs (16 ymm registers): 6 `SIMD16<Float>` accumulators,
    /// that is 12 ymm registers, plus 2 for the `B` row and 1 for the broadcast of `A` (the
    /// classic Haswell/Zen register budget). Each step loads one 16-float row of `B` and
    /// broadcasts six scalars of `A`.
    enum Tile6x16: TileKernel {
        @inline(__always) static var mr: Int { 6 }
        @inline(__always) static var nr: Int { 16 }

        @inline(__always)
        static func tile(
            rows: Int, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
            c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
        ) {
            typealias V = SIMD16<Float>
            var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
            var pa = a
            var pb = UnsafeRawPointer(b)
            for _ in 0..<kc {
                let bv = pb.loadUnaligned(as: V.self)
                c0.addProduct(V(repeating: pa[0]), bv)
                if rows > 1 { c1.addProduct(V(repeating: pa[1]), bv) }
                if rows > 2 { c2.addProduct(V(repeating: pa[2]), bv) }
                if rows > 3 { c3.addProduct(V(repeating: pa[3]), bv) }
                if rows > 4 { c4.addProduct(V(repeating: pa[4]), bv) }
                if rows > 5 { c5.addProduct(V(repeating: pa[5]), bv) }
                pa += 6
                pb += 64
            }
            writeTileRow(c, c0, alpha: alpha, beta: beta)
            if rows > 1 { writeTileRow(c + ldc, c1, alpha: alpha, beta: beta) }
            if rows > 2 { writeTileRow(c + 2 * ldc, c2, alpha: alpha, beta: beta) }
            if rows > 3 { writeTileRow(c + 3 * ldc, c3, alpha: alpha, beta: beta) }
            if rows > 4 { writeTileRow(c + 4 * ldc, c4, alpha: alpha, beta: beta) }
            if rows > 5 { writeTileRow(c + 5 * ldc, c5, alpha: alpha, beta: beta) }
        }
    }
}
