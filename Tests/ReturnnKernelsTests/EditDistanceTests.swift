import Testing
@testable import ReturnnKernels

/// Label Levenshtein distance: known values, the full-table twin, and metric properties.
@Suite struct EditDistanceTests {
    @Test func knownDistances() {
        #expect(EditDistance.levenshtein([], []) == 0)
        #expect(EditDistance.levenshtein([], [1, 2, 3]) == 3)
        #expect(EditDistance.levenshtein([4, 5], []) == 2)
        #expect(EditDistance.levenshtein([1, 2, 3], [1, 2, 3]) == 0)
        #expect(EditDistance.levenshtein([1, 2, 3], [1, 3]) == 1)  // one deletion
        #expect(EditDistance.levenshtein([1, 3], [1, 2, 3]) == 1)  // one insertion
        #expect(EditDistance.levenshtein([1, 9, 3], [1, 2, 3]) == 1)  // one substitution
        // "kitten" -> "sitting" as labels: k=1 i=2 t=3 e=4 n=5 s=6 g=7.
        #expect(EditDistance.levenshtein([1, 2, 3, 3, 4, 5], [6, 2, 3, 3, 2, 5, 7]) == 3)
        #expect(EditDistance.levenshtein([1, 2, 1, 2], [2, 1, 2, 1]) == 2)
    }

    @Test func matchesNaiveTableAndIsSymmetric() {
        var rng = SplitMix(seed: 17)
        for _ in 0..<300 {
            let m = Int(rng.next() % 9), n = Int(rng.next() % 9)
            let a = (0..<m).map { _ in Int32(rng.next() % 3) }
            let b = (0..<n).map { _ in Int32(rng.next() % 3) }
            let d = EditDistance.levenshtein(a, b)
            #expect(d == EditDistance.Naive.levenshtein(a, b), "\(a) vs \(b)")
            #expect(d == EditDistance.levenshtein(b, a))
            #expect(d >= Swift.abs(m - n) && d <= Swift.max(m, n))
        }
    }
}
