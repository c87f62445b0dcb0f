import ReturnnTensor

/// Flat-index arithmetic for the layout ops of `eval` layers: which source element each element of
/// a broadcast, transposed or otherwise rearranged tensor reads (row-major order).
enum TensorIndexMap {
    /// For each element of `out`, the flat index it reads in a tensor of shape `source`, where
    /// `sourceStride[k]` is the stride (0 for a broadcast axis) of output axis `k` in the source.
    static func gatherIndices(out: [Int], sourceStrides: [Int]) -> [Int] {
        let n = out.reduce(1, *)
        var result = [Int](repeating: 0, count: n)
        if n == 0 { return result }
        var idx = [Int](repeating: 0, count: out.count)
        var offset = 0
        for e in 0..<n {
            result[e] = offset
            var k = out.count - 1
            while k >= 0 {
                idx[k] += 1
                offset += sourceStrides[k]
                if idx[k] < out[k] { break }
                offset -= sourceStrides[k] * idx[k]
                idx[k] = 0
                k -= 1
            }
        }
        return result
    }

    /// For each element of the broadcast shape `out`, its index in a tensor of shape `from`
    /// (numpy rules: aligned at the last axis, size-1 axes repeat).
    static func broadcast(from: [Int], to out: [Int]) -> [Int] {
        let s = ShapeUtil.strides(from)
        let lead = out.count - from.count
        let st = out.indices.map { k -> Int in
            let j = k - lead
            return j < 0 || from[j] == 1 ? 0 : s[j]
        }
        return gatherIndices(out: out, sourceStrides: st)
    }

    /// For each element of `x` transposed by `perm` (`out[k] = shape[perm[k]]`), its index in `x`.
    static func transpose(_ shape: [Int], _ perm: [Int]) -> [Int] {
        let s = ShapeUtil.strides(shape)
        return gatherIndices(out: perm.map { shape[$0] }, sourceStrides: perm.map { s[$0] })
    }

    /// The flat index of the multi-index `idx` in `shape`.
    static func flat(_ idx: [Int], _ shape: [Int]) -> Int {
        var o = 0
        for (i, d) in zip(idx, shape) { o = o * d + i }
        return o
    }

    /// The flat indices in a tensor of shape `shape` of the elements whose index along axis `k`
    /// is each of `lists[k]` in turn (row-major over the lists); a −1 in a list marks a fill
    /// element, whose flat index is −1 (padding). Used for slicing, tiling, reversing, padding.
    static func cartesian(_ shape: [Int], _ lists: [[Int]]) -> [Int] {
        let s = ShapeUtil.strides(shape)
        var result: [Int] = [0]
        for (k, list) in lists.enumerated() {
            var next: [Int] = []
            next.reserveCapacity(result.count * list.count)
            for base in result {
                for i in list { next.append(base < 0 || i < 0 ? -1 : base + i * s[k]) }
            }
            result = next
        }
        return result
    }
}
