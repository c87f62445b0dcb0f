import ReturnnKernels

/// Numpy broadcasting over contiguous buffers: result shapes, broadcast binary ops, expansion to a
/// larger shape, and the adjoint (summing a gradient back down to an operand's shape).
///
/// Rules (numpy): shapes are aligned at the last axis; missing leading axes count as 1; two
/// dimensions are compatible when equal or when one of them is 1.
public enum Broadcast {
    /// The broadcast result shape of `a` and `b`, or `nil` when they are incompatible.
    public static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let r = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let da = i < r - a.count ? 1 : a[i - (r - a.count)]
            let db = i < r - b.count ? 1 : b[i - (r - b.count)]
            if da == db || db == 1 {
                out[i] = da
            } else if da == 1 {
                out[i] = db
            } else {
                return nil
            }
        }
        return out
    }

    /// Whether `from` broadcasts to exactly `to` (numpy rules, `to` unchanged).
    public static func broadcasts(_ from: [Int], to: [Int]) -> Bool {
        shape(from, to) == to
    }

    /// One run of merged output axes: its size and, per operand, whether the operand spans it
    /// (true) or is broadcast along it (false).
    struct Group {
        var size: Int
        var full: [Bool]
    }

    /// Merges adjacent output axes with the same broadcast pattern; size-1 axes are dropped.
    static func groups(out: [Int], operands: [[Int]]) -> [Group] {
        var result: [Group] = []
        for i in 0..<out.count where out[i] != 1 {
            let full = operands.map { shp -> Bool in
                let k = i - (out.count - shp.count)
                return k >= 0 && shp[k] == out[i]
            }
            if let last = result.last, last.full == full {
                result[result.count - 1].size *= out[i]
            } else {
                result.append(Group(size: out[i], full: full))
            }
        }
        return result
    }

    /// Element strides of each operand per group (0 where broadcast).
    static func strides(_ groups: [Group], operand: Int) -> [Int] {
        var s = [Int](repeating: 0, count: groups.count)
        var acc = 1
        for g in stride(from: groups.count - 1, through: 0, by: -1) where groups[g].full[operand] {
            s[g] = acc
            acc *= groups[g].size
        }
        return s
    }

    /// Calls `body(offsets)` for every combination of indices of `groups[0..<n]`, with the
    /// offsets of each operand (per its `strides`) for that combination. Visits in row-major order.
    static func forEachBlock(
        _ groups: [Group], outer n: Int, strides: [[Int]], _ body: ([Int]) -> Void
    ) {
        var idx = [Int](repeating: 0, count: n)
        var offs = [Int](repeating: 0, count: strides.count)
        var total = 1
        for g in 0..<n { total *= groups[g].size }
        for _ in 0..<total {
            body(offs)
            var g = n - 1
            while g >= 0 {
                idx[g] += 1
                for k in 0..<strides.count { offs[k] += strides[k][g] }
                if idx[g] < groups[g].size { break }
                for k in 0..<strides.count { offs[k] -= strides[k][g] * groups[g].size }
                idx[g] = 0
                g -= 1
            }
        }
    }

    /// `op(a, b)` broadcast to `outShape` (which must be `shape(a.shape, b.shape)`).
    public static func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, outShape: [Int]) -> Tensor {
        let out = Tensor(uninitialized: outShape)
        let n = out.count
        if a.count == n && b.count == n {
            Elementwise.binary(op, a.pointer, b.pointer, out.freshPointer, count: n)
            return out
        }
        if n == 0 { return out }
        let gs = groups(out: outShape, operands: [a.shape, b.shape])
        if let last = gs.last, last.full == [true, true] {
            // Contiguous innermost run in both operands: one kernel call per block.
            let sa = strides(gs, operand: 0), sb = strides(gs, operand: 1)
            let inner = last.size
            var o = 0
            forEachBlock(gs, outer: gs.count - 1, strides: [sa, sb]) { offs in
                Elementwise.binary(op, a.pointer + offs[0], b.pointer + offs[1], out.freshPointer + o, count: inner)
                o += inner
            }
            return out
        }
        let ea = a.count == n ? a : expand(a, to: outShape)
        let eb = b.count == n ? b : expand(b, to: outShape)
        Elementwise.binary(op, ea.pointer, eb.pointer, out.freshPointer, count: n)
        return out
    }

    /// Materialises `x` broadcast to `shape`.
    public static func expand(_ x: Tensor, to shape: [Int]) -> Tensor {
        precondition(broadcasts(x.shape, to: shape), "Broadcast.expand: \(x.shape) does not broadcast to \(shape)")
        let out = Tensor(uninitialized: shape)
        let n = out.count
        if n == 0 { return out }
        if x.count == n {
            out.freshPointer.update(from: x.pointer, count: n)
            return out
        }
        let gs = groups(out: shape, operands: [x.shape])
        let sx = strides(gs, operand: 0)
        guard let last = gs.last else {
            out.freshPointer[0] = x.pointer[0]
            return out
        }
        let inner = last.size
        var o = 0
        forEachBlock(gs, outer: gs.count - 1, strides: [sx]) { offs in
            let dst = out.freshPointer + o
            if last.full[0] {
                dst.update(from: x.pointer + offs[0], count: inner)
            } else {
                dst.update(repeating: x.pointer[offs[0]], count: inner)
            }
            o += inner
        }
        return out
    }

    /// Adds `g` (shape `from`) summed down to `to` into `dst` (`count(to)` floats), where `to`
    /// broadcasts to `from`: the adjoint of broadcasting.
    public static func accumulateSum(
        _ g: UnsafePointer<Float>, from: [Int], to: [Int], into dst: UnsafeMutablePointer<Float>, alpha: Float = 1
    ) {
        precondition(broadcasts(to, to: from), "Broadcast.accumulateSum: \(to) does not broadcast to \(from)")
        let n = ShapeUtil.count(from)
        let m = ShapeUtil.count(to)
        if n == m {
            Elementwise.axpy(alpha, g, dst, count: n)
            return
        }
        if m == 0 || n == 0 { return }
        var sizes = groups(out: from, operands: [to]).map { ($0.size, $0.full[0]) }
        var src = g
        var holder: Tensor? = nil
        var remaining = n
        var i = sizes.count - 1
        while i >= 0 {
            if !sizes[i].1 {
                var outer = 1, inner = 1
                for k in 0..<i { outer *= sizes[k].0 }
                for k in (i + 1)..<sizes.count { inner *= sizes[k].0 }
                let next = Tensor(uninitialized: [outer * inner])
                Reduce.reduce(.sum, src, outer: outer, n: sizes[i].0, inner: inner, next.freshPointer)
                holder = next
                src = next.pointer
                remaining = outer * inner
                sizes.remove(at: i)
            }
            i -= 1
        }
        precondition(remaining == m, "Broadcast.accumulateSum: internal size mismatch")
        Elementwise.axpy(alpha, src, dst, count: m)
        withExtendedLifetime(holder) {}
    }
}
