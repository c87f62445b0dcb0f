import ReturnnConfig
import ReturnnTensor

/// Elementwise comparison of the sources among themselves and with `value`, chained: for sources
/// `a, b, c` and `value` v the result is `a op b and b op c and c op v` (RETURNN `compare`).
///
/// Options: `kind` (`"equal"`; also `"not_equal"`, `"less"`, `"less_equal"`, `"greater"`,
/// `"greater_equal"` and the spellings `==`, `!=`, `<>`, `<`, `<=`, `>`, `>=`), `value` (None; a
/// number compared last), `allow_broadcast_all_sources` (False: one source must have all axes of
/// the output). Sources may be float or int (sparse class indices); axes are matched by their dim
/// tags. The output is RETURNN's `bool`, stored as int32 0/1 with `DataTemplate.isBool` (not
/// sparse), over the common axes of the sources; it has no gradient.
/// ```python
/// "end": {"class": "compare", "from": "output", "kind": "equal", "value": 0}
/// "mask": {"class": "compare", "from": ["energy", "threshold"], "kind": "greater"}
/// ```
public final class CompareLayer: Layer {
    /// The class name in a net dict: `"class": "compare"`.
    public static let className = "compare"
    /// Each source is its own operand.
    public static var concatenatesSources: Bool { false }

    /// The comparisons (TF op names).
    public enum Kind: String, Sendable, CaseIterable {
        /// `a == b`.
        case equal
        /// `a != b`.
        case notEqual = "not_equal"
        /// `a < b`.
        case less
        /// `a <= b`.
        case lessEqual = "less_equal"
        /// `a > b`.
        case greater
        /// `a >= b`.
        case greaterEqual = "greater_equal"

        /// Upstream's other spellings.
        static let aliases: [String: Kind] = ["==": .equal, "!=": .notEqual, "<>": .notEqual, "<": .less, "<=": .lessEqual,
                                              ">": .greater, ">=": .greaterEqual]

        /// `op(a, b)`.
        func holds(_ a: Float, _ b: Float) -> Bool {
            switch self {
            case .equal: return a == b
            case .notEqual: return a != b
            case .less: return a < b
            case .lessEqual: return a <= b
            case .greater: return a > b
            case .greaterEqual: return a >= b
            }
        }
    }

    /// The bool template over the sources' common axes.
    public let output: DataTemplate
    /// The comparison.
    public let kind: Kind
    /// The `value` compared last.
    public let value: Float?
    let sourceTemplates: [DataTemplate]
    let maps: [[Int]]

    /// Reads the options and computes the common template.
    public init(_ b: LayerBuilder) throws {
        let kindValue = b.options.optionalValue("kind") ?? .str("equal")
        guard let name = kindValue.stringValue else {
            throw b.error(.invalidOption, "kind must be a string like \"equal\", got \(kindValue.repr)", at: kindValue.location)
        }
        guard let k = Kind(rawValue: name) ?? Kind.aliases[name] else {
            let names = Kind.allCases.map(\.rawValue)
            var msg = "unknown compare kind '\(name)'; supported: " + names.joined(separator: ", ") + " (or ==, !=, <, <=, >, >=)"
            if let s = EditDistance.closest(to: name, in: names) { msg += "; did you mean '\(s)'?" }
            throw b.error(.invalidOption, msg, at: kindValue.location)
        }
        kind = k
        if let v = b.options.optionalValue("value"), !v.isNone {
            guard let d = v.doubleValue else { throw b.error(.invalidOption, "value must be a number, got \(v.repr)", at: v.location) }
            value = Float(d)
        } else {
            value = nil
        }
        guard !b.inputs.isEmpty else { throw b.error(.invalidNetwork, "compare needs at least one source in 'from'") }
        guard b.inputs.count >= 2 || value != nil else {
            throw b.error(.invalidOption, "compare needs at least two sources to compare, or a 'value' to compare the source with")
        }
        let broadcastAll = try b.read { try $0.bool("allow_broadcast_all_sources", default: false) }
        for key in ["out_shape"] where b.hasOption(key) {
            throw b.error(.invalidOption, "\(key) is not supported for compare; remove it")
        }
        b.options.ignore(["n_out"])
        let (common, misfit) = DataTemplate.common(b.inputs, broadcastAll: broadcastAll)
        guard var out = common else {
            let i = misfit ?? 0
            throw b.error(.dimensionMismatch, "source '\(b.sourceNames[i])' \(b.inputs[i]) has axes that the other sources " +
                          "(\(zip(b.sourceNames, b.inputs).map { "'\($0)' \($1)" }.joined(separator: ", "))) do not have; " +
                          "set allow_broadcast_all_sources=True to broadcast all of them")
        }
        out.isBool = true
        output = out
        sourceTemplates = b.inputs
        maps = b.inputs.map { $0.axisMap(into: out)! }
    }

    /// Compares the sources frame by frame; the result is 0/1 int32.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let plain = Tape(recording: false)
        let xs: [Tensor] = zip(inputs, zip(sourceTemplates, maps)).map { v, tm in
            let x = v.values.map { Variable($0.value) } ?? Variable(Tensor(shape: v.ints!.shape, v.ints!.array.map(Float.init)))
            return tm.0.aligned(x, to: output, map: tm.1, tape: plain).value
        }
        let shape = xs.map(\.shape).reduce([]) { Broadcast.shape($0, $1)! }
        var result = [Bool](repeating: true, count: ShapeUtil.count(shape))
        let expanded = xs.map { Broadcast.expand($0, to: shape).array }
        for (a, b) in zip(expanded, expanded.dropFirst()) {
            for i in result.indices where result[i] { result[i] = kind.holds(a[i], b[i]) }
        }
        if let value, let last = expanded.last {
            for i in result.indices where result[i] { result[i] = kind.holds(last[i], value) }
        }
        let lens = output.timeDim.flatMap { ctx.sizes(of: $0) }
        return LayerValue(ints: IntTensor(shape: shape, result.map { $0 ? 1 : 0 }), seqLens: lens)
    }
}
