import Testing

@testable import ReturnnKernels

@Suite struct BeamTopKTests {
    func run(_ scores: [Float], batch: Int, beamIn: Int, dim: Int, beamSize: Int) -> (srcBeams: [Int32], labels: [Int32], scores: [Float]) {
        var src = [Int32](repeating: 7, count: batch * beamSize), lab = src, out = [Float](repeating: 7, count: batch * beamSize)
        scores.withUnsafeBufferPointer { s in
            BeamTopK.run(scores: s.baseAddress!, batch: batch, beamIn: beamIn, dim: dim, beamSize: beamSize,
                         srcBeams: &src, labels: &lab, outScores: &out)
        }
        return (src, lab, out)
    }

    @Test func matchesTheNaiveTwinOnRandomScores() {
        var g = SystemRandomNumberGenerator()
        for (batch, beamIn, dim, beamSize) in [(3, 4, 7, 4), (2, 1, 50, 12), (1, 12, 1000, 12), (4, 3, 2, 5)] {
            // Quantized scores: many ties, which must keep the lower flat index first.
            let scores = (0..<(batch * beamIn * dim)).map { _ in Float(Int.random(in: -20...0, using: &g)) / 4 }
            let fast = run(scores, batch: batch, beamIn: beamIn, dim: dim, beamSize: beamSize)
            let naive = BeamTopK.naive(scores: scores, batch: batch, beamIn: beamIn, dim: dim, beamSize: beamSize)
            #expect(fast.srcBeams == naive.srcBeams && fast.labels == naive.labels && fast.scores == naive.scores,
                    "batch \(batch) beamIn \(beamIn) dim \(dim) beam \(beamSize)")
        }
    }

    @Test func padsWhenFewerEntriesThanTheBeam() {
        // One sequence, one beam of 2 labels, beam size 4: two real entries, then beam 0 label 0 at -inf.
        let r = run([-1, -0.5], batch: 1, beamIn: 1, dim: 2, beamSize: 4)
        #expect(r.labels == [1, 0, 0, 0])
        #expect(r.srcBeams == [0, 0, 0, 0])
        #expect(r.scores[0] == -0.5 && r.scores[1] == -1 && r.scores[2] == -.infinity && r.scores[3] == -.infinity)
    }

    @Test func minusInfinityBeamsComeLast() {
        // The first frame: only beam 0 of each sequence is live.
        let inf = -Float.infinity
        let r = run([-2, -1, -3, inf, inf, inf], batch: 1, beamIn: 2, dim: 3, beamSize: 2)
        #expect(r.srcBeams == [0, 0] && r.labels == [1, 0] && r.scores == [-1, -2])
    }
}
