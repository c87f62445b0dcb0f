import Dispatch
import ReturnnKernels

/// Measured fp32 FMA peak of this CPU: register-only loops of independent vector FMAs
/// (`vfmadd231ps`). Two loops are timed and the faster one counts: 16 `SIMD16<Float>`
/// accumulators for AVX-512 (32 zmm registers) and 7 for AVX2 (14 of its 16 ymm registers),
/// since more accumulators than registers would spill and fewer could not hide FMA latency.
struct PeakBenchmark {
    /// FMA steps per call of the 16-accumulator loop (the 7-accumulator loop runs 16/7 as many).
    let iterations = 4_000_000

    /// Peak GFLOP/s with one thread and with `threads` threads running the loop at once.
    struct Result {
        /// One core.
        let oneThread: Double
        /// All threads at once (total over the threads).
        let allThreads: Double
        /// Number of threads of `allThreads`.
        let threads: Int
        /// Accumulators of the faster loop.
        let accumulators: Int
    }

    /// Measures one-thread and `threads`-thread peak with the shared timing method.
    func run(timing: Timing, threads: Int) -> Result {
        let sink = UnsafeMutablePointer<Float>.allocate(capacity: max(1, threads))
        defer { sink.deallocate() }
        sink.initialize(repeating: 0, count: max(1, threads))
        let step = Float(sink[0] + 1e-9)
        let shared = SendablePointer(sink)
        var best: Result?
        for accumulators in [16, 7] {
            let steps = iterations * 16 / accumulators
            let flops = Double(steps) * Double(accumulators) * 16 * 2
            let body: @Sendable (Int) -> Float = { n in
                accumulators == 16 ? peakFMALoop16(iterations: n, step: step) : peakFMALoop7(iterations: n, step: step)
            }
            let one = timing.measure { sink[0] += body(steps) }
            let all = timing.measure {
                DispatchQueue.concurrentPerform(iterations: threads) { t in shared.p[t] += body(steps) }
            }
            let r = Result(oneThread: flops / one * 1e-9, allThreads: Double(threads) * flops / all * 1e-9,
                           threads: threads, accumulators: accumulators)
            if best == nil || r.oneThread > best!.oneThread { best = r }
        }
        precondition(sink[0].isFinite, "FMA loop overflowed")
        return best!
    }

    /// Prints the peak table.
    static func print(_ r: Result) {
        var t = Table(header: ["FMA peak (\(r.accumulators) x SIMD16 register loop)", "GFLOP/s"])
        t.rows.append(["1 thread", fmt(r.oneThread)])
        t.rows.append(["\(r.threads) threads at once", fmt(r.allThreads)])
        t.print()
    }
}

/// The AVX-512 peak loop: 16 independent accumulators, one FMA each per step; not inlined so
/// the loop body stays a clean run of `vfmadd231ps` (check with objdump).
@inline(never)
func peakFMALoop16(iterations: Int, step: Float) -> Float {
    typealias V = SIMD16<Float>
    // y != 1 at run time: with y == 1 LLVM turns the FMA into an add.
    let x = V(repeating: step), y = V(repeating: 1 + step)
    var a0 = V(repeating: 0), a1 = V(repeating: 1), a2 = V(repeating: 2), a3 = V(repeating: 3)
    var a4 = V(repeating: 4), a5 = V(repeating: 5), a6 = V(repeating: 6), a7 = V(repeating: 7)
    var a8 = V(repeating: 8), a9 = V(repeating: 9), a10 = V(repeating: 10), a11 = V(repeating: 11)
    var a12 = V(repeating: 12), a13 = V(repeating: 13), a14 = V(repeating: 14), a15 = V(repeating: 15)
    for _ in 0..<iterations {
        a0.addProduct(x, y); a1.addProduct(x, y); a2.addProduct(x, y); a3.addProduct(x, y)
        a4.addProduct(x, y); a5.addProduct(x, y); a6.addProduct(x, y); a7.addProduct(x, y)
        a8.addProduct(x, y); a9.addProduct(x, y); a10.addProduct(x, y); a11.addProduct(x, y)
        a12.addProduct(x, y); a13.addProduct(x, y); a14.addProduct(x, y); a15.addProduct(x, y)
    }
    let s = (a0 + a1 + a2 + a3) + (a4 + a5 + a6 + a7) + (a8 + a9 + a10 + a11) + (a12 + a13 + a14 + a15)
    return s.sum()
}

/// The AVX2 peak loop: 7 independent accumulators (14 ymm registers).
@inline(never)
func peakFMALoop7(iterations: Int, step: Float) -> Float {
    typealias V = SIMD16<Float>
    let x = V(repeating: step), y = V(repeating: 1 + step)
    var a0 = V(repeating: 0), a1 = V(repeating: 1), a2 = V(repeating: 2), a3 = V(repeating: 3)
    var a4 = V(repeating: 4), a5 = V(repeating: 5), a6 = V(repeating: 6)
    for _ in 0..<iterations {
        a0.addProduct(x, y); a1.addProduct(x, y); a2.addProduct(x, y); a3.addProduct(x, y)
        a4.addProduct(x, y); a5.addProduct(x, y); a6.addProduct(x, y)
    }
    return ((a0 + a1 + a2 + a3) + (a4 + a5 + a6)).sum()
}

/// A GFLOP/s figure with one decimal.
func fmt(_ x: Double) -> String {
    let r = (x * 10).rounded() / 10
    return String(r)
}
