import ReturnnTensor

/// The axes of `tf.gather(input, position, axis, batch_dims)` as RETURNN's `gather` arranges them
/// (`GatherLayer._get_common_input_position_axes`): axes the input and the position share (other
/// than the gathered one) are batch axes and come first, in the input's order; then the input's
/// own axes before the gathered one, the position's own axes, the input's own axes after it.
/// `gather`, `slice_nd` and their row maps use it.
struct GatherGeometry {
    /// Where an output axis comes from.
    enum Source: Equatable {
        /// A shared axis: its index in the input and in the position.
        case common(input: Int, position: Int)
        /// An axis of the input only.
        case input(Int)
        /// An axis of the position only.
        case position(Int)
    }

    /// The output's tags.
    let dims: [Dim]
    /// For each output axis, where it comes from.
    let sources: [Source]
    /// The gathered input axis.
    let axis: Int

    /// The geometry for gathering `input`'s axis `axis` at `position` (tags of the position data).
    init(input: [Dim], position: [Dim], axis g: Int) {
        let m = AxisMatch.map(position, onto: input)
        var positionOf: [Int: Int] = [:]
        for (p, i) in m.enumerated() { if let i, i != g { positionOf[i] = p } }
        let common = input.indices.filter { $0 != g && positionOf[$0] != nil }
        let specificInput = input.indices.filter { $0 != g && positionOf[$0] == nil }
        let specificPosition = position.indices.filter { p in !positionOf.values.contains(p) }
        let k = Swift.max(common.count, g) - common.count
        var sources: [Source] = common.map { .common(input: $0, position: positionOf[$0]!) }
        sources += specificInput.prefix(k).map { .input($0) }
        sources += specificPosition.map { .position($0) }
        sources += specificInput.dropFirst(k).map { .input($0) }
        self.sources = sources
        self.axis = g
        self.dims = sources.map {
            switch $0 {
            case .common(let i, _), .input(let i): return input[i]
            case .position(let p): return position[p]
            }
        }
    }

    /// The output's runtime shape for an input and a position of the given shapes.
    func shape(input: [Int], position: [Int]) -> [Int] {
        sources.map {
            switch $0 {
            case .common(let i, _), .input(let i): return input[i]
            case .position(let p): return position[p]
            }
        }
    }

    /// The number of trailing output axes that are the input's trailing axes (after the gathered
    /// one) in the same order, copied as whole rows.
    func trailingInputAxes(inputRank: Int) -> Int {
        var n = 0
        while n < sources.count, case .input(let i) = sources[sources.count - 1 - n], i == inputRank - 1 - n, i > axis { n += 1 }
        return n
    }

    /// The row map: for every output index (over all but the trailing copied axes), the input row
    /// at `gathered(outputIndex, positionIndex)` on the gathered axis, or `-1` when it returns nil.
    func rows(inputShape: [Int], positionShape: [Int], outputShape: [Int], trailing: Int,
              gathered: ([Int], [Int]) throws -> Int?) rethrows -> IntTensor {
        let inRank = inputShape.count
        let inPrefix = Array(inputShape[..<(inRank - trailing)])
        let strides = ShapeUtil.strides(inPrefix)
        var pIdx = [Int](repeating: 0, count: positionShape.count)
        var iIdx = [Int](repeating: 0, count: inRank)
        return try RowMap.build(Array(outputShape[..<(outputShape.count - trailing)])) { o in
            for (j, s) in sources.enumerated() where j < o.count {
                switch s {
                case .common(let i, let p): iIdx[i] = o[j]; pIdx[p] = o[j]
                case .input(let i): iIdx[i] = o[j]
                case .position(let p): pIdx[p] = o[j]
                }
            }
            guard let g = try gathered(o, pIdx) else { return -1 }
            iIdx[axis] = g
            var r = 0
            for a in 0..<inPrefix.count { r += iIdx[a] * strides[a] }
            return r
        }
    }
}
