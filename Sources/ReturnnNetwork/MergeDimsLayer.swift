import ReturnnTensor

/// Merges (flattens) several axes into one (RETURNN `merge_dims`), in the order given in `axes`.
///
/// Options: `axes` (required: a list like `["s:0", "F"]`, or `"static"`, `"except_time"`,
/// `"except_batch"`, ...), `keep_order` (True; False sorts the axes by position, the old upstream
/// behaviour), `n_out` (optional, checked).
/// - with the feature axis: the merged axis is the feature axis (at the end);
/// - with the time axis (which must come first): the merged axis is a new time axis of lengths
///   `len · (product of the other merged dims)`;
/// - only spatial axes: the merged axis is spatial, at the position of the first of them.
/// The batch axis cannot be merged.
/// ```python
/// "flat": {"class": "merge_dims", "axes": "static", "from": "window"}   # [B,T,W,F] -> [B,T,W*F]
/// ```
public final class MergeDimsLayer: Layer {
    /// The class name in a net dict: `"class": "merge_dims"`.
    public static let className = "merge_dims"
    /// The merged template.
    public let output: DataTemplate
    /// Axis permutation that puts the merged axes next to each other (in `axes` order).
    let perm: [Int]
    /// Position of the merged group in the permuted input, and how many axes it has.
    let groupStart: Int, groupCount: Int
    /// Whether the time axis is merged (lengths scale by the other merged dims).
    let mergesTime: Bool

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        guard input.isFloat else { throw b.error(.sparseMismatch, "input \(input) holds int values; merge_dims needs float input") }
        let axesValue = try b.read { try $0.value("axes") }
        var axes = try AxisDescription.resolve(axesValue, in: input, key: "axes", layer: b)
        if try !b.read({ try $0.bool("keep_order", default: true) }) { axes.sort() }
        let roles = AxisDescription.roles(input)
        if axes.contains(where: { roles[$0] == .batch }) {
            throw b.error(.invalidOption, "merging the batch axis is not supported; name only non-batch axes", at: axesValue.location)
        }
        var out = input
        let rest = roles.indices.filter { !axes.contains($0) }
        if axes.count <= 1 {
            perm = Array(roles.indices)
            groupStart = axes.first ?? 0
            groupCount = axes.count
            mergesTime = false
        } else if axes.contains(where: { roles[$0] == .time }) {
            guard roles[axes[0]] == .time else {
                throw b.error(.invalidOption, "when the time axis is merged it must come first in axes (got \(axesValue.repr)), " +
                              "so that the merged frames of each sequence stay contiguous", at: axesValue.location)
            }
            let t = input.timeAxis!
            perm = Array(rest.prefix { $0 < t }) + axes + rest.filter { $0 > t }
            groupStart = t
            groupCount = axes.count
            mergesTime = true
            out.timeDim = input.timeDim!.derived("merge_dims", axes.map { input.dims[$0].size ?? -1 }, name: "\(b.name):merge_dims") { $0 }
            out.spatial = input.spatial.indices.filter { !axes.contains(roles.firstIndex(of: .spatial($0))!) }.map { input.spatial[$0] }
            if axes.contains(where: { roles[$0] == .feature }) { out.featureDim = nil }
            out = out.withDefaultFeature()
        } else {
            let size = axes.map { Self.staticSize(roles[$0], input) }.reduce(1, *)
            if axes.contains(where: { roles[$0] == .feature }) {
                perm = rest + axes
                groupStart = rest.count
                out.spatial = input.spatial.indices.filter { !axes.contains(roles.firstIndex(of: .spatial($0))!) }.map { input.spatial[$0] }
                out.featureDim = size
            } else {
                let first = axes.min()!
                let before = rest.filter { $0 < first }
                perm = before + axes + rest.filter { $0 > first }
                groupStart = before.count
                var spatial: [Int] = []
                for (i, r) in perm.enumerated() {
                    guard case .spatial(let s) = roles[r] else { continue }
                    if i == groupStart { spatial.append(size) } else if i < groupStart || i >= groupStart + axes.count { spatial.append(input.spatial[s]) }
                }
                out.spatial = spatial
            }
            groupCount = axes.count
            mergesTime = false
        }
        if let n = try b.read({ try $0.optionalInt("n_out") }), n != out.featureDim {
            throw b.error(.dimensionMismatch, "n_out \(n) does not match the merged output \(out)")
        }
        output = out
    }

    static func staticSize(_ r: AxisDescription.Role, _ t: DataTemplate) -> Int {
        switch r {
        case .spatial(let s): return t.spatial[s]
        case .feature: return t.featureDim!
        case .batch, .time: preconditionFailure("MergeDimsLayer: not a static axis")
        }
    }

    /// Transposes the merged axes together and reshapes.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0].dense
        guard groupCount > 1 else { return inputs[0] }
        let moved = perm == Array(0..<x.rank) ? x : ctx.tape.transpose(x, perm)
        var shape = moved.shape
        let group = groupStart..<(groupStart + groupCount)
        let factor = shape[group].dropFirst().reduce(1, *)
        shape.replaceSubrange(group, with: [shape[group].reduce(1, *)])
        var lens = inputs[0].seqLens
        if mergesTime, let l = lens { lens = IntTensor(shape: l.shape, l.array.map { $0 * Int32(factor) }) }
        return LayerValue(values: ctx.tape.reshape(moved, shape), seqLens: lens)
    }
}
