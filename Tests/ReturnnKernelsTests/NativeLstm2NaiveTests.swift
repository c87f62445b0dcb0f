import Foundation
import Testing
@testable import ReturnnKernels

/// The naive NativeLstm2 twin against finite differences and an independent numpy fixture.
@Suite struct NativeLstm2NaiveTests {
    /// Naive backward vs central differences of the naive Double forward, with holes in the mask
    /// and a length-0 sequence.
    @Test(arguments: [1, -1])
    func naiveBackwardMatchesFiniteDifferences(direction: Int) {
        var lstm = LstmCase(timeSteps: 5, batch: 3, nCells: 4, direction: direction, seed: 15)
        lstm.mask = [1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0]
        let fd = lstm.finiteDifferenceGradients(seed: 16)
        let fwd = lstm.runForward(naive: true)
        let g = lstm.runBackward(fwd, dY: fd.r, dFinalY: fd.r3, dFinalC: fd.r2, naive: true)
        #expect(relDiff(g.dX, fd.dX) < 2e-5)
        #expect(relDiff(g.dWRe, fd.dWRe) < 2e-5)
        #expect(relDiff(g.dy0, fd.dy0) < 2e-5)
        #expect(relDiff(g.dc0, fd.dc0) < 2e-5)
    }

    /// Fixture cases written by `Tests/Fixtures/lstm/make_native_lstm2_fixture.py` (numpy,
    /// float64, gradients by finite differences of `sum(Y*R) + sum(finalC*R2)`).
    struct Fixture: Decodable {
        struct Case: Decodable {
            let direction: Int
            let x, wRe, y0, c0, mask, y, c, gates, finalY, finalC, r, r2, dX, dWRe, dy0, dc0: [Float]
        }
        let generator: String
        let T: Int, B: Int, n: Int
        let cases: [Case]
    }

    static func loadFixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/lstm/native_lstm2_small.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test(arguments: [true, false])
    func matchesNumpyFixture(naive: Bool) throws {
        let fixture = try Self.loadFixture()
        #expect(fixture.generator == "Tests/Fixtures/lstm/make_native_lstm2_fixture.py")
        #expect(fixture.cases.map(\.direction).sorted() == [-1, 1])
        // libm-based naive twin: float rounding only; fast kernel: tanh/sigmoid approximation.
        let tol: Float = naive ? 1e-5 : 3e-5
        for fc in fixture.cases {
            var lstm = LstmCase(timeSteps: fixture.T, batch: fixture.B, nCells: fixture.n,
                                direction: fc.direction, seed: 0)
            lstm.x = fc.x
            lstm.wRe = fc.wRe
            lstm.y0 = fc.y0
            lstm.c0 = fc.c0
            lstm.mask = fc.mask
            #expect(fc.mask.contains(0))
            let fwd = lstm.runForward(naive: naive, threads: 1)
            #expect(maxAbsDiff(fwd.y, fc.y) < tol)
            #expect(maxAbsDiff(fwd.c, fc.c) < tol)
            #expect(maxAbsDiff(fwd.gates, fc.gates) < tol)
            #expect(maxAbsDiff(fwd.finalY, fc.finalY) < tol)
            #expect(maxAbsDiff(fwd.finalC, fc.finalC) < tol)
            let g = lstm.runBackward(fwd, dY: fc.r, dFinalY: nil, dFinalC: fc.r2, naive: naive, threads: 1)
            #expect(relDiff(g.dX, fc.dX) < 2 * tol)
            #expect(relDiff(g.dWRe, fc.dWRe) < 2 * tol)
            #expect(relDiff(g.dy0, fc.dy0) < 2 * tol)
            #expect(relDiff(g.dc0, fc.dc0) < 2 * tol)
        }
    }
}
