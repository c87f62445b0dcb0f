/// Levenshtein distance and "did you mean" suggestions for unknown names and keys.
public enum EditDistance {
    /// The number of single-character edits turning `a` into `b`.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The candidate closest to `name`, if it is close enough to be a plausible typo
    /// (distance at most a third of the name's length, at least 1; names shorter than 3
    /// characters only match case-insensitively).
    public static func closest(to name: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = distance(name.lowercased(), c.lowercased())
            if best == nil || d < best!.1 { best = (c, d) }
        }
        guard let (s, d) = best, d <= (name.count < 3 ? 0 : max(1, name.count / 3)) else { return nil }
        return s
    }
}
