import ReturnnConfig
import ReturnnTensor

/// Reorders the axes (RETURNN `transpose`, a wrapper around `tf.transpose`).
///
/// Option `perm` (required): a dict target axis → source axis (axis descriptions of the input:
/// `"T"`, `"F"`, `"stag:..."`, a dim tag, an int; axes not named keep their relative order in the
/// remaining places), or a list of the input's dim tags in the new order. The tags move with their
/// axes, so batch, time and feature axes are the same tags as before, only elsewhere (the time axis
/// is still the first dynamic one, so `seqLens` are unchanged). Int (sparse) values are moved too.
/// ```python
/// "tr": {"class": "transpose", "perm": {"T": "F", "F": "T"}, "from": "data"}   # [B,T,F] -> [B,F,T]
/// ```
public final class TransposeLayer: Layer {
    /// The class name in a net dict: `"class": "transpose"`.
    public static let className = "transpose"
    /// The input with its axes permuted.
    public let output: DataTemplate
    /// Output axis `i` is input axis `perm[i]`.
    let perm: [Int]

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        let permValue = try b.read { try $0.value("perm") }
        perm = try Self.permutation(permValue, input: input, b)
        var out = input
        out.dims = perm.map { input.dims[$0] }
        output = out
    }

    /// Upstream `TransposeLayer.get_perm_int`: target → source axes, the rest filled in order.
    static func permutation(_ v: ConfigValue, input: DataTemplate, _ b: LayerBuilder) throws -> [Int] {
        var pairs: [(target: Int, source: Int)] = []
        if let d = v.dictValue {
            for (k, s) in d.entries {
                let t = try AxisDescription.resolveSingle(k, in: input, key: "perm key", layer: b)
                let src = try AxisDescription.resolveSingle(s, in: input, key: "perm[\(k.repr)]", layer: b)
                pairs.append((t, src))
            }
        } else if let items = v.sequenceItems {
            guard items.count == input.rank else {
                throw b.error(.invalidOption, "perm lists \(items.count) axes, but the input \(input) has \(input.rank); list every axis " +
                              "in the new order, or use a dict target -> source", at: v.location)
            }
            for (t, s) in items.enumerated() {
                pairs.append((t, try AxisDescription.resolveSingle(s, in: input, key: "perm[\(t)]", layer: b)))
            }
        } else {
            throw b.error(.invalidOption, "perm must be a dict target axis -> source axis or a list of dim tags, got \(v.repr)", at: v.location)
        }
        guard Set(pairs.map(\.target)).count == pairs.count, Set(pairs.map(\.source)).count == pairs.count else {
            throw b.error(.invalidOption, "perm \(v.repr) names an axis of the input \(input) twice", at: v.location)
        }
        var perm = [Int?](repeating: nil, count: input.rank)
        for p in pairs { perm[p.target] = p.source }
        let freeTargets = perm.indices.filter { perm[$0] == nil }
        let freeSources = input.dims.indices.filter { s in !pairs.contains { $0.source == s } }
        for (t, s) in zip(freeTargets, freeSources) { perm[t] = s }
        return perm.map { $0! }
    }

    /// Transposes the values.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        inputs[0].transposed(perm, seqLens: ctx.seqLens(of: output) ?? inputs[0].seqLens, tape: ctx.tape)
    }
}
