import Foundation
import Testing
@testable import ReturnnKernels

/// The fused LSTM cell step against its naive libm twin (both layouts, forget bias, lane tails),
/// and the twin against the NativeLstm2 kernel's one-step result.
@Suite struct LstmCellStepTests {
    static func run(_ layout: LstmCellStep.Layout, batch: Int, n: Int, forgetBias: Float, naive: Bool, seed: UInt64)
        -> (h: [Float], c: [Float], dz: [Float], dcPrev: [Float]) {
        var g = SplitMix(seed: seed)
        let z = g.floats(batch * 4 * n, scale: 2), cPrev = g.floats(batch * n, scale: 1)
        let dh = g.floats(batch * n, scale: 1), dc = g.floats(batch * n, scale: 1)
        var h = [Float](repeating: 0, count: batch * n), c = h, dcPrev = h
        var acts = [Float](repeating: 0, count: batch * 4 * n), dz = acts
        if naive {
            LstmCellStep.Naive.forward(z: z, cPrev: cPrev, batch: batch, nCells: n, layout: layout, forgetBias: forgetBias,
                                       h: &h, c: &c, acts: &acts)
            LstmCellStep.Naive.backward(acts: acts, c: c, cPrev: cPrev, dh: dh, dc: dc, batch: batch, nCells: n, layout: layout,
                                        dz: &dz, dcPrev: &dcPrev)
        } else {
            LstmCellStep.forward(z: z, cPrev: cPrev, batch: batch, nCells: n, layout: layout, forgetBias: forgetBias,
                                 h: &h, c: &c, acts: &acts)
            LstmCellStep.backward(acts: acts, c: c, cPrev: cPrev, dh: dh, dc: dc, batch: batch, nCells: n, layout: layout,
                                  dz: &dz, dcPrev: &dcPrev)
        }
        return (h, c, dz, dcPrev)
    }

    static func maxDiff(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { Swift.abs($0 - $1) }.max() ?? 0 }

    @Test(arguments: [(LstmCellStep.Layout.tensorFlow, Float(1)), (.native, 0), (.tensorFlow, 0.5)])
    func fusedMatchesNaive(layout: LstmCellStep.Layout, forgetBias: Float) {
        for n in [3, 16, 21] {
            let fused = Self.run(layout, batch: 3, n: n, forgetBias: forgetBias, naive: false, seed: 5)
            let naive = Self.run(layout, batch: 3, n: n, forgetBias: forgetBias, naive: true, seed: 5)
            #expect(Self.maxDiff(fused.h, naive.h) < 2e-6, "n \(n)")
            #expect(Self.maxDiff(fused.c, naive.c) < 2e-6, "n \(n)")
            #expect(Self.maxDiff(fused.dz, naive.dz) < 5e-6, "n \(n)")
            #expect(Self.maxDiff(fused.dcPrev, naive.dcPrev) < 5e-6, "n \(n)")
        }
    }

    /// With the native layout and no forget bias, one step equals one frame of NativeLstm2 with
    /// `W_re = 0` (so `z` is the whole pre-activation).
    @Test func nativeLayoutIsOneNativeLstm2Frame() {
        let (b, n) = (2, 5)
        var g = SplitMix(seed: 9)
        let z = g.floats(b * 4 * n, scale: 2), c0 = g.floats(b * n, scale: 1)
        var h = [Float](repeating: 0, count: b * n), c = h, acts = [Float](repeating: 0, count: b * 4 * n)
        LstmCellStep.Naive.forward(z: z, cPrev: c0, batch: b, nCells: n, layout: .native, forgetBias: 0, h: &h, c: &c, acts: &acts)
        var y = h, cc = h, gates = acts, fy = h, fc = h
        let w = [Float](repeating: 0, count: n * 4 * n), y0 = [Float](repeating: 0.3, count: b * n)
        NativeLstm2.Naive.forward(x: z, wRe: w, y0: y0, c0: c0, mask: [1, 1], timeSteps: 1, batch: b, nCells: n, direction: 1,
                                  y: &y, c: &cc, gates: &gates, finalY: &fy, finalC: &fc)
        #expect(Self.maxDiff(h, y) < 1e-6)
        #expect(Self.maxDiff(c, cc) < 1e-6)
    }
}
