import Foundation
import Testing
@testable import ReturnnKernels

/// Broadcasting kernels and their gradient reductions agree with the naive twins, and
/// `sumToShape` is the finite-difference gradient of a broadcast.
@Suite struct BroadcastTests {
    /// (shape, a strides, b strides) covering vector/scalar/strided inner runs and merged axes.
    static let cases: [([Int], [Int], [Int])] = [
        ([], [], []),  // rank 0: one element
        ([0, 5], [5, 1], [0, 1]),  // empty
        ([7], [1], [0]),
        ([7], [0], [1]),
        ([4, 17], [17, 1], [0, 1]),  // bias add
        ([4, 17], [17, 1], [1, 0]),  // per-row scale
        ([3, 1, 33], [33, 33, 1], [0, 0, 1]),
        ([2, 3, 5], [15, 5, 1], [0, 1, 0]),  // broadcast in the middle, scalar inner run
        ([2, 3, 5], [1, 2, 6], [15, 5, 1]),  // transposed (non-contiguous) a
        ([5, 6], [0, 0], [6, 1]),  // scalar a
        ([3, 4, 1], [4, 1, 0], [0, 0, 0]),
        ([64, 1000], [1000, 1], [0, 1]),
    ]

    @Test(arguments: BinaryOp.allCases)
    func binaryBroadcastMatchesNaive(_ op: BinaryOp) {
        var rng = SplitMix(seed: 21)
        for (shape, sa, sb) in Self.cases {
            let total = shape.reduce(1, *)
            // Operands large enough for the furthest index each stride set reaches.
            let extentA = zip(shape, sa).map { ($0 - 1) * $1 }.reduce(0, +) + 1
            let extentB = zip(shape, sb).map { ($0 - 1) * $1 }.reduce(0, +) + 1
            var a = rng.floats(max(extentA, 1), scale: 80), b = rng.floats(max(extentB, 1), scale: 80)
            if a.count > 2 { a[1] = .nan }
            if b.count > 3 { b[2] = .nan }
            var fast = [Float](repeating: 0, count: total), naive = fast
            Elementwise.binaryBroadcast(op, a, aStrides: sa, b, bStrides: sb, &fast, shape: shape)
            Elementwise.Naive.binaryBroadcast(op, a, aStrides: sa, b, bStrides: sb, &naive, shape: shape)
            #expect(firstMismatch(fast, naive, abs: 0, rel: 0) == nil, "\(op) shape \(shape) \(sa) \(sb)")
        }
    }

    @Test func biasAddScaleRowsAndSumOverRows() {
        var rng = SplitMix(seed: 22)
        // The last shape has more than parallelThreshold elements (2-thread path).
        for (rows, cols) in [(0, 3), (1, 1), (3, 15), (5, 16), (7, 17), (13, 1000), (3, 100_003), (1100, 1000)] {
            let x = rng.floats(rows * cols, scale: 80)
            let v = rng.floats(cols, scale: 80), s = rng.floats(rows, scale: 2)
            var fast = [Float](repeating: 0, count: rows * cols), naive = fast
            Elementwise.addRowVector(x, v, &fast, rows: rows, cols: cols)
            Elementwise.Naive.addRowVector(x, v, &naive, rows: rows, cols: cols)
            #expect(firstMismatch(fast, naive, abs: 0, rel: 0) == nil, "addRowVector \(rows)x\(cols)")
            Elementwise.scaleRows(x, s, &fast, rows: rows, cols: cols)
            Elementwise.Naive.scaleRows(x, s, &naive, rows: rows, cols: cols)
            #expect(firstMismatch(fast, naive, abs: 0, rel: 0) == nil, "scaleRows \(rows)x\(cols)")
            for accumulate in [false, true] {
                let start = rng.floats(cols, scale: 1)
                var f = start, n = start
                Elementwise.sumOverRows(x, rows: rows, cols: cols, &f, accumulate: accumulate)
                Elementwise.Naive.sumOverRows(x, rows: rows, cols: cols, &n, accumulate: accumulate)
                // Float blocks of 256 rows: error relative to the sum of |x| (80 * rows).
                let tol = 1e-6 * 80 * Float(max(rows, 1))
                #expect(firstMismatch(f, n, abs: tol, rel: 0) == nil, "sumOverRows \(rows)x\(cols) acc=\(accumulate)")
            }
        }
    }

