import Foundation
import Testing
@testable import ReturnnKernels

/// Deterministic, distinct test values in (-1, 1).
private func values(_ n: Int, seed: Int) -> [Float] {
    (0..<n).map { Float(sin(Double($0 * 7 + seed) * 0.731 + 0.1)) }
}

/// Im2Col against its naive twin, a hand-computed case, and the adjoint identity.
@Suite struct Im2ColTests {
    /// (batch, time, channels, kernelSize, stride, dilation, padLeft, outTime)
    static let geometries: [(Int, Int, Int, Int, Int, Int, Int, Int)] = [
        (2, 7, 3, 3, 1, 1, 1, 7),   // same padding
        (1, 9, 2, 3, 2, 1, 0, 4),   // valid, stride 2
        (2, 8, 4, 2, 1, 3, 0, 5),   // dilation 3
        (3, 5, 1, 4, 3, 2, 3, 2),   // large padding, stride and dilation
        (1, 3, 2, 5, 1, 1, 2, 3),   // kernel longer than the input
    ]

    @Test(arguments: geometries)
    func forwardMatchesNaive(_ g: (Int, Int, Int, Int, Int, Int, Int, Int)) {
        let (b, t, c, k, s, d, p, o) = g
        let x = values(b * t * c, seed: 1)
        var fast = [Float](repeating: .nan, count: b * o * k * c)
        var naive = fast
        Im2Col.forward(x, batch: b, time: t, channels: c, kernelSize: k, stride: s, dilation: d, padLeft: p,
                       outTime: o, &fast)
        Im2Col.Naive.forward(x, batch: b, time: t, channels: c, kernelSize: k, stride: s, dilation: d, padLeft: p,
                             outTime: o, &naive)
        #expect(fast == naive)
    }

    @Test(arguments: geometries)
    func backwardMatchesNaiveAndIsAdjoint(_ g: (Int, Int, Int, Int, Int, Int, Int, Int)) {
        let (b, t, c, k, s, d, p, o) = g
        let dcols = values(b * o * k * c, seed: 2)
        let start = values(b * t * c, seed: 3)
        var fast = start, naive = start
        Im2Col.backward(dcols, batch: b, time: t, channels: c, kernelSize: k, stride: s, dilation: d, padLeft: p,
                        outTime: o, &fast, accumulate: true)
        Im2Col.Naive.backward(dcols, batch: b, time: t, channels: c, kernelSize: k, stride: s, dilation: d,
                              padLeft: p, outTime: o, &naive, accumulate: true)
        for i in fast.indices { #expect(Swift.abs(fast[i] - naive[i]) < 1e-5) }
        // <im2col(x), dcols> == <x, col2im(dcols)>
        let x = values(b * t * c, seed: 4)
        var cols = [Float](repeating: 0, count: b * o * k * c)
        Im2Col.forward(x, batch: b, time: t, channels: c, kernelSize: k, stride: s, dilation: d, padLeft: p,
                       outTime: o, &cols)
        var dx = [Float](repeating: .nan, count: b * t * c)
        Im2Col.backward(dcols, batch: b, time: t, channels: c, kernelSize: k, stride: s, dilation: d, padLeft: p,
                        outTime: o, &dx, accumulate: false)
        let lhs = zip(cols, dcols).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let rhs = zip(x, dx).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(Swift.abs(lhs - rhs) < 1e-4)
    }

    @Test func handComputedSamePadding() {
        // x: one sequence, 3 frames, 1 channel: [1, 2, 3]; kernel 3, same padding (padLeft 1).
        let x: [Float] = [1, 2, 3]
        var cols = [Float](repeating: .nan, count: 9)
        Im2Col.forward(x, batch: 1, time: 3, channels: 1, kernelSize: 3, stride: 1, dilation: 1, padLeft: 1,
                       outTime: 3, &cols)
        #expect(cols == [0, 1, 2, 1, 2, 3, 2, 3, 0])
        var dx = [Float](repeating: 0, count: 3)
        Im2Col.backward([Float](repeating: 1, count: 9), batch: 1, time: 3, channels: 1, kernelSize: 3, stride: 1,
                        dilation: 1, padLeft: 1, outTime: 3, &dx, accumulate: false)
        #expect(dx == [2, 3, 2])
    }
}
