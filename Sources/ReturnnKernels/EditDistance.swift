/// Levenshtein distance between label sequences (unit cost for insertion, deletion and
/// substitution): TF `tf.edit_distance(..., normalize=False)`, which RETURNN sums into the `ctc`
/// and `edit_distance` loss errors.
///
/// Not to be confused with `ReturnnConfig.EditDistance` (strings, for "did you mean" hints); a
/// file importing both modules writes `ReturnnKernels.EditDistance`.
public enum EditDistance {
    /// Edits turning `hypothesis` into `reference`, with one DP row of `reference.count + 1` ints.
    public static func levenshtein(_ hypothesis: UnsafeBufferPointer<Int32>, _ reference: UnsafeBufferPointer<Int32>) -> Int {
        let n = reference.count
        if hypothesis.isEmpty { return n }
        if n == 0 { return hypothesis.count }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: n + 1) { row in
            for j in 0...n { row[j] = j }
            for (i, h) in hypothesis.enumerated() {
                var diagonal = row[0]  // D[i][j - 1] of the previous row
                row[0] = i + 1
                for j in 1...n {
                    let above = row[j]
                    let substitute = diagonal + (h == reference[j - 1] ? 0 : 1)
                    row[j] = Swift.min(substitute, Swift.min(above, row[j - 1]) + 1)
                    diagonal = above
                }
            }
            return row[n]
        }
    }

    /// Edits turning `hypothesis` into `reference` (array convenience).
    public static func levenshtein(_ hypothesis: [Int32], _ reference: [Int32]) -> Int {
        hypothesis.withUnsafeBufferPointer { h in reference.withUnsafeBufferPointer { r in levenshtein(h, r) } }
    }

    /// Naive twin: the full `(m + 1) x (n + 1)` dynamic-programming table.
    public enum Naive {
        /// Edits turning `hypothesis` into `reference`.
        public static func levenshtein(_ hypothesis: [Int32], _ reference: [Int32]) -> Int {
            let m = hypothesis.count, n = reference.count
            var d = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: m + 1)
            for i in 0...m { d[i][0] = i }
            for j in 0...n { d[0][j] = j }
            for i in stride(from: 1, through: m, by: 1) {
                for j in stride(from: 1, through: n, by: 1) {
                    let cost = hypothesis[i - 1] == reference[j - 1] ? 0 : 1
                    d[i][j] = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                }
            }
            return d[m][n]
        }
    }
}
