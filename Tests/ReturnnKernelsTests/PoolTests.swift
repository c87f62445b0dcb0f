import Foundation
import Testing
@testable import ReturnnKernels

/// Deterministic, distinct test values in (-1, 1).
private func values(_ n: Int, seed: Int) -> [Float] {
    (0..<n).map { Float(sin(Double($0 * 7 + seed) * 0.731 + 0.1)) }
}

/// Pooling kernels against their naive twins and hand-computed cases.
@Suite struct PoolTests {
    /// (batch, time, channels, poolSize, stride, dilation, padLeft, outTime)
    static let geometries: [(Int, Int, Int, Int, Int, Int, Int, Int)] = [
        (2, 7, 3, 2, 2, 1, 0, 3),   // valid, stride = pool size
        (2, 7, 3, 3, 2, 1, 1, 4),   // same padding
        (1, 9, 2, 3, 1, 2, 2, 9),   // dilation 2, same
        (3, 4, 5, 4, 3, 1, 2, 2),   // windows mostly padding
    ]

    @Test(arguments: geometries)
    func maxMatchesNaive(_ g: (Int, Int, Int, Int, Int, Int, Int, Int)) {
        let (b, t, c, p, s, d, pl, o) = g
        let x = values(b * t * c, seed: 5)
        var y1 = [Float](repeating: .nan, count: b * o * c), y2 = y1
        var a1 = [Int32](repeating: 99, count: b * o * c), a2 = a1
        Pool.maxForward(x, batch: b, time: t, channels: c, poolSize: p, stride: s, dilation: d, padLeft: pl,
                        outTime: o, &y1, argmax: &a1)
        Pool.Naive.maxForward(x, batch: b, time: t, channels: c, poolSize: p, stride: s, dilation: d, padLeft: pl,
                              outTime: o, &y2, argmax: &a2)
        #expect(y1 == y2)
        #expect(a1 == a2)
        var y3 = [Float](repeating: .nan, count: b * o * c)
        Pool.maxForward(x, batch: b, time: t, channels: c, poolSize: p, stride: s, dilation: d, padLeft: pl,
                        outTime: o, &y3, argmax: nil)
        #expect(y3 == y1)
        let dy = values(b * o * c, seed: 6)
        let start = values(b * t * c, seed: 7)
        var dx1 = start, dx2 = start
        Pool.maxBackward(dy, argmax: a1, batch: b, time: t, channels: c, outTime: o, &dx1, accumulate: true)
        Pool.Naive.maxBackward(dy, argmax: a1, batch: b, time: t, channels: c, outTime: o, &dx2, accumulate: true)
        for i in dx1.indices { #expect(Swift.abs(dx1[i] - dx2[i]) < 1e-6) }
    }

    @Test(arguments: geometries)
    func avgMatchesNaive(_ g: (Int, Int, Int, Int, Int, Int, Int, Int)) {
        let (b, t, c, p, s, d, pl, o) = g
        let x = values(b * t * c, seed: 8)
        var y1 = [Float](repeating: .nan, count: b * o * c), y2 = y1
        Pool.avgForward(x, batch: b, time: t, channels: c, poolSize: p, stride: s, dilation: d, padLeft: pl,
                        outTime: o, &y1)
        Pool.Naive.avgForward(x, batch: b, time: t, channels: c, poolSize: p, stride: s, dilation: d, padLeft: pl,
                              outTime: o, &y2)
        for i in y1.indices { #expect(Swift.abs(y1[i] - y2[i]) < 1e-6) }
        let dy = values(b * o * c, seed: 9)
        var dx1 = [Float](repeating: .nan, count: b * t * c), dx2 = dx1
        Pool.avgBackward(dy, batch: b, time: t, channels: c, poolSize: p, stride: s, dilation: d, padLeft: pl,
                         outTime: o, &dx1, accumulate: false)
        Pool.Naive.avgBackward(dy, batch: b, time: t, channels: c, poolSize: p, stride: s, dilation: d,
                               padLeft: pl, outTime: o, &dx2, accumulate: false)
        for i in dx1.indices { #expect(Swift.abs(dx1[i] - dx2[i]) < 1e-6) }
    }

    @Test func handComputed() {
        // One sequence, 5 frames, 1 channel; pool 2, stride 2, same padding: outTime 3, padLeft 0.
        let x: [Float] = [1, 5, 2, 4, 3]
        var y = [Float](repeating: .nan, count: 3)
        var a = [Int32](repeating: 0, count: 3)
        Pool.maxForward(x, batch: 1, time: 5, channels: 1, poolSize: 2, stride: 2, dilation: 1, padLeft: 0,
                        outTime: 3, &y, argmax: &a)
        #expect(y == [5, 4, 3])
        #expect(a == [1, 3, 4])
        Pool.avgForward(x, batch: 1, time: 5, channels: 1, poolSize: 2, stride: 2, dilation: 1, padLeft: 0,
                        outTime: 3, &y)
        #expect(y == [3, 3, 3])  // the last window holds one real frame: padding does not count
        var dx = [Float](repeating: .nan, count: 5)
        Pool.avgBackward([2, 4, 6], batch: 1, time: 5, channels: 1, poolSize: 2, stride: 2, dilation: 1, padLeft: 0,
                         outTime: 3, &dx, accumulate: false)
        #expect(dx == [1, 1, 2, 2, 6])
    }
}
