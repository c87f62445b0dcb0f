/// Reductions along one axis of a contiguous tensor viewed as `[outer, n, inner]`.
///
/// Shape contract: `x` holds `outer * n * inner` floats; the reduced output holds
/// `outer * inner` values, at `out[o * inner + i]` = reduce over `j < n` of `x[(o * n + j) * inner + i]`.
/// A reduction over several axes is a sequence of single-axis reductions (or a reshape).
public enum Reduce {
    /// Reduction operations (RETURNN `reduce` layer `mode` names).
    public enum Op: String, CaseIterable, Sendable {
        /// sum
        case sum
        /// arithmetic mean
        case mean
        /// maximum
        case max
        /// minimum
        case min
    }

    /// Reduces `x` (`[outer, n, inner]`) along the middle axis into `out` (`[outer, inner]`).
    ///
    /// `inner == 1` (contiguous rows) runs 4 × SIMD16 accumulators along the row, `inner > 1`
    /// vectorises over `inner`. Sums accumulate in Float within blocks (256 rows, or 1024
    /// elements of a row) and combine the blocks in Float (`inner > 1`) or Double (`inner == 1`):
    /// in tests within 1e-6 relative of the Double `Naive.reduce` (scaled by `sum |x|`).
    /// `max`/`min` are exact. A NaN in a reduced run gives NaN (also for `max`/`min`).
    /// `n == 0` gives 0 for `sum`/`mean`, `-inf`/`+inf` for `max`/`min`. Work above
    /// `Elementwise.parallelThreshold` elements is split over `threads`.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func reduce(
        _ op: Op, _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, _ out: UnsafeMutablePointer<Float>,
        threads: Int = Parallel.defaultThreads
    ) {
        let xs = SendablePointer(x), os = SendablePointer(out)
        split(outer: outer, n: n, inner: inner, threads: threads) { oRange, iRange in
            for o in oRange {
                let src = xs.p + o * n * inner + iRange.lowerBound
                let dst = os.p + o * inner + iRange.lowerBound
                if inner == 1 {
                    dst[0] = reduceRow(op, src, n)
                } else {
                    reduceColumns(op, src, n: n, stride: inner, count: iRange.count, dst, accumulate: false)
                }
            }
        }
    }

    /// Index of the maximum along the middle axis (first one on ties); `out` is `[outer, inner]`.
    ///
    /// Same result as `Naive.argmax` in every case: NaN entries never win, except that a NaN
    /// at `j == 0` makes the result 0; `n == 0` gives 0.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func argmax(
        _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, _ out: UnsafeMutablePointer<Int32>,
        threads: Int = Parallel.defaultThreads
    ) {
        let xs = SendablePointer(x), os = SendablePointer(out)
        split(outer: outer, n: n, inner: inner, threads: threads) { oRange, iRange in
            for o in oRange {
                let src = xs.p + o * n * inner + iRange.lowerBound
                let dst = os.p + o * inner + iRange.lowerBound
                if inner == 1 {
                    dst[0] = argmaxRow(src, n)
                } else {
                    argmaxColumns(src, n: n, stride: inner, count: iRange.count, dst)
                }
            }
        }
    }

    // MARK: kernels

    /// Runs `body(outerRange, innerRange)` over the `[outer, inner]` output, on up to `threads` threads when
    /// the input is large: split over `outer` when it has 2+ rows, else over `inner` (`inner > 1`).
    @inline(__always)
    static func split(
        outer: Int, n: Int, inner: Int, threads: Int, _ body: @Sendable (Range<Int>, Range<Int>) -> Void
    ) {
        let work = outer * n * inner
        if work < Elementwise.parallelThreshold || (outer < 2 && inner < 64) {
            body(0..<outer, 0..<inner)
        } else if outer >= 2 {
            Parallel.forChunks(count: outer, threads: threads, minPerThread: 1) { _, r in body(r, 0..<inner) }
        } else {
            // Split the columns at a multiple of 16 so both halves stay vectorised.
            let half = (inner / 2 + 15) / 16 * 16
            Parallel.forChunks(count: 2, threads: threads, minPerThread: 1) { _, halves in
                for i in halves { body(0..<outer, i == 0 ? 0..<half : half..<inner) }
            }
        }
    }

    /// Reduces one contiguous row of `n` floats.
    static func reduceRow(_ op: Op, _ p: UnsafePointer<Float>, _ n: Int) -> Float {
        switch op {
        case .sum: return Float(sumRow(p, n))
        case .mean: return Float(sumRow(p, n) / Double(Swift.max(n, 1)))
        case .max: return maxRow(p, n)
        case .min: return minRow(p, n)
        }
    }

    /// NaN-propagating maximum of a row (`-inf` when empty).
    @inline(never) static func maxRow(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        foldRow(p, n, -.infinity, Lanewise.Max())
    }

    /// NaN-propagating minimum of a row (`+inf` when empty).
    @inline(never) static func minRow(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        foldRow(p, n, .infinity, Lanewise.Min())
    }

    /// Folds a contiguous row with 4 vector accumulators starting at `id`, then across lanes.
    @inline(__always)
    static func foldRow<F: VectorFunction2>(_ p: UnsafePointer<Float>, _ n: Int, _ id: Float, _ f: F) -> Float {
        let idv = SIMD16<Float>(repeating: id)
        var a0 = idv, a1 = idv, a2 = idv, a3 = idv
        var j = 0
        while j + 64 <= n {
            a0 = f(a0, VectorLoop.load(p + j))
            a1 = f(a1, VectorLoop.load(p + j + 16))
            a2 = f(a2, VectorLoop.load(p + j + 32))
            a3 = f(a3, VectorLoop.load(p + j + 48))
            j += 64
        }
        while j + 16 <= n {
            a0 = f(a0, VectorLoop.load(p + j))
            j += 16
        }
        if j < n {
            var t = idv
            for k in 0..<(n - j) { t[k] = p[j + k] }
            a1 = f(a1, t)
        }
        let v = f(f(a0, a1), f(a2, a3))
        var r = v[0]
        for k in 1..<16 { r = f(SIMD16(repeating: r), SIMD16(repeating: v[k]))[0] }
        return r
    }

    /// Sum of one contiguous row of `n` floats: Float accumulators per 1024-element block,
    /// blocks added in Double.
    static func sumRow(_ p: UnsafePointer<Float>, _ n: Int) -> Double {
        var total = 0.0
        var b = 0
        while b < n {
            let e = Swift.min(n, b + 1024)
            var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
            var j = b
            while j + 64 <= e {
                a0 += VectorLoop.load(p + j)
                a1 += VectorLoop.load(p + j + 16)
                a2 += VectorLoop.load(p + j + 32)
                a3 += VectorLoop.load(p + j + 48)
                j += 64
            }
            while j + 16 <= e {
                a0 += VectorLoop.load(p + j)
                j += 16
            }
            if j < e { a1 += VectorLoop.loadPartial(p + j, e - j) }
            total += Double(((a0 + a1) + (a2 + a3)).sum())
            b = e
        }
        return total
    }

    /// Reduces `count` adjacent columns over `n` rows spaced `stride` floats apart:
    /// `dst[c] (+)= op over j of src[j * stride + c]`.
    static func reduceColumns(
        _ op: Op, _ src: UnsafePointer<Float>, n: Int, stride: Int, count: Int, _ dst: UnsafeMutablePointer<Float>,
        accumulate: Bool
    ) {
        switch op {
        case .sum: sumColumns(src, n, stride, count, dst, accumulate, scale: 1)
        case .mean: sumColumns(src, n, stride, count, dst, accumulate, scale: 1 / Float(Swift.max(n, 1)))
        case .max: maxColumns(src, n, stride, count, dst, accumulate)
        case .min: minColumns(src, n, stride, count, dst, accumulate)
        }
    }

    /// Column sums times `scale`, in Float blocks of 256 rows.
    @inline(never) static func sumColumns(
        _ src: UnsafePointer<Float>, _ n: Int, _ stride: Int, _ count: Int, _ dst: UnsafeMutablePointer<Float>,
        _ accumulate: Bool, scale: Float
    ) {
        foldColumns(src, n, stride, count, dst, accumulate, id: 0, blockRows: 256, scale: scale, Lanewise.Add())
    }

    /// NaN-propagating column maxima.
    @inline(never) static func maxColumns(
        _ src: UnsafePointer<Float>, _ n: Int, _ stride: Int, _ count: Int, _ dst: UnsafeMutablePointer<Float>,
        _ accumulate: Bool
    ) {
        foldColumns(src, n, stride, count, dst, accumulate, id: -.infinity, blockRows: n, scale: 1, Lanewise.Max())
    }

    /// NaN-propagating column minima.
    @inline(never) static func minColumns(
        _ src: UnsafePointer<Float>, _ n: Int, _ stride: Int, _ count: Int, _ dst: UnsafeMutablePointer<Float>,
        _ accumulate: Bool
    ) {
        foldColumns(src, n, stride, count, dst, accumulate, id: .infinity, blockRows: n, scale: 1, Lanewise.Min())
    }

    /// Folds columns with `f`: 64 columns (4 vectors) at a time, then 16, then a padded tail;
    /// rows in blocks of `blockRows` whose partial results are folded into the totals.
    @inline(__always)
    static func foldColumns<F: VectorFunction2>(
        _ src: UnsafePointer<Float>, _ n: Int, _ stride: Int, _ count: Int, _ dst: UnsafeMutablePointer<Float>,
        _ accumulate: Bool, id: Float, blockRows: Int, scale: Float, _ f: F
    ) {
        let idv = SIMD16<Float>(repeating: id)
        let block = Swift.max(blockRows, 1)
        var c = 0
        while c < count {
            let width = count - c >= 64 ? 64 : (count - c >= 16 ? 16 : count - c)
            var t0 = idv, t1 = idv, t2 = idv, t3 = idv
            var j = 0
            while j < n {
                let e = Swift.min(n, j + block)
                var a0 = idv, a1 = idv, a2 = idv, a3 = idv
                if width == 64 {
                    for r in j..<e {
                        let row = src + r * stride + c
                        a0 = f(a0, VectorLoop.load(row))
                        a1 = f(a1, VectorLoop.load(row + 16))
                        a2 = f(a2, VectorLoop.load(row + 32))
                        a3 = f(a3, VectorLoop.load(row + 48))
                    }
                } else if width == 16 {
                    for r in j..<e { a0 = f(a0, VectorLoop.load(src + r * stride + c)) }
                } else {
                    for r in j..<e {
                        var t = idv
                        let row = src + r * stride + c
                        for k in 0..<width { t[k] = row[k] }
                        a0 = f(a0, t)
                    }
                }
                t0 = f(t0, a0)
                t1 = f(t1, a1)
                t2 = f(t2, a2)
                t3 = f(t3, a3)
                j = e
            }
            let parts = (t0 * scale, t1 * scale, t2 * scale, t3 * scale)
            for k in 0..<width {
                let v = k < 16 ? parts.0[k] : (k < 32 ? parts.1[k - 16] : (k < 48 ? parts.2[k - 32] : parts.3[k - 48]))
                dst[c + k] = accumulate ? dst[c + k] + v : v
            }
            c += width
        }
    }

    /// `out[c] (+)= sum over j < n of x[(o * n + j) * inner + c]` for each `o`: the Float sum
    /// kernel behind `Elementwise.sumOverRows` and `Elementwise.sumToShape`.
    static func sumMiddle(
        _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, _ out: UnsafeMutablePointer<Float>, accumulate: Bool,
        threads: Int
    ) {
        let xs = SendablePointer(x), os = SendablePointer(out)
        split(outer: outer, n: n, inner: inner, threads: threads) { oRange, iRange in
            for o in oRange {
                let src = xs.p + o * n * inner + iRange.lowerBound
                let dst = os.p + o * inner + iRange.lowerBound
                if inner == 1 {
                    let s = Float(sumRow(src, n))
                    dst[0] = accumulate ? dst[0] + s : s
                } else {
                    reduceColumns(.sum, src, n: n, stride: inner, count: iRange.count, dst, accumulate: accumulate)
                }
            }
        }
    }

    /// Argmax of one contiguous row (see `argmax` for the NaN rule).
    static func argmaxRow(_ p: UnsafePointer<Float>, _ n: Int) -> Int32 {
        if n == 0 || p[0].isNaN { return 0 }
        // Lane k sees j = k (mod 16); NaN never compares greater, so it never wins.
        var best = SIMD16<Float>(repeating: -.infinity)
        var bestIdx = SIMD16<Int32>(repeating: Int32.max)
        var idx = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        var j = 0
        while j + 16 <= n {
            let v = VectorLoop.load(p + j)
            let m = v .> best
            best.replace(with: v, where: m)
            bestIdx.replace(with: idx, where: m)
            idx &+= 16
            j += 16
        }
        if j < n {
            var v = SIMD16<Float>(repeating: -.infinity)
            withUnsafeMutableBytes(of: &v) { $0.baseAddress!.copyMemory(from: p + j, byteCount: (n - j) * MemoryLayout<Float>.stride) }
            let m = v .> best
            best.replace(with: v, where: m)
            bestIdx.replace(with: idx, where: m)
        }
        var bv = best[0], bi = bestIdx[0]
        for k in 1..<16 where best[k] > bv || (best[k] == bv && bestIdx[k] < bi) {
            bv = best[k]
            bi = bestIdx[k]
        }
        // No entry above -inf: all are -inf or NaN, and p[0] is not NaN, so it is -inf: index 0.
        return bi == Int32.max ? 0 : bi
    }

    /// Argmax over `n` rows spaced `stride` apart for `count` adjacent columns.
    static func argmaxColumns(
        _ src: UnsafePointer<Float>, n: Int, stride: Int, count: Int, _ dst: UnsafeMutablePointer<Int32>
    ) {
        if n == 0 {
            for c in 0..<count { dst[c] = 0 }
            return
        }
        var c = 0
        while c < count {
            let width = Swift.min(16, count - c)
            var best = width == 16 ? VectorLoop.load(src + c) : VectorLoop.loadPartial(src + c, width)
            var bestIdx = SIMD16<Int32>()
            for j in 1..<n {
                let p = src + j * stride + c
                let v = width == 16 ? VectorLoop.load(p) : VectorLoop.loadPartial(p, width)
                let m = v .> best
                best.replace(with: v, where: m)
                bestIdx.replace(with: SIMD16(repeating: Int32(j)), where: m)
            }
            for k in 0..<width { dst[c + k] = bestIdx[k] }
            c += width
        }
    }

    /// Naive twins of the reductions.
    public enum Naive {
        /// Naive `Reduce.reduce`, accumulating in Double; NaN propagates through `max`/`min`.
        public static func reduce(
            _ op: Op, _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, _ out: UnsafeMutablePointer<Float>
        ) {
            for o in 0..<outer {
                for i in 0..<inner {
                    var acc: Double
                    switch op {
                    case .sum, .mean: acc = 0
                    case .max: acc = -.infinity
                    case .min: acc = .infinity
                    }
                    for j in 0..<n {
                        let v = Double(x[(o * n + j) * inner + i])
                        switch op {
                        case .sum, .mean: acc += v
                        case .max: acc = v.isNaN || acc.isNaN ? .nan : Swift.max(acc, v)
                        case .min: acc = v.isNaN || acc.isNaN ? .nan : Swift.min(acc, v)
                        }
                    }
                    if op == .mean { acc /= Double(Swift.max(n, 1)) }
                    out[o * inner + i] = Float(acc)
                }
            }
        }

        /// Naive `Reduce.argmax`.
        public static func argmax(
            _ x: UnsafePointer<Float>, outer: Int, n: Int, inner: Int, _ out: UnsafeMutablePointer<Int32>
        ) {
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = 0
                    var bv = -Float.infinity
                    for j in 0..<n {
                        let v = x[(o * n + j) * inner + i]
                        if v > bv || j == 0 { bv = v; best = j }
                    }
                    out[o * inner + i] = Int32(best)
                }
            }
        }
    }
}
