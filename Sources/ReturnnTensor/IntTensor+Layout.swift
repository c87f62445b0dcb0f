extension IntTensor {
    /// The part `range` of axis `axis` (the other axes whole).
    public func sliced(axis: Int, _ range: Range<Int>) -> IntTensor {
        precondition(axis >= 0 && axis < rank && range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "IntTensor.sliced: \(range) out of axis \(axis) of shape \(shape)")
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *), n = shape[axis]
        let src = array
        var out: [Int32] = []
        out.reserveCapacity(outer * range.count * inner)
        for o in 0..<outer {
            let base = (o * n + range.lowerBound) * inner
            out += src[base..<(base + range.count * inner)]
        }
        var s = shape
        s[axis] = range.count
        return IntTensor(shape: s, out)
    }

    /// `parts` joined on `axis` (equal shapes otherwise).
    public static func concatenated(_ parts: [IntTensor], axis: Int) -> IntTensor {
        precondition(!parts.isEmpty, "IntTensor.concatenated: no parts")
        let first = parts[0].shape
        for p in parts {
            precondition(p.rank == first.count && (0..<p.rank).allSatisfy { $0 == axis || p.shape[$0] == first[$0] },
                         "IntTensor.concatenated: shapes \(first) and \(p.shape) differ off axis \(axis)")
        }
        let outer = first[..<axis].reduce(1, *), inner = first[(axis + 1)...].reduce(1, *)
        let arrays = parts.map(\.array)
        var out: [Int32] = []
        for o in 0..<outer {
            for (p, a) in zip(parts, arrays) {
                let len = p.shape[axis] * inner
                out += a[(o * len)..<((o + 1) * len)]
            }
        }
        var s = first
        s[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        return IntTensor(shape: s, out)
    }
}
