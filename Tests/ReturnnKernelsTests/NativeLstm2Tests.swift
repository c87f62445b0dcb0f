import Foundation
import Testing
@testable import ReturnnKernels

/// The fused NativeLstm2 kernel agrees with its naive twin and with finite differences.
@Suite struct NativeLstm2Tests {
    /// (T, B, n) shapes: B never a multiple of 16, n below, at and above one vector.
    static let shapes: [(Int, Int, Int)] = [(6, 3, 5), (5, 4, 17), (4, 18, 16)]

    @Test(arguments: [1, -1], [1, 2])
    func fastMatchesNaive(direction: Int, threads: Int) {
        for (i, (t, b, n)) in Self.shapes.enumerated() {
            var lstm = LstmCase(timeSteps: t, batch: b, nCells: n, direction: direction, seed: UInt64(10 + i))
            lstm.setPrefixMask(lengths: LstmCase.lengths(timeSteps: t, batch: b))
            compareFastWithNaive(lstm, threads: threads, cellGrain: NativeLstm2.defaultCellGrain)
        }
    }

    /// Cell pass split over threads (grain 1) and a mask with holes (padding between valid frames).
    @Test(arguments: [1, -1])
    func fastMatchesNaiveWithSplitCellPassAndHoles(direction: Int) {
        var lstm = LstmCase(timeSteps: 7, batch: 5, nCells: 19, direction: direction, seed: 77)
        let perSeq: [[Float]] = [[1, 1, 1, 1, 1, 1, 1], [1, 0, 0, 1, 1, 0, 1], [0, 1, 0, 1, 0, 0, 0],
                                 [0, 0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 0, 0, 0]]
        lstm.mask = (0..<(7 * 5)).map { k in perSeq[k % 5][k / 5] }
        compareFastWithNaive(lstm, threads: 2, cellGrain: 1)
    }

    func compareFastWithNaive(_ lstm: LstmCase, threads: Int, cellGrain: Int) {
        let fast = lstm.runForward(naive: false, threads: threads, cellGrain: cellGrain)
        let naive = lstm.runForward(naive: true)
        // Gate approximations (SIMDMath) err by < 3e-7; the rest is Float vs Double rounding.
        let fwdTol: Float = 2e-5
        #expect(maxAbsDiff(fast.y, naive.y) < fwdTol)
        #expect(maxAbsDiff(fast.c, naive.c) < fwdTol)
        #expect(maxAbsDiff(fast.gates, naive.gates) < fwdTol)
        #expect(maxAbsDiff(fast.finalY, naive.finalY) < fwdTol)
        #expect(maxAbsDiff(fast.finalC, naive.finalC) < fwdTol)
        // Both backwards read the naive forward's outputs, so only the backward kernels differ.
        var rng = SplitMix(seed: 99)
        let dY = lstm.randoms(lstm.tbn, &rng), dFY = lstm.randoms(lstm.bn, &rng), dFC = lstm.randoms(lstm.bn, &rng)
        let gFast = lstm.runBackward(naive, dY: dY, dFinalY: dFY, dFinalC: dFC, naive: false, threads: threads,
                                     cellGrain: cellGrain)
        let gNaive = lstm.runBackward(naive, dY: dY, dFinalY: dFY, dFinalC: dFC, naive: true)
        #expect(relDiff(gFast.dX, gNaive.dX) < 1e-4)
        #expect(relDiff(gFast.dWRe, gNaive.dWRe) < 1e-4)
        #expect(relDiff(gFast.dy0, gNaive.dy0) < 1e-4)
        #expect(relDiff(gFast.dc0, gNaive.dc0) < 1e-4)
        // Padding frames get no gradient.
        for t in 0..<lstm.timeSteps {
            for b in 0..<lstm.batch where lstm.mask[t * lstm.batch + b] == 0 {
                let base = (t * lstm.batch + b) * 4 * lstm.nCells
                #expect(gFast.dX[base..<(base + 4 * lstm.nCells)].allSatisfy { $0 == 0 })
            }
        }
    }

