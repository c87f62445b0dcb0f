/// numpy's broadcasting over row-major `[Double]` storage: shapes are aligned at their last axis,
/// and an axis of length 1 (or a missing one) stretches to the other operand's length.
///
/// ```python
/// grid = numpy.arange(3).reshape(3, 1) * numpy.arange(4)   # shape (3, 4)
/// ```
enum NumpyBroadcast {
    /// The broadcast shape of `a` and `b`, or numpy's error when they do not fit.
    static func shape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for k in 0..<n {
            let x = k < n - a.count ? 1 : a[k - (n - a.count)]
            let y = k < n - b.count ? 1 : b[k - (n - b.count)]
            guard x == y || x == 1 || y == 1 else {
                throw ConfigError(.value, "operands could not be broadcast together with shapes \(describe(a)) \(describe(b)) ")
            }
            out[k] = x == 1 ? y : x
        }
        return out
    }

    /// numpy's way to print a shape in messages (`(3,)`, `(2,3)`).
    static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ",") + ")"
    }

    /// `values` of shape `from` stretched to the broadcast shape `to` (a new row-major array).
    static func expand(_ values: [Double], from: [Int], to: [Int]) -> [Double] {
        if from == to { return values }
        let n = to.reduce(1, *)
        if values.count == 1 { return [Double](repeating: values[0], count: n) }
        if n == 0 { return [] }
        let nd = to.count
        var st = [Int](repeating: 0, count: nd)
        var acc = 1
        for k in from.indices.reversed() {
            let od = nd - from.count + k
            st[od] = from[k] == 1 ? 0 : acc
            acc *= from[k]
        }
        var out: [Double] = []
        out.reserveCapacity(n)
        let inner = to[nd - 1], innerStride = st[nd - 1]
        var idx = [Int](repeating: 0, count: nd)
        var base = 0
        for _ in 0..<(n / inner) {
            var o = base
            for _ in 0..<inner {
                out.append(values[o])
                o += innerStride
            }
            var k = nd - 2
            while k >= 0 {
                idx[k] += 1
                base += st[k]
                if idx[k] < to[k] { break }
                base -= st[k] * to[k]
                idx[k] = 0
                k -= 1
            }
        }
        return out
    }

    /// `f` applied element by element to `a` and `b` broadcast together.
    static func zip(_ a: [Double], _ aShape: [Int], _ b: [Double], _ bShape: [Int],
                    _ f: (Double, Double) throws -> Double) throws -> (values: [Double], shape: [Int])
    {
        let out = aShape == bShape ? aShape : try shape(aShape, bShape)
        if aShape == bShape {
            var r = [Double](repeating: 0, count: a.count)
            for i in 0..<a.count { r[i] = try f(a[i], b[i]) }
            return (r, out)
        }
        if b.count == 1 && out == aShape {
            let y = b[0]
            return (try a.map { try f($0, y) }, out)
        }
        if a.count == 1 && out == bShape {
            let x = a[0]
            return (try b.map { try f(x, $0) }, out)
        }
        let x = expand(a, from: aShape, to: out), y = expand(b, from: bShape, to: out)
        var r = [Double](repeating: 0, count: x.count)
        for i in 0..<x.count { r[i] = try f(x[i], y[i]) }
        return (r, out)
    }
}
