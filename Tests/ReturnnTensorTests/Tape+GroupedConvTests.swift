import Testing
@testable import ReturnnTensor

/// groupedConv1d: one group equals conv1d, groups equal per-group conv1d on channel slices, gradients.
@Suite struct TapeGroupedConvTests {
    @Test func oneGroupIsConv1d() {
        let x = randomTensor([2, 6, 4], seed: 11), w = randomTensor([3, 4, 5], seed: 12)
        let t = Tape(recording: false)
        let a = t.groupedConv1d(Variable(x), filter: Variable(w), groups: 1, stride: 2, padding: .same).value
        let b = t.conv1d(Variable(x), filter: Variable(w), stride: 2, padding: .same).value
        expectClose(a, b)
    }

    /// (groups, in per group, out per group, kernel, stride, dilation, padding)
    static let cases: [(Int, Int, Int, Int, Int, Int, Padding)] = [
        (2, 2, 3, 3, 1, 1, .same), (4, 1, 1, 3, 2, 1, .valid), (3, 1, 2, 2, 1, 2, .same), (2, 3, 1, 1, 1, 1, .valid),
    ]

    @Test(arguments: cases)
    func groupsAreIndependentConvolutions(_ c: (Int, Int, Int, Int, Int, Int, Padding)) {
        let (g, ipg, opg, k, s, d, pad) = c
        let x = randomTensor([2, 7, g * ipg], seed: 13), w = randomTensor([k, ipg, g * opg], seed: 14)
        let t = Tape(recording: false)
        let y = t.groupedConv1d(Variable(x), filter: Variable(w), groups: g, stride: s, dilation: d, padding: pad)
        let parts = (0..<g).map { gr in
            t.conv1d(t.slice(Variable(x), axis: 2, (gr * ipg)..<((gr + 1) * ipg)),
                     filter: t.slice(Variable(w), axis: 2, (gr * opg)..<((gr + 1) * opg)), stride: s, dilation: d, padding: pad)
        }
        expectClose(y.value, t.concat(parts, axis: 2).value)
        checkGradients([x, w]) { t, v in t.groupedConv1d(v[0], filter: v[1], groups: g, stride: s, dilation: d, padding: pad) }
    }
}
