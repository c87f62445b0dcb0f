import ReturnnConfig
import ReturnnTensor

/// Elementwise combination of all sources, folded left to right (RETURNN `combine`): `kind` is one
/// of `add`, `sub`, `mul`, `truediv`, `average`, `maximum`, `minimum`, `squared_difference` (also
/// `+ - * /`, `subtract`, `multiply`), or `eval` (runs the `eval` option as `EvalLayer` does).
///
/// Sources of different ranks broadcast by axis role (batch, time, spatial, feature), e.g.
/// `[B,T,F] + [B,F]` or `[B,T,F] * [F]`; feature dims must agree and time axes must be the same
/// (same time tag). By default one source must have all axes of the output
/// (`allow_broadcast_all_sources=False`, as upstream).
///
/// Options: `kind` (required), `activation` (None), `with_bias` (False; parameter `<name>/b`
/// `[F]`, zeros), `n_out` (optional, checked), `allow_broadcast_all_sources` (False).
/// The sources are not concatenated and get no `dropout`.
/// ```python
/// "res": {"class": "combine", "kind": "add", "from": ["lstm", "data"], "activation": "relu"}
/// ```
public final class CombineLayer: Layer {
    /// The class name in a net dict: `"class": "combine"`.
    public static let className = "combine"
    /// Every source is its own operand.
    public static var concatenatesSources: Bool { false }

    /// The supported operations.
    public enum Kind: String, Sendable, CaseIterable {
        /// `a + b`.
        case add
        /// `a - b`.
        case sub
        /// `a * b`.
        case mul
        /// `a / b`.
        case truediv
        /// `(a + b + ...) / n`.
        case average
        /// `max(a, b)`.
        case maximum
        /// `min(a, b)`.
        case minimum
        /// `(a - b)^2`.
        case squaredDifference = "squared_difference"
        /// The `eval` option's code (`EvalLayer`).
        case eval

        /// Upstream's other spellings.
        static let aliases: [String: Kind] = ["+": .add, "-": .sub, "subtract": .sub, "*": .mul, "multiply": .mul, "/": .truediv]
    }

    /// The broadcast template of all sources.
    public let output: DataTemplate
    /// The operation.
    public let kind: Kind
    let activation: Activation
    let bias: String?
    /// Per source: for each output axis, whether the source has it (else it broadcasts).
    let present: [[Bool]]
    /// For `kind="eval"`: the eval layer doing the work.
    let evalLayer: EvalLayer?

    /// Reads the options and computes the common template.
    public init(_ b: LayerBuilder) throws {
        let kindValue = try b.read { try $0.value("kind") }
        guard let name = kindValue.stringValue else {
            throw b.error(.invalidOption, "kind must be a string like \"add\", got \(kindValue.repr)", at: kindValue.location)
        }
        if name == "eval" {
            let e = try EvalLayer(b)
            kind = .eval
            evalLayer = e
            output = e.output
            activation = .identity
            bias = nil
            present = []
            return
        }
        evalLayer = nil
        if let k = Kind(rawValue: name) ?? Kind.aliases[name] {
            kind = k
        } else {
            var msg = "unknown combine kind '\(name)'; supported: " + Kind.allCases.map(\.rawValue).joined(separator: ", ")
            let names = Kind.allCases.map(\.rawValue) + Kind.aliases.keys.filter { $0.count > 1 }.sorted()
            if let s = EditDistance.closest(to: name, in: names) { msg += "; did you mean '\(s)'?" }
            throw b.error(.invalidOption, msg, at: kindValue.location)
        }
        guard !b.inputs.isEmpty else { throw b.error(.invalidNetwork, "combine needs at least one source in 'from'") }
        for (t, n) in zip(b.inputs, b.sourceNames) where !t.isFloat {
            throw b.error(.sparseMismatch, "source '\(n)' \(t) holds int values; combine needs float sources " +
                          "(use a 'linear' layer for sparse indices or 'cast' to float32)")
        }
        let broadcastAll = try b.read { try $0.bool("allow_broadcast_all_sources", default: false) }
        let out = try Self.commonTemplate(b, broadcastAll: broadcastAll)
        present = b.inputs.map { t in
            AxisDescription.roles(out).map { r in
                switch r {
                case .batch: return t.hasBatch
                case .time: return t.hasTime
                case .spatial: return !t.spatial.isEmpty
                case .feature: return t.featureDim != nil
                }
            }
        }
        if let n = try b.read({ try $0.optionalInt("n_out") }), n != out.featureDim {
            throw b.error(.dimensionMismatch, "n_out \(n) does not match the combined output \(out); remove n_out or fix the sources")
        }
        activation = try b.activation()
        if try b.read({ try $0.bool("with_bias", default: false) }) {
            guard let f = out.featureDim else { throw b.error(.dimensionMismatch, "with_bias needs a feature axis, the output is \(out)") }
            bias = b.parameter("b", shape: [f], initializer: .constant(0))
        } else {
            bias = nil
        }
        output = out
    }

