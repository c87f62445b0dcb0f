import ReturnnTensor

/// Which axis of one template is which axis of another (RETURNN's `copy_compatible_to` /
/// `get_common_data` matching): the same tag, or for static axes without such a match the same
/// kind and size; and moving values into another axis order with broadcasting.
enum AxisMatch {
    /// For each axis of `source`, the axis of `target` it is (each target axis used once), or nil.
    static func map(_ source: [Dim], onto target: [Dim]) -> [Int?] {
        var used = Set<Int>()
        var out = [Int?](repeating: nil, count: source.count)
        for (i, d) in source.enumerated() {
            if let j = target.indices.first(where: { !used.contains($0) && target[$0] == d }) {
                out[i] = j
                used.insert(j)
            }
        }
        for (i, d) in source.enumerated() where out[i] == nil && !d.isDynamic && !d.isBatch {
            if let j = target.indices.first(where: { !used.contains($0) && !target[$0].isDynamic && target[$0].kind == d.kind && target[$0].size == d.size }) {
                out[i] = j
                used.insert(j)
            }
        }
        return out
    }

    /// The runtime shape of `dims` from values with other tags and shapes (each axis of `dims`
    /// takes the size of the first value that has it; static axes no value has take their size).
    static func runtimeShape(of dims: [Dim], from values: [(dims: [Dim], shape: [Int])]) -> [Int] {
        var out: [Int?] = dims.map { $0.size }
        for (vd, vs) in values {
            for (k, j) in map(vd, onto: dims).enumerated() { if let j, out[j] == nil || dims[j].isDynamic || dims[j].isBatch { out[j] = vs[k] } }
        }
        return out.map { $0 ?? 1 }
    }

    /// `v` (axes `source`) in the axis order `target` with runtime `shape`: axes of `target` that
    /// `source` lacks are broadcast (every source axis must match one of `target`).
    static func align(_ v: LayerValue, _ source: [Dim], to target: [Dim], shape: [Int], seqLens: IntTensor?, tape: Tape) -> LayerValue {
        let m = map(source, onto: target)
        precondition(!m.contains(nil), "AxisMatch.align: \(source) does not fit into \(target)")
        let targetOf = m.map { $0! }
        let vShape = v.shape
        if source.count == target.count && targetOf == Array(0..<target.count) && vShape == shape {
            return LayerValue(values: v.values, ints: v.ints, seqLens: seqLens)
        }
        let strides = ShapeUtil.strides(vShape)
        let rows = RowMap.build(shape) { idx in
            var r = 0
            for (a, t) in targetOf.enumerated() { r += (vShape[a] == 1 ? 0 : idx[t]) * strides[a] }
            return r
        }
        return v.take(rows: rows, rowSize: 1, shape: shape, seqLens: seqLens, tape: tape)
    }
}

extension LayerValue {
    /// A value with either dense or int values.
    init(values: Variable?, ints: IntTensor?, seqLens: IntTensor?) {
        if let ints { self.init(ints: ints, seqLens: seqLens) } else { self.init(values: values!, seqLens: seqLens) }
    }
}
