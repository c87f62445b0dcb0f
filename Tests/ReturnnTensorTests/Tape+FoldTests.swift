import Testing
@testable import ReturnnTensor

/// fold1d: the adjoint of unfold1d (inner-product identity), direct scatter, gradients.
@Suite struct TapeFoldTests {
    /// (length, size, stride, dilation, padding)
    static let cases: [(Int, Int, Int, Int, Padding)] = [
        (10, 3, 2, 1, .same), (11, 3, 2, 1, .valid), (7, 2, 1, 2, .same), (8, 2, 2, 1, .valid), (5, 1, 1, 1, .valid),
    ]

    @Test(arguments: cases)
    func adjointOfUnfoldAndGradients(_ c: (Int, Int, Int, Int, Padding)) {
        let (length, size, s, d, pad) = c
        let (windows, left) = pad.geometry(time: length, size: size, stride: s, dilation: d)
        let cols = randomTensor([2, windows, size * 3], seed: 9)
        let y = Tape(recording: false).fold1d(Variable(cols), length: length, size: size, stride: s, dilation: d, padding: pad).value
        #expect(y.shape == [2, length, 3])
        // <fold(c), x> == <c, unfold(x)>
        let x = randomTensor([2, length, 3], seed: 10)
        let u = Tape(recording: false).unfold1d(Variable(x), size: size, stride: s, dilation: d, padding: pad).value
        #expect(Swift.abs(dot(y, x) - dot(cols, u)) < 1e-4)
        // Direct scatter of one entry.
        var want: Float = 0
        for t in 0..<windows {
            for k in 0..<size where t * s + k * d - left == 0 { want += cols[1, t, k * 3 + 2] }
        }
        #expect(Swift.abs(y[1, 0, 2] - want) < 1e-6)
        checkGradients([cols]) { t, v in t.fold1d(v[0], length: length, size: size, stride: s, dilation: d, padding: pad) }
    }
}
