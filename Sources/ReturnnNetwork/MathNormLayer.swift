import ReturnnConfig
import ReturnnTensor

/// The p-norm over axes (RETURNN `math_norm`): `sum(|x| ** p) ** (1 / p)`.
///
/// Options: `p` (required, a positive number), `axes` or `axis` (required), `keep_dims` (False;
/// only for static axes). Padded frames do not count when a dynamic axis is reduced (upstream's
/// `reduce` with its default time mask). The output template is `reduce`'s.
/// ```python
/// "l2": {"class": "math_norm", "p": 2, "axis": "F", "from": "enc"}
/// ```
public final class MathNormLayer: Layer {
    /// The class name in a net dict: `"class": "math_norm"`.
    public static let className = "math_norm"
    /// The input without the reduced axes (or with them as size 1).
    public let output: DataTemplate
    let p: Float
    let axes: [Int]
    let keepDims: Bool
    let input: DataTemplate

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        self.input = input
        guard input.isFloat else { throw b.error(.sparseMismatch, "input \(input) holds int values; math_norm needs float input") }
        let pv = try b.read { try $0.value("p") }
        guard let pd = pv.doubleValue, pv.boolValue == nil, pd > 0 else {
            throw b.error(.invalidOption, "p must be a positive number, got \(pv.repr)", at: pv.location)
        }
        p = Float(pd)
        if b.hasOption("axes") && b.hasOption("axis") { throw b.error(.invalidOption, "give either 'axes' or 'axis', not both") }
        let key = b.hasOption("axes") ? "axes" : "axis"
        guard let v = b.options.optionalValue(key), !v.isNone else { throw b.error(.invalidOption, "needs 'axis' (e.g. \"F\")") }
        b.options.ignore(["axes", "axis"])
        let axes = try AxisDescription.resolve(v, in: input, key: key, layer: b).sorted()
        self.axes = axes
        guard !axes.isEmpty else { throw b.error(.invalidOption, "\(key) \(v.repr) names no axis of the input \(input)", at: v.location) }
        if axes.contains(where: { input.dims[$0].isBatch }) {
            throw b.error(.invalidOption, "math_norm over the batch axis is not supported", at: v.location)
        }
        let keepDims = try b.read { try $0.bool("keep_dims", default: false) }
        self.keepDims = keepDims
        if keepDims {
            if let a = axes.first(where: { input.dims[$0].isDynamic }) {
                throw b.error(.invalidOption, "keep_dims with the dynamic axis \(input.dims[a]) is not supported; reduce static axes only")
            }
            var out = input
            for a in axes { out.dims[a] = Dim(kind: input.dims[a].kind, name: "\(b.name):keep-dim-\(a)", size: 1) }
            output = out
        } else {
            output = input.removingAxes(axes)
        }
    }

    /// `|x| ** p`, masked sum, `** (1 / p)`.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        var y = tape.pow(tape.abs(inputs[0].dense), p)
        for a in axes where input.dims[a].isDynamic {
            y = AxisMask.masked(y, template: input, axis: a, value: 0, ctx: ctx)
        }
        y = tape.pow(tape.reduce(y, .sum, axes: axes, keepDims: keepDims), 1 / p)
        let lens = output.timeDim.flatMap { ctx.sizes(of: $0) }
        return LayerValue(values: y, seqLens: lens)
    }
}