    /// (shape, target shape) pairs, numpy-aligned from the right.
    static let reductions: [([Int], [Int])] = [
        ([5], [5]), ([5], [1]), ([5], []), ([1000, 17], [17]), ([1000, 17], [1000, 1]),
        ([4, 6, 5], [1, 6, 1]), ([4, 6, 5], [4, 1, 5]), ([4, 6, 5], [6, 5]), ([4, 6, 5], [1, 1, 1]),
        ([2, 3, 4, 5], [3, 1, 5]), ([3, 0, 2], [1, 0, 2]), ([3, 0, 2], [3, 1, 1]), ([2, 1, 3], [1, 1, 3]),
    ]

    @Test func sumToShapeMatchesNaive() {
        var rng = SplitMix(seed: 23)
        for (shape, target) in Self.reductions {
            let x = rng.floats(shape.reduce(1, *), scale: 80)
            let outCount = target.reduce(1, *)
            for accumulate in [false, true] {
                let start = rng.floats(outCount, scale: 1)
                var f = start, n = start
                Elementwise.sumToShape(x, shape: shape, &f, targetShape: target, accumulate: accumulate)
                Elementwise.Naive.sumToShape(x, shape: shape, &n, targetShape: target, accumulate: accumulate)
                let tol = 1e-6 * 80 * Float(max(1, x.count / max(outCount, 1)))
                #expect(firstMismatch(f, n, abs: tol, rel: 0) == nil, "sumToShape \(shape) -> \(target) acc=\(accumulate)")
            }
        }
    }

    /// For `L(b) = sum_i g_i * (a + broadcast(b))_i`, `dL/db = sumToShape(g)`: checked by
    /// central differences of `L` computed with `binaryBroadcast`.
    @Test func sumToShapeIsTheGradientOfBroadcast() {
        var rng = SplitMix(seed: 24)
        let shape = [3, 4, 5], target = [4, 1]
        let a = rng.floats(60, scale: 1), g = rng.floats(60, scale: 1)
        var b = rng.floats(4, scale: 1)
        let bStrides = [0, 1, 0]
        func loss(_ b: [Float]) -> Double {
            var out = [Float](repeating: 0, count: 60)
            Elementwise.binaryBroadcast(.add, a, aStrides: [20, 5, 1], b, bStrides: bStrides, &out, shape: shape)
            return zip(out, g).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        var grad = [Float](repeating: 0, count: 4)
        Elementwise.sumToShape(g, shape: shape, &grad, targetShape: target, accumulate: false)
        let h: Float = 1e-2
        for j in 0..<4 {
            let b0 = b[j]
            b[j] = b0 + h
            let lp = loss(b)
            b[j] = b0 - h
            let lm = loss(b)
            b[j] = b0
            let fd = (lp - lm) / Double(2 * h)
            #expect(Swift.abs(fd - Double(grad[j])) < 1e-3, "j=\(j): fd \(fd) vs \(grad[j])")
        }
    }

    /// Broadcast row splits and the bias-gradient column split agree for 1 and 2 threads.
    @Test func resultsDoNotDependOnThreadCount() {
        var rng = SplitMix(seed: 25)
        let rows = 1100, cols = 1000
        let x = rng.floats(rows * cols, scale: 80), v = rng.floats(cols, scale: 1)
        var ref: [Float]?
        for threads in [1, 2] {
            var out = [Float](repeating: 0, count: rows * cols)
            var bias = [Float](repeating: 0, count: cols)
            Elementwise.addRowVector(x, v, &out, rows: rows, cols: cols, threads: threads)
            Elementwise.sumOverRows(x, rows: rows, cols: cols, &bias, accumulate: false, threads: threads)
            if let ref { #expect(out + bias == ref, "threads \(threads)") } else { ref = out + bias }
        }
    }
}
