import Foundation
import Testing
@testable import ReturnnKernels

/// Fast reductions agree with the naive twins on both paths (inner == 1 and inner > 1).
@Suite struct ReduceTests {
    /// `[outer, n, inner]` shapes: contiguous rows, vector-width edges, empty axes, and two
    /// shapes above `Elementwise.parallelThreshold` (split by outer, and by inner columns).
    static let shapes: [(Int, Int, Int)] = [
        (1, 0, 1), (3, 0, 5), (0, 4, 4), (1, 1, 1), (2, 15, 1), (2, 16, 1), (3, 17, 1), (4, 1000, 1),
        (1, 100_003, 1), (2, 5, 15), (2, 5, 16), (3, 7, 17), (2, 300, 64), (1, 33, 100), (5, 1, 7),
        (1, 3, 100_003), (1100, 1000, 1), (1, 700, 1600),
    ]

    @Test(arguments: Reduce.Op.allCases)
    func reduceMatchesNaive(_ op: Reduce.Op) {
        var rng = SplitMix(seed: 31)
        for (outer, n, inner) in Self.shapes {
            let x = rng.floats(outer * n * inner, scale: 80)
            var fast = [Float](repeating: 0, count: outer * inner), naive = fast
            Reduce.reduce(op, x, outer: outer, n: n, inner: inner, &fast)
            Reduce.Naive.reduce(op, x, outer: outer, n: n, inner: inner, &naive)
            // Sums are in Float blocks: tolerance relative to sum |x| (<= 80 n); max/min exact.
            let tol: Float = op == .sum ? 1e-6 * 80 * Float(n) : (op == .mean ? 1e-6 * 80 : 0)
            #expect(firstMismatch(fast, naive, abs: tol, rel: 0) == nil, "\(op) [\(outer), \(n), \(inner)]")
        }
    }

    @Test(arguments: Reduce.Op.allCases)
    func reducePropagatesNaN(_ op: Reduce.Op) {
        var rng = SplitMix(seed: 32)
        for (outer, n, inner) in [(2, 37, 1), (2, 37, 20)] {
            var x = rng.floats(outer * n * inner, scale: 10)
            x[(0 * n + 30) * inner + 0] = .nan  // column 0 of outer row 0
            x[(1 * n + 0) * inner + inner - 1] = .nan  // last column of outer row 1, first position
            var fast = [Float](repeating: 0, count: outer * inner), naive = fast
            Reduce.reduce(op, x, outer: outer, n: n, inner: inner, &fast)
            Reduce.Naive.reduce(op, x, outer: outer, n: n, inner: inner, &naive)
            #expect(fast[0].isNaN && fast[outer * inner - 1].isNaN, "\(op) [\(outer), \(n), \(inner)]")
            let tol: Float = op == .sum ? 1e-6 * 10 * Float(n) : 1e-5
            #expect(firstMismatch(fast, naive, abs: tol, rel: 0) == nil, "\(op) [\(outer), \(n), \(inner)]")
        }
    }

    @Test func argmaxMatchesNaiveExactly() {
        var rng = SplitMix(seed: 33)
        for (outer, n, inner) in Self.shapes {
            // Integer values in [-3, 3] force many ties: the first index must win.
            var x = (0..<(outer * n * inner)).map { _ in Float(Int(rng.next() % 7) - 3) }
            if x.count > 40 {
                x[0] = .nan
                x[17] = .nan
                x[33] = .infinity
                x[x.count - 1] = -.infinity
            }
            var fast = [Int32](repeating: -1, count: outer * inner), naive = fast
            Reduce.argmax(x, outer: outer, n: n, inner: inner, &fast)
            Reduce.Naive.argmax(x, outer: outer, n: n, inner: inner, &naive)
            #expect(fast == naive, "argmax [\(outer), \(n), \(inner)]")
        }
    }

    @Test func argmaxEdgeRows() {
        let inf = Float.infinity
        let rows: [[Float]] = [
            [-inf, -inf, -inf], [.nan, 5, 7], [1, .nan, 3, .nan], [-inf, .nan, -inf],
            (0..<40).map { $0 == 37 ? 9 : ($0 == 21 ? 9 : 0) }, (0..<40).map { $0 == 0 ? -inf : .nan },
        ]
        for row in rows {
            var fast: Int32 = -1, naive: Int32 = -1
            Reduce.argmax(row, outer: 1, n: row.count, inner: 1, &fast)
            Reduce.Naive.argmax(row, outer: 1, n: row.count, inner: 1, &naive)
            #expect(fast == naive, "argmax of \(row)")
        }
    }

    /// Splits over outer rows and over inner columns give the same results for 1, 2, 3 threads.
    @Test func resultsDoNotDependOnThreadCount() {
        var rng = SplitMix(seed: 34)
        for (outer, n, inner) in [(1100, 1000, 1), (1, 700, 1600), (3, 500, 700)] {
            let x = rng.floats(outer * n * inner, scale: 80)
            var ref: ([Float], [Int32])?
            for threads in [1, 2, 3] {
                var s = [Float](repeating: 0, count: outer * inner), m = s
                var a = [Int32](repeating: 0, count: outer * inner)
                Reduce.reduce(.sum, x, outer: outer, n: n, inner: inner, &s, threads: threads)
                Reduce.reduce(.max, x, outer: outer, n: n, inner: inner, &m, threads: threads)
                Reduce.argmax(x, outer: outer, n: n, inner: inner, &a, threads: threads)
                if let ref {
                    #expect(s + m == ref.0 && a == ref.1, "[\(outer), \(n), \(inner)] threads \(threads)")
                } else {
                    ref = (s + m, a)
                }
            }
        }
    }
}
