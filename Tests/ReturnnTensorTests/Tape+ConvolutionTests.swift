import Testing
@testable import ReturnnTensor

/// conv1d and pool1d: forward against direct loops, and gradients.
@Suite struct TapeConvolutionTests {
    /// Direct convolution: y[b,t,o] = sum_{k,c} x[b, t*s + k*d - pad, c] * w[k,c,o].
    static func directConv(_ x: Tensor, _ w: Tensor, stride: Int, dilation: Int, padding: Padding) -> Tensor {
        let (bs, time, cin) = (x.shape[0], x.shape[1], x.shape[2])
        let (kk, cout) = (w.shape[0], w.shape[2])
        let (outT, pad) = padding.geometry(time: time, size: kk, stride: stride, dilation: dilation)
        var y = Tensor(zeros: [bs, outT, cout])
        for b in 0..<bs {
            for t in 0..<outT {
                for o in 0..<cout {
                    var acc: Float = 0
                    for k in 0..<kk {
                        let s = t * stride + k * dilation - pad
                        guard s >= 0 && s < time else { continue }
                        for c in 0..<cin { acc += x[b, s, c] * w[k, c, o] }
                    }
                    y[b, t, o] = acc
                }
            }
        }
        return y
    }

    /// (time, kernel, stride, dilation, padding)
    static let convCases: [(Int, Int, Int, Int, Padding)] = [
        (5, 3, 1, 1, .same), (6, 3, 2, 1, .valid), (7, 2, 1, 2, .same), (7, 3, 2, 2, .same), (4, 1, 1, 1, .valid),
        (5, 1, 2, 1, .same),
    ]

    @Test(arguments: convCases)
    func convForwardAndGradients(_ c: (Int, Int, Int, Int, Padding)) {
        let (time, k, s, d, pad) = c
        let x = randomTensor([2, time, 3], seed: 1), w = randomTensor([k, 3, 2], seed: 2)
        let y = Tape(recording: false).conv1d(Variable(x), filter: Variable(w), stride: s, dilation: d, padding: pad)
        expectClose(y.value, Self.directConv(x, w, stride: s, dilation: d, padding: pad), tol: 1e-5)
        checkGradients([x, w]) { t, v in t.conv1d(v[0], filter: v[1], stride: s, dilation: d, padding: pad) }
    }

    @Test func poolForwardValues() {
        let x = Tensor(shape: [1, 5, 2], [1, -1, 5, -5, 2, -2, 4, -4, 3, -3])
        let t = Tape(recording: false)
        let mx = t.pool1d(Variable(x), mode: .max, poolSize: 2, padding: .same)
        #expect(mx.shape == [1, 3, 2] && mx.value.array == [5, -1, 4, -2, 3, -3])
        let av = t.pool1d(Variable(x), mode: .avg, poolSize: 2)
        #expect(av.shape == [1, 2, 2] && av.value.array == [3, -3, 3, -3])
    }

    /// (time, poolSize, stride, dilation, padding)
    static let poolCases: [(Int, Int, Int, Int, Padding)] = [
        (6, 2, 2, 1, .valid), (7, 3, 2, 1, .same), (7, 2, 1, 2, .same), (5, 3, 3, 1, .same),
    ]

    @Test(arguments: poolCases)
    func poolGradients(_ c: (Int, Int, Int, Int, Padding)) {
        let (time, p, s, d, pad) = c
        let x = randomTensor([2, time, 3], seed: 3)
        for mode in Tape.PoolMode.allCases {
            checkGradients([x], step: 1e-3) { t, v in
                t.pool1d(v[0], mode: mode, poolSize: p, stride: s, dilation: d, padding: pad)
            }
        }
    }
}