    /// Backward of a loss `sum(Y*R) + sum(finalC*R2) + sum(finalY*R3)` vs central differences
    /// of the Double naive forward, for the fast kernel.
    @Test(arguments: [1, -1])
    func fastBackwardMatchesFiniteDifferences(direction: Int) {
        var lstm = LstmCase(timeSteps: 5, batch: 3, nCells: 4, direction: direction, seed: 5)
        lstm.mask = [1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0]  // holes, a length-0 seq (b = 2)
        let fd = lstm.finiteDifferenceGradients(seed: 6)
        let fwd = lstm.runForward(naive: false, threads: 1, cellGrain: NativeLstm2.defaultCellGrain)
        let g = lstm.runBackward(fwd, dY: fd.r, dFinalY: fd.r3, dFinalC: fd.r2, naive: false, threads: 1,
                                 cellGrain: NativeLstm2.defaultCellGrain)
        #expect(relDiff(g.dX, fd.dX) < 3e-4)
        #expect(relDiff(g.dWRe, fd.dWRe) < 3e-4)
        #expect(relDiff(g.dy0, fd.dy0) < 3e-4)
        #expect(relDiff(g.dc0, fd.dc0) < 3e-4)
        // The length-0 sequence passes its final-state gradient straight to the initial state.
        for j in 0..<lstm.nCells {
            #expect(g.dc0[2 * lstm.nCells + j] == fd.r2[2 * lstm.nCells + j])
            #expect(g.dy0[2 * lstm.nCells + j] == fd.r3[2 * lstm.nCells + j])
        }
    }

    @Test func zeroTimeStepsPassesStateThrough() {
        let lstm = LstmCase(timeSteps: 0, batch: 2, nCells: 3, direction: 1, seed: 1)
        let out = lstm.runForward(naive: false, threads: 1, cellGrain: NativeLstm2.defaultCellGrain)
        #expect(out.finalY == lstm.y0)
        #expect(out.finalC == lstm.c0)
        var rng = SplitMix(seed: 2)
        let dFY = lstm.randoms(lstm.bn, &rng), dFC = lstm.randoms(lstm.bn, &rng)
        let g = lstm.runBackward(out, dY: [], dFinalY: dFY, dFinalC: dFC, naive: false, threads: 1,
                                 cellGrain: NativeLstm2.defaultCellGrain)
        #expect(g.dy0 == dFY)
        #expect(g.dc0 == dFC)
        #expect(g.dWRe.allSatisfy { $0 == 0 })
    }

    /// Nil final-state gradients mean zero.
    @Test func nilFinalGradientsAreZero() {
        var lstm = LstmCase(timeSteps: 3, batch: 2, nCells: 5, direction: -1, seed: 8)
        lstm.setPrefixMask(lengths: [3, 1])
        let fwd = lstm.runForward(naive: false, threads: 1, cellGrain: NativeLstm2.defaultCellGrain)
        var rng = SplitMix(seed: 4)
        let dY = lstm.randoms(lstm.tbn, &rng), zeros = [Float](repeating: 0, count: lstm.bn)
        let a = lstm.runBackward(fwd, dY: dY, dFinalY: nil, dFinalC: nil, naive: false, threads: 1,
                                 cellGrain: NativeLstm2.defaultCellGrain)
        let b = lstm.runBackward(fwd, dY: dY, dFinalY: zeros, dFinalC: zeros, naive: false, threads: 1,
                                 cellGrain: NativeLstm2.defaultCellGrain)
        #expect(a.dX == b.dX && a.dWRe == b.dWRe && a.dy0 == b.dy0 && a.dc0 == b.dc0)
    }

