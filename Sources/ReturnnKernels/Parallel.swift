import Dispatch
import Foundation

/// A raw pointer that may cross into `DispatchQueue.concurrentPerform` closures.
///
/// Swift 6 rejects capturing `UnsafeMutablePointer` in a `@Sendable` closure; kernels split
/// disjoint index ranges over threads, so sharing the base pointer is safe by construction.
public struct SendablePointer<T>: @unchecked Sendable {
    /// The wrapped pointer.
    public let p: UnsafeMutablePointer<T>
    /// Wraps a mutable pointer.
    public init(_ p: UnsafeMutablePointer<T>) { self.p = p }
    /// Wraps a read-only pointer (kernels never write through it).
    public init(_ p: UnsafePointer<T>) { self.p = UnsafeMutablePointer(mutating: p) }
}

/// How many threads kernels may use, and the helper that splits work over them.
///
/// Kernels take an explicit `threads` argument; `Parallel.defaultThreads` is the machine's core
/// count (at most 2 on the project machines), read once. Work below `minWorkPerThread` elements
/// stays on the calling thread: a fork costs ~0.2 µs plus wake-up, which small ops cannot repay.
public enum Parallel {
    /// Number of cores this process may use: `RETURNN_NUM_THREADS`, else `OMP_NUM_THREADS` (which
    /// Sisyphus/i6_core jobs set to their CPU request, and which limits upstream's TF), else the
    /// machine's core count.
    public static let defaultThreads: Int = {
        let env = ProcessInfo.processInfo.environment
        for key in ["RETURNN_NUM_THREADS", "OMP_NUM_THREADS"] {
            if let s = env[key], let n = Int(s.trimmingCharacters(in: .whitespaces)), n > 0 { return n }
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Runs `body(chunkIndex, range)` over `count` items split into at most `threads` contiguous
    /// chunks, on the calling thread when the work is small.
    ///
    /// - Parameters:
    ///   - count: number of items.
    ///   - threads: maximum number of chunks.
    ///   - minPerThread: minimum items per chunk; below `2 * minPerThread` no fork happens.
    @inlinable
    public static func forChunks(
        count: Int, threads: Int = Parallel.defaultThreads, minPerThread: Int = 1,
        _ body: @Sendable (Int, Range<Int>) -> Void
    ) {
        let chunks = max(1, min(threads, count / max(1, minPerThread)))
        if chunks <= 1 {
            body(0, 0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { i in
            let lo = count * i / chunks
            let hi = count * (i + 1) / chunks
            body(i, lo..<hi)
        }
    }
}
