import Foundation

extension Gemm {
    /// Register-tile shape of the SIMD GEMM's micro-kernel; the best one depends on the CPU's
    /// vector register file.
    public enum TileShape: String, Sendable, CaseIterable {
        /// 8x32 tile, 16 `SIMD16<Float>` accumulators: for AVX-512 (32 zmm registers).
        case tile8x32
        /// 6x16 tile, 6 `SIMD16<Float>` accumulators (12 ymm): for AVX2 (16 ymm registers).
        case tile6x16

        /// The shape for this machine: `tile8x32` when the CPU has AVX-512F, else `tile6x16`.
        ///
        /// Read once from the CPU flags (`/proc/cpuinfo` on Linux). The kernels are built for
        /// `-target-cpu` (default `native`), which matches the running CPU in practice: a build
        /// for AVX-512 cannot run on a CPU without it, and a `native` build on an AVX2 CPU has
        /// no zmm registers, where the 8x32 tile's 16 accumulators would spill.
        public static let preferred: TileShape = cpuHasAVX512F() ? .tile8x32 : .tile6x16

        /// Whether the running CPU reports the `avx512f` flag (false when it cannot be read).
        static func cpuHasAVX512F() -> Bool {
            #if os(Linux) && arch(x86_64)
            guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
            guard let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
            return flags.split(separator: " ").contains("avx512f")
            #else
            return false
            #endif
        }
    }
}