    @Test func gateApproximationsAreAccurate() {
        var maxTanh: Float = 0, maxSigmoid: Float = 0
        var x: Float = -20
        while x < 20 {
            var v = SIMD16<Float>()
            for l in 0..<16 { v[l] = x + Float(l) * 0.0005 }
            let t = NativeLstm2.gateTanh(v), s = NativeLstm2.gateSigmoid(v)
            for l in 0..<16 {
                let xd = Double(v[l])
                maxTanh = max(maxTanh, abs(t[l] - Float(tanh(xd))))
                maxSigmoid = max(maxSigmoid, abs(s[l] - Float(1 / (1 + exp(-xd)))))
                #expect(abs(t[l]) <= 1 && s[l] >= 0 && s[l] <= 1)
            }
            x += 0.008
        }
        #expect(maxTanh < 3e-7)
        #expect(maxSigmoid < 2e-7)
        #expect(NativeLstm2.gateTanh(SIMD16(repeating: 0))[0] == 0)
        #expect(NativeLstm2.gateSigmoid(SIMD16(repeating: 0))[0] == 0.5)
    }
}

/// Largest absolute element difference.
func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count)
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// Largest absolute difference relative to the larger of 1 and the reference's largest magnitude.
func relDiff(_ a: [Float], _ ref: [Float]) -> Float {
    let scale = max(1, ref.reduce(0) { max($0, abs($1)) })
    return maxAbsDiff(a, ref) / scale
}

/// One random NativeLstm2 problem with helpers to run the fast kernel and the naive twin.
struct LstmCase {
    let timeSteps: Int, batch: Int, nCells: Int, direction: Int
    var x: [Float], wRe: [Float], y0: [Float], c0: [Float], mask: [Float]
    var tbn: Int { timeSteps * batch * nCells }
    var bn: Int { batch * nCells }

    struct Forward { var y, c, gates, finalY, finalC: [Float] }
    struct Backward { var dX, dWRe, dy0, dc0: [Float] }

    init(timeSteps: Int, batch: Int, nCells: Int, direction: Int, seed: UInt64) {
        self.timeSteps = timeSteps
        self.batch = batch
        self.nCells = nCells
        self.direction = direction
        var rng = SplitMix(seed: seed)
        let n = nCells
        // Pre-activations up to about ±5: the range where the fast tanh/σ approximations err most.
        x = (0..<(timeSteps * batch * 4 * n)).map { _ in 4 * rng.nextFloat() }
        wRe = (0..<(4 * n * n)).map { _ in rng.nextFloat() * 1.5 / Float(n).squareRoot() }
        y0 = (0..<(batch * n)).map { _ in 0.5 * rng.nextFloat() }
        c0 = (0..<(batch * n)).map { _ in rng.nextFloat() }
        mask = [Float](repeating: 1, count: timeSteps * batch)
    }

    /// Lengths covering a full-length seq, a length-0 seq and shorter ones.
    static func lengths(timeSteps: Int, batch: Int) -> [Int] {
        (0..<batch).map { b in [timeSteps, 0, timeSteps - 2, 1, timeSteps - 1][b % 5] }
    }

    mutating func setPrefixMask(lengths: [Int]) {
        for t in 0..<timeSteps {
            for b in 0..<batch { mask[t * batch + b] = t < lengths[b] ? 1 : 0 }
        }
    }

    func randoms(_ count: Int, _ rng: inout SplitMix) -> [Float] { (0..<count).map { _ in rng.nextFloat() } }

    func runForward(naive: Bool, threads: Int = 1, cellGrain: Int = NativeLstm2.defaultCellGrain) -> Forward {
        var y = [Float](repeating: .nan, count: tbn), c = [Float](repeating: .nan, count: tbn)
        var gates = [Float](repeating: .nan, count: 4 * tbn)
        var finalY = [Float](repeating: .nan, count: bn), finalC = [Float](repeating: .nan, count: bn)
        let (t, b, n, d) = (timeSteps, batch, nCells, direction)
        if naive {
            NativeLstm2.Naive.forward(x: x, wRe: wRe, y0: y0, c0: c0, mask: mask, timeSteps: t, batch: b,
                                      nCells: n, direction: d, y: &y, c: &c, gates: &gates,
                                      finalY: &finalY, finalC: &finalC)
        } else {
            NativeLstm2.forward(x: x, wRe: wRe, y0: y0, c0: c0, mask: mask, timeSteps: t, batch: b, nCells: n,
                                direction: d, y: &y, c: &c, gates: &gates, finalY: &finalY,
                                finalC: &finalC, threads: threads, cellGrain: cellGrain)
        }
        return Forward(y: y, c: c, gates: gates, finalY: finalY, finalC: finalC)
    }

