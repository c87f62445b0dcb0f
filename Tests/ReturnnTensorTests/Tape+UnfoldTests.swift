import Testing
@testable import ReturnnTensor

/// unfold1d: forward against direct indexing, and gradients.
@Suite struct TapeUnfoldTests {
    /// (length, size, stride, dilation, padding)
    static let cases: [(Int, Int, Int, Int, Padding)] = [
        (5, 3, 1, 1, .same), (6, 3, 2, 1, .valid), (7, 2, 1, 2, .same), (4, 1, 1, 1, .valid), (2, 3, 1, 1, .valid),
    ]

    @Test(arguments: cases)
    func forwardMatchesDirectIndexingAndGradients(_ c: (Int, Int, Int, Int, Padding)) {
        let (length, size, s, d, pad) = c
        let x = randomTensor([2, length, 3], seed: 5)
        let y = Tape(recording: false).unfold1d(Variable(x), size: size, stride: s, dilation: d, padding: pad)
        let (outL, left) = pad.geometry(time: length, size: size, stride: s, dilation: d)
        #expect(y.shape == [2, outL, size * 3])
        for n in 0..<2 {
            for t in 0..<outL {
                for k in 0..<size {
                    for ch in 0..<3 {
                        let src = t * s + k * d - left
                        let want: Float = src >= 0 && src < length ? x[n, src, ch] : 0
                        #expect(y.value[n, t, k * 3 + ch] == want)
                    }
                }
            }
        }
        if outL > 0 {
            checkGradients([x]) { t, v in t.unfold1d(v[0], size: size, stride: s, dilation: d, padding: pad) }
        }
    }
}
