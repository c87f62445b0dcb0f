import Testing
@testable import ReturnnKernels

/// Greedy CTC decoding (merge repeats, drop blanks) and the label errors built on it.
@Suite struct CtcGreedyTests {
    /// `[frames, vocab]` logits whose argmax per frame is `path` (one-hot scores).
    static func logits(_ path: [Int], vocab: Int) -> [Float] {
        path.flatMap { c in (0..<vocab).map { $0 == c ? 2 : 0 } }
    }

    @Test func decodesBestPath() {
        // vocab 4: labels 0, 1, 2, blank 3. Path a a b b c a . a (b = blank): "0 0 3 3 1 0 3 0".
        let path = [0, 0, 3, 3, 1, 0, 3, 0]
        let x = Self.logits(path, vocab: 4)
        let decoded = CtcGreedy.decode(logits: x, batch: 1, time: 8, vocab: 4, inputLengths: [8])
        #expect(decoded == [[0, 1, 0, 0]])
        // Only the first 5 frames count: "0 0 3 3 1".
        #expect(CtcGreedy.decode(logits: x, batch: 1, time: 8, vocab: 4, inputLengths: [5]) == [[0, 1]])
        #expect(CtcGreedy.decode(logits: x, batch: 1, time: 8, vocab: 4, inputLengths: [0]) == [[]])
    }

    @Test func tiesPickTheFirstClass() {
        // Frame 0 ties labels 1 and blank 2 -> 1; frame 1 ties everything -> 0.
        let x: [Float] = [0, 1, 1, 5, 5, 5]
        #expect(CtcGreedy.decode(logits: x, batch: 1, time: 2, vocab: 3, inputLengths: [2]) == [[1, 0]])
    }

    @Test func batchedLabelErrors() {
        let vocab = 4, time = 6
        let paths = [[0, 3, 1, 1, 3, 2], [3, 3, 3, 3, 3, 3], [2, 2, 2, 0, 0, 0]]
        let x = paths.flatMap { Self.logits($0, vocab: vocab) }
        let lengths: [Int32] = [6, 6, 4]
        let decoded = CtcGreedy.decode(logits: x, batch: 3, time: time, vocab: vocab, inputLengths: lengths)
        #expect(decoded == [[0, 1, 2], [], [2, 0]])
        // Targets (padded to 3): exact, one label missing, one substitution.
        let targets: [Int32] = [0, 1, 2, 1, 0, 0, 2, 1, 0]
        let errors = CtcGreedy.labelErrors(logits: x, batch: 3, time: time, vocab: vocab, inputLengths: lengths,
                                           targets: targets, maxTargetLength: 3, targetLengths: [3, 1, 2])
        #expect(errors == [0, 1, 1])
    }
}
