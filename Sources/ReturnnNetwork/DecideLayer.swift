import ReturnnTensor

/// The best hypothesis of a search beam (RETURNN `decide`, `DecideLayer`): for every sequence, the
/// hypothesis with the highest beam score (divided by its length with `length_normalization`,
/// default False); the value loses its beam. Without a beam (training) it copies its source.
///
/// ```python
/// "decision": {"class": "decide", "from": "output", "loss": "edit_distance", "target": "classes"}
/// ```
public final class DecideLayer: Layer {
    /// The class name in a net dict: `"class": "decide"`.
    public static let className = "decide"
    /// The source's template, with fresh tags for its dynamic axes (the decided lengths are per
    /// sequence, not per hypothesis).
    public let output: DataTemplate
    /// `length_normalization`.
    public let lengthNormalization: Bool

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        guard b.inputs.count == 1 else { throw b.error(.invalidNetwork, "decide needs exactly one source, got \(b.inputs.count)") }
        lengthNormalization = try b.read { try $0.bool("length_normalization", default: false) }
        var t = b.input
        if b.searchFlag {
            t.dims = t.dims.map { d in d.isDynamic ? Dim.spatial("\(b.name):\(d.name)") : d }
        }
        output = t
    }

    /// The best hypothesis per sequence, or the source when it has no beam.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        guard let beam = x.beam else { return x }
        let lens = x.seqLens?.array
        var rows = [Int32]()
        for b in 0..<beam.batch {
            var best = 0
            var bestScore = -Float.infinity
            for j in 0..<beam.size {
                let i = b * beam.size + j
                var s = beam.scores[i]
                if lengthNormalization, let lens { s /= Float(lens[i]) }
                if j == 0 || s > bestScore { best = j; bestScore = s }
            }
            rows.append(Int32(b * beam.size + best))
        }
        var out = x.selectingBatch(IntTensor(shape: [rows.count], rows), batchAxis: output.batchAxis ?? 0, ctx.tape)
        out.beam = nil
        if let ta = output.timeAxis, let l = out.seqLens, ta < out.shape.count {
            let m = Int(l.array.max() ?? 0)
            if m < out.shape[ta] {
                if let v = out.values { out.values = ctx.tape.slice(v, axis: ta, 0..<m) }
                if let v = out.ints { out.ints = v.sliced(axis: ta, 0..<m) }
            }
        }
        if let time = output.timeDim, let l = out.seqLens { ctx.setSizes(l, for: time) }
        return out
    }
}