    func runBackward(
        _ fwd: Forward, dY: [Float], dFinalY: [Float]?, dFinalC: [Float]?, naive: Bool, threads: Int = 1,
        cellGrain: Int = NativeLstm2.defaultCellGrain
    ) -> Backward {
        // Separate locals: closure-captured inout accesses to one struct's fields would conflict.
        var dX = [Float](repeating: .nan, count: 4 * tbn), dWRe = [Float](repeating: .nan, count: 4 * nCells * nCells)
        var dy0 = [Float](repeating: .nan, count: bn), dc0 = [Float](repeating: .nan, count: bn)
        let (t, b, n, d) = (timeSteps, batch, nCells, direction)
        let dYBuf = dY.isEmpty ? [Float](repeating: 0, count: 1) : dY
        withOptionalPointer(dFinalY) { dfy in
            withOptionalPointer(dFinalC) { dfc in
                if naive {
                    NativeLstm2.Naive.backward(wRe: wRe, y0: y0, c0: c0, mask: mask, timeSteps: t, batch: b,
                                               nCells: n, direction: d, y: fwd.y, c: fwd.c, gates: fwd.gates,
                                               dY: dYBuf, dFinalY: dfy, dFinalC: dfc, dX: &dX, dWRe: &dWRe,
                                               dy0: &dy0, dc0: &dc0)
                } else {
                    NativeLstm2.backward(wRe: wRe, y0: y0, c0: c0, mask: mask, timeSteps: t, batch: b, nCells: n,
                                         direction: d, y: fwd.y, c: fwd.c, gates: fwd.gates, dY: dYBuf,
                                         dFinalY: dfy, dFinalC: dfc, dX: &dX, dWRe: &dWRe, dy0: &dy0,
                                         dc0: &dc0, threads: threads, cellGrain: cellGrain)
                }
            }
        }
        return Backward(dX: dX, dWRe: dWRe, dy0: dy0, dc0: dc0)
    }

    /// Finite-difference gradients of `sum(Y*R) + sum(finalC*R2) + sum(finalY*R3)` (random R's)
    /// from the Double naive forward, also checking the Double naive backward against them.
    struct FiniteDifferences { var r, r2, r3, dX, dWRe, dy0, dc0: [Float] }

    func finiteDifferenceGradients(seed: UInt64) -> FiniteDifferences {
        var rng = SplitMix(seed: seed)
        let r = randoms(tbn, &rng), r2 = randoms(bn, &rng), r3 = randoms(bn, &rng)
        // params = [x, wRe, y0, c0]; perturbed in place, read by loss() (no overlapping inout).
        var params = [x.map(Double.init), wRe.map(Double.init), y0.map(Double.init), c0.map(Double.init)]
        let ms = mask.map(Double.init)
        func loss() -> Double {
            let o = NativeLstm2.Naive.forwardDouble(x: params[0], wRe: params[1], y0: params[2], c0: params[3],
                                                    mask: ms, timeSteps: timeSteps, batch: batch, nCells: nCells,
                                                    direction: direction)
            var l = 0.0
            for k in 0..<tbn { l += o.y[k] * Double(r[k]) }
            for k in 0..<bn { l += o.finalC[k] * Double(r2[k]) + o.finalY[k] * Double(r3[k]) }
            return l
        }
        func grad(_ which: Int) -> [Float] {
            (0..<params[which].count).map { k in
                let old = params[which][k], eps = 1e-6
                params[which][k] = old + eps
                let lp = loss()
                params[which][k] = old - eps
                let lm = loss()
                params[which][k] = old
                return Float((lp - lm) / (2 * eps))
            }
        }
        return FiniteDifferences(r: r, r2: r2, r3: r3, dX: grad(0), dWRe: grad(1), dy0: grad(2), dc0: grad(3))
    }
}

/// Calls `body` with a pointer to `a`'s storage, or nil.
func withOptionalPointer<R>(_ a: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let a else { return body(nil) }
    return a.withUnsafeBufferPointer { body($0.baseAddress) }
}
