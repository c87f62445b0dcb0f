/// Axis permutation (transpose) of contiguous row-major buffers.
///
/// Shape contract: `x` has `shape`; the result has shape `shape[perm[i]]` for each output axis `i`,
/// with `out[i_0, ..., i_{r-1}] = x[j]` where `j[perm[i]] = i_i`. Axes that stay adjacent and in
/// order are merged first, so a permutation that keeps the last axis copies contiguous runs.
public enum Permute {
    /// Checks that `perm` is a permutation of `0..<rank`.
    public static func isPermutation(_ perm: [Int], rank: Int) -> Bool {
        perm.count == rank && Set(perm) == Set(0..<rank)
    }

    /// The shape of `shape` permuted by `perm`.
    public static func shape(_ shape: [Int], _ perm: [Int]) -> [Int] {
        perm.map { shape[$0] }
    }

    /// The inverse permutation.
    public static func inverse(_ perm: [Int]) -> [Int] {
        var inv = [Int](repeating: 0, count: perm.count)
        for (i, p) in perm.enumerated() { inv[p] = i }
        return inv
    }

    /// Writes `x` (shape `shape`) permuted by `perm` into `out`.
    public static func apply(
        _ x: UnsafePointer<Float>, shape: [Int], perm: [Int], _ out: UnsafeMutablePointer<Float>
    ) {
        precondition(isPermutation(perm, rank: shape.count), "Permute: \(perm) is not a permutation of rank \(shape.count)")
        let n = ShapeUtil.count(shape)
        if n == 0 { return }
        // Drop size-1 axes, then merge input axes that stay consecutive in the output.
        let kept = perm.filter { shape[$0] != 1 }
        var outAxes: [[Int]] = []  // each output group: consecutive input axes
        for a in kept {
            if let lastGroup = outAxes.last, let lastAxis = lastGroup.last, nextNonUnit(after: lastAxis, shape) == a {
                outAxes[outAxes.count - 1].append(a)
            } else {
                outAxes.append([a])
            }
        }
        if outAxes.count <= 1 {
            out.update(from: x, count: n)
            return
        }
        let inStrides = ShapeUtil.strides(shape)
        let sizes = outAxes.map { g in g.reduce(1) { $0 * shape[$1] } }
        let strides = outAxes.map { g in inStrides[g.last!] }
        let r = sizes.count
        let inner = sizes[r - 1]
        let innerStride = strides[r - 1]
        var idx = [Int](repeating: 0, count: r - 1)
        var src = 0
        var o = 0
        let blocks = n / inner
        for _ in 0..<blocks {
            if innerStride == 1 {
                (out + o).update(from: x + src, count: inner)
            } else {
                var s = src
                for k in 0..<inner {
                    out[o + k] = x[s]
                    s += innerStride
                }
            }
            o += inner
            var g = r - 2
            while g >= 0 {
                idx[g] += 1
                src += strides[g]
                if idx[g] < sizes[g] { break }
                src -= strides[g] * sizes[g]
                idx[g] = 0
                g -= 1
            }
        }
    }

    /// The next axis after `axis` whose size is not 1, if any.
    static func nextNonUnit(after axis: Int, _ shape: [Int]) -> Int? {
        var a = axis + 1
        while a < shape.count {
            if shape[a] != 1 { return a }
            a += 1
        }
        return nil
    }

    /// Naive twin: computes every output element's source index from scratch (test oracle).
    public static func applyNaive(
        _ x: UnsafePointer<Float>, shape: [Int], perm: [Int], _ out: UnsafeMutablePointer<Float>
    ) {
        let outShape = Permute.shape(shape, perm)
        let inStrides = ShapeUtil.strides(shape)
        let n = ShapeUtil.count(shape)
        for flat in 0..<n {
            var rem = flat
            var src = 0
            for i in stride(from: outShape.count - 1, through: 0, by: -1) {
                let c = rem % outShape[i]
                rem /= outShape[i]
                src += c * inStrides[perm[i]]
            }
            out[flat] = x[src]
        }
    }
}
