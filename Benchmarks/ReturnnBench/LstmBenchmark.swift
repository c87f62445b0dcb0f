import ReturnnKernels

/// Fused LSTM (NativeLstm2) forward+backward throughput: frames (T·B) per second, for our GEMM and
/// for OpenBLAS under the same fused kernel, at 1 and 2 threads.
///
/// Shape: T=50, B=40, n=500 (the reference point; ~12 GFLOP per forward+backward),
/// full-length sequences, forward direction.
struct LstmBenchmark {
    /// Timing method shared with the other sections.
    let timing: Timing
    /// Whether OpenBLAS can be loaded on this CPU (see `GemmBenchmark.openBLASStatus`).
    let withOpenBLAS: Bool
    /// Time steps, batch size and cells.
    let t = 50, b = 40, n = 500

    /// Runs the section and prints its table.
    func run() {
        let x = buffer(t * b * 4 * n, scale: 1), w = buffer(n * 4 * n, scale: 0.05)
        let y0 = buffer(b * n, scale: 0), c0 = buffer(b * n, scale: 0)
        let mask = [Float](repeating: 1, count: t * b)
        var y = buffer(t * b * n, scale: 0), c = y, dY = buffer(t * b * n, scale: 0.1)
        var gates = buffer(t * b * 4 * n, scale: 0), dX = gates
        var fy = buffer(b * n, scale: 0), fc = fy, dy0 = fy, dc0 = fy
        var dW = buffer(n * 4 * n, scale: 0)
        let flop = 2.0 * 3.0 * Double(t * b * n * 4 * n)
        var table = Table(header: ["LSTM T=\(t) B=\(b) n=\(n)", "threads", "fwd+bwd ms", "frames/s", "GFLOP/s"])
        let backends: [Gemm.Backend] = withOpenBLAS ? [.simd, OpenBLAS.backend] : [.simd]
        for backend in backends {
            for threads in [1, 2] {
                let sec = timing.measure {
                    NativeLstm2.forward(
                        x: x, wRe: w, y0: y0, c0: c0, mask: mask, timeSteps: t, batch: b, nCells: n, direction: 1,
                        y: &y, c: &c, gates: &gates, finalY: &fy, finalC: &fc, threads: threads, backend: backend)
                    NativeLstm2.backward(
                        wRe: w, y0: y0, c0: c0, mask: mask, timeSteps: t, batch: b, nCells: n, direction: 1,
                        y: y, c: c, gates: gates, dY: dY, dFinalY: nil, dFinalC: nil,
                        dX: &dX, dWRe: &dW, dy0: &dy0, dc0: &dc0, threads: threads, backend: backend)
                }
                table.rows.append([
                    backend == .simd ? "ours" : "\(backend.name) GEMM", "\(threads)", String(format: "%.1f", sec * 1e3),
                    String(format: "%.0f", Double(t * b) / sec), String(format: "%.1f", flop / sec / 1e9),
                ])
            }
        }
        table.print()
    }

    /// Deterministic pseudo-random values in `[-scale, scale]`.
    func buffer(_ count: Int, scale: Float) -> [Float] {
        var s: UInt32 = 12345
        return (0..<count).map { _ in
            s = s &* 1_664_525 &+ 1_013_904_223
            return scale * (Float(s >> 8) / Float(1 << 23) - 1)
        }
    }
}
