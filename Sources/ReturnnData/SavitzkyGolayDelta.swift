import Foundation

/// Delta features as librosa's `feature.delta(data, width=9, order, axis=0, mode="interp")`,
/// which RETURNN's `with_delta` uses: a Savitzky-Golay filter (`scipy.signal.savgol_filter` with
/// `polyorder = deriv = order`) along time.
///
/// Each output frame is the `order`-th derivative at that frame of the least-squares polynomial
/// of degree `order` through the `width` frames around it; in the first and last `width / 2`
/// frames the window is the first (last) `width` frames (scipy's `mode="interp"`). Needs at
/// least `width` frames, as librosa.
public struct SavitzkyGolayDelta: Sendable {
    /// `width` (9, odd, >= 3).
    public let width: Int
    /// The derivative order (1 = delta, 2 = delta-delta).
    public let order: Int
    /// `weights[p]`: the filter that gives the derivative at position `p` of a window.
    let weights: [[Double]]

    /// A delta filter; `order` >= 1, `width` odd and > `order`.
    public init(order: Int, width: Int = 9) {
        precondition(order >= 1 && width >= 3 && width % 2 == 1 && width > order, "invalid delta order \(order) / width \(width)")
        self.width = width
        self.order = order
        // Least squares: coefficients c = (A^T A)^-1 A^T x with A[j][q] = t_j^q, t_j = j - p (so the
        // derivative at p is order! * c[order]); the weights are row `order` of (A^T A)^-1 A^T.
        var factorial = 1.0
        for i in 1...order { factorial *= Double(i) }
        weights = (0..<width).map { p in
            let n = order + 1
            let t = (0..<width).map { Double($0 - p) }
            var ata = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for a in 0..<n { for b in 0..<n { ata[a][b] = t.reduce(0) { $0 + pow($1, Double(a + b)) } } }
            let inv = SavitzkyGolayDelta.invert(ata)
            return t.map { tj in
                var s = 0.0
                for q in 0..<n { s += inv[order][q] * pow(tj, Double(q)) }
                return s * factorial
            }
        }
    }

    /// Delta of a row-major `[frame][dim]` array; precondition: `frames >= width`.
    public func apply(_ x: [Float], frames: Int, dim: Int) -> [Float] {
        precondition(frames >= width && x.count == frames * dim, "delta needs at least \(width) frames")
        let half = width / 2
        var out = [Float](repeating: 0, count: frames * dim)
        for t in 0..<frames {
            let start = Swift.min(Swift.max(t - half, 0), frames - width)
            let w = weights[t - start]
            for d in 0..<dim {
                var s = 0.0
                for j in 0..<width { s += w[j] * Double(x[(start + j) * dim + d]) }
                out[t * dim + d] = Float(s)
            }
        }
        return out
    }

    /// Gauss-Jordan inverse of a small symmetric positive definite matrix.
    static func invert(_ m: [[Double]]) -> [[Double]] {
        let n = m.count
        var a = m
        var inv = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for c in 0..<n {
            let p = (c..<n).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, p)
            inv.swapAt(c, p)
            let d = a[c][c]
            for j in 0..<n { a[c][j] /= d; inv[c][j] /= d }
            for r in 0..<n where r != c {
                let f = a[r][c]
                if f == 0 { continue }
                for j in 0..<n { a[r][j] -= f * a[c][j]; inv[r][j] -= f * inv[c][j] }
            }
        }
        return inv
    }
}
