import Foundation
import Testing
@testable import ReturnnKernels

/// Gather and scatter-add against their naive twins and a hand-computed case.
@Suite struct GatherTests {
    @Test func rowsMatchNaive() {
        let rows = 6, width = 5
        let table = (0..<(rows * width)).map { Float(sin(Double($0) * 0.37)) }
        let idx: [Int32] = [3, 0, 5, 3, 1, 1, 2]
        var a = [Float](repeating: .nan, count: idx.count * width), b = a
        Gather.rows(table, rows: rows, width: width, indices: idx, count: idx.count, &a)
        Gather.Naive.rows(table, rows: rows, width: width, indices: idx, count: idx.count, &b)
        #expect(a == b)
        #expect(Array(a[0..<width]) == Array(table[(3 * width)..<(4 * width)]))
    }

    @Test func scatterAddMatchesNaive() {
        let rows = 4, width = 3
        let idx: [Int32] = [2, 0, 2, 3, 2]
        let src = (0..<(idx.count * width)).map { Float(cos(Double($0) * 0.53)) }
        let start = (0..<(rows * width)).map { Float($0) * 0.25 }
        var a = start, b = start
        Gather.scatterAddRows(src, indices: idx, count: idx.count, width: width, &a, rows: rows)
        Gather.Naive.scatterAddRows(src, indices: idx, count: idx.count, width: width, &b, rows: rows)
        for i in a.indices { #expect(Swift.abs(a[i] - b[i]) < 1e-6) }
    }

    @Test func handComputed() {
        // Table [[1, 2], [3, 4], [5, 6]]; indices [2, 2, 0].
        let table: [Float] = [1, 2, 3, 4, 5, 6]
        var out = [Float](repeating: 0, count: 6)
        Gather.rows(table, rows: 3, width: 2, indices: [2, 2, 0], count: 3, &out)
        #expect(out == [5, 6, 5, 6, 1, 2])
        var grad = [Float](repeating: 0, count: 6)
        Gather.scatterAddRows([1, 1, 1, 1, 1, 1], indices: [2, 2, 0], count: 3, width: 2, &grad, rows: 3)
        #expect(grad == [1, 1, 0, 0, 2, 2])
    }
}
