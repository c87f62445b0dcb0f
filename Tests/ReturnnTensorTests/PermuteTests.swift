import Testing
@testable import ReturnnTensor

/// Axis permutation against its naive twin.
@Suite struct PermuteTests {
    static let cases: [([Int], [Int])] = [
        ([2, 3], [1, 0]), ([2, 3, 4], [0, 2, 1]), ([2, 3, 4], [2, 0, 1]), ([2, 3, 4], [1, 0, 2]),
        ([2, 1, 3, 4], [3, 1, 0, 2]), ([5], [0]), ([2, 3, 4, 5], [0, 1, 3, 2]), ([3, 1, 1], [2, 1, 0]),
    ]

    @Test(arguments: cases)
    func matchesNaive(_ c: ([Int], [Int])) {
        let x = randomTensor(c.0, seed: 11)
        var fast = [Float](repeating: .nan, count: x.count), naive = fast
        Permute.apply(x.pointer, shape: c.0, perm: c.1, &fast)
        Permute.applyNaive(x.pointer, shape: c.0, perm: c.1, &naive)
        #expect(fast == naive)
        // Applying the inverse restores the input.
        var back = [Float](repeating: .nan, count: x.count)
        Permute.apply(fast, shape: Permute.shape(c.0, c.1), perm: Permute.inverse(c.1), &back)
        #expect(back == x.array)
    }

    @Test func handComputed() {
        var out = [Float](repeating: 0, count: 6)
        Permute.apply([1, 2, 3, 4, 5, 6], shape: [2, 3], perm: [1, 0], &out)
        #expect(out == [1, 4, 2, 5, 3, 6])
        #expect(Permute.isPermutation([1, 0, 2], rank: 3) && !Permute.isPermutation([0, 0], rank: 2))
    }
}
