import Testing
@testable import ReturnnTensor

/// cumsum: forward against running sums in both directions on every axis, gradients.
@Suite struct TapeCumsumTests {
    @Test(arguments: [(0, false), (1, false), (2, true), (-2, true)])
    func forwardAndGradients(_ c: (Int, Bool)) {
        let (axis, reverse) = c
        let x = randomTensor([2, 3, 4], seed: 3)
        let y = Tape(recording: false).cumsum(Variable(x), axis: axis, reverse: reverse).value
        let ax = axis < 0 ? axis + 3 : axis
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<4 {
                    var idx = [i, j, k]
                    let here = idx[ax]
                    var s: Float = 0
                    for p in 0..<x.shape[ax] where reverse ? p >= here : p <= here {
                        idx[ax] = p
                        s += x[idx[0], idx[1], idx[2]]
                    }
                    #expect(Swift.abs(y[i, j, k] - s) < 1e-5)
                }
            }
        }
        checkGradients([x]) { t, v in t.cumsum(v[0], axis: axis, reverse: reverse) }
    }
}