    /// The union of the sources' axes; throws when time axes, spatial shapes or feature dims differ.
    static func commonTemplate(_ b: LayerBuilder, broadcastAll: Bool) throws -> DataTemplate {
        let ts = b.inputs, names = b.sourceNames
        var out = ts.max { $0.rank < $1.rank }!
        for (i, t) in ts.enumerated() {
            out.hasBatch = out.hasBatch || t.hasBatch
            if t.hasTime {
                if let j = ts.firstIndex(where: \.hasTime), j != i, ts[j].timeDim != t.timeDim {
                    throw b.error(.dimensionMismatch, "sources '\(names[j])' \(ts[j]) and '\(names[i])' \(t) have different time axes; " +
                                  "combine works frame by frame, so both must have the same time axis (sequence lengths)")
                }
                out.timeDim = t.timeDim
            }
            if !t.spatial.isEmpty {
                if !out.spatial.isEmpty && out.spatial != t.spatial {
                    throw b.error(.dimensionMismatch, "source '\(names[i])' \(t) has spatial axes \(t.spatial), another source " +
                                  "has \(out.spatial); they must be equal to combine")
                }
                out.spatial = t.spatial
            }
            if let f = t.featureDim {
                if let j = ts.firstIndex(where: { $0.featureDim != nil }), ts[j].featureDim != f {
                    throw b.error(.dimensionMismatch, "feature dims differ: '\(names[j])' \(ts[j]) and '\(names[i])' \(t); " +
                                  "combine needs equal feature dims (or a source without a feature axis)")
                }
                out.featureDim = f
            }
        }
        out.isInt = false
        out.sparseDim = nil
        if !broadcastAll && !ts.contains(where: { $0.rank == out.rank }) {
            throw b.error(.dimensionMismatch, "no source has all axes of the combined output \(out) (sources: " +
                          zip(names, ts).map { "'\($0)' \($1)" }.joined(separator: ", ") + "); set allow_broadcast_all_sources=True")
        }
        return out
    }

    /// Folds the sources with the operation, then adds the bias and applies the activation.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        if let evalLayer { return try evalLayer.forward(inputs, ctx) }
        let tape = ctx.tape
        let full = inputs[present.firstIndex { !$0.contains(false) } ?? 0]
        let roles = AxisDescription.roles(output)
        // Runtime sizes of the output axes, from any source that has them.
        var sizes = [Int](repeating: 1, count: roles.count)
        for (v, p) in zip(inputs, present) {
            var k = 0
            for (a, has) in p.enumerated() where has {
                sizes[a] = Swift.max(sizes[a], v.shape[k])
                k += 1
            }
        }
        let xs: [Variable] = zip(inputs, present).map { v, p in
            let shape = p.enumerated().map { $0.element ? sizes[$0.offset] : 1 }
            return v.dense.shape == shape ? v.dense : tape.reshape(v.dense, shape)
        }
        var y = xs[0]
        for x in xs.dropFirst() {
            switch kind {
            case .add, .average: y = tape.add(y, x)
            case .sub: y = tape.sub(y, x)
            case .mul: y = tape.mul(y, x)
            case .truediv: y = tape.div(y, x)
            case .maximum: y = tape.maximum(y, x)
            case .minimum: y = tape.minimum(y, x)
            case .squaredDifference: y = tape.square(tape.sub(y, x))
            case .eval: preconditionFailure("CombineLayer: kind eval runs its EvalLayer")
            }
        }
        if kind == .average && xs.count > 1 { y = tape.scale(y, by: 1 / Float(xs.count)) }
        if y.shape != sizes { y = tape.add(y, Variable(Tensor(zeros: sizes))) }
        if let bias { y = tape.add(y, ctx.parameter(bias)) }
        let z = activation.apply(y, tape)
        let lens = full.seqLens ?? inputs.first { $0.seqLens != nil }?.seqLens
        return LayerValue(values: z, seqLens: lens, logits: activation.isSoftmax ? y : nil)
    }
}
