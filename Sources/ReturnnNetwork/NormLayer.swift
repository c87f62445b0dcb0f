import ReturnnConfig
import ReturnnTensor

/// Normalization over chosen axes (RETURNN `norm`): `(x - mean) / sqrt(var + epsilon) * scale + bias`,
/// mean and (biased) variance over `axes`. `axes="F"` is layer normalization, `axes="TF"` or
/// `"except_batch"` group normalization with one group.
///
/// Options: `axes` or `axis` (required), `param_shape` (default `"F"`: the axes of `scale` and
/// `bias`, static ones, one description or a list), `scale` (True), `bias` (True), `epsilon`
/// (1e-6). Parameters `<name>/scale` (init 1) and `<name>/bias` (init 0) of the `param_shape`
/// sizes. As upstream, the statistics include padded frames when `axes` contains a dynamic axis
/// (no masking). The output has the input's axes and lengths.
/// ```python
/// "gn": {"class": "norm", "axes": "TF", "from": "conv"}
/// ```
public final class NormLayer: Layer {
    /// The class name in a net dict: `"class": "norm"`.
    public static let className = "norm"
    /// Same as the input.
    public let output: DataTemplate
    let axes: [Int]
    let paramAxes: [Int]
    let scale: String?, bias: String?
    let epsilon: Float

    /// Reads the options and declares `scale` and `bias`.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        try b.requireDense(input)
        if b.hasOption("axes") && b.hasOption("axis") { throw b.error(.invalidOption, "give either 'axes' or 'axis', not both") }
        guard let axesValue = b.options.optionalValue(b.hasOption("axes") ? "axes" : "axis"), !axesValue.isNone else {
            throw b.error(.invalidOption, "needs 'axes' (e.g. \"F\" for layer norm, \"TF\" for group norm with one group)")
        }
        axes = try AxisDescription.resolve(axesValue, in: input, key: b.hasOption("axes") ? "axes" : "axis", layer: b).sorted()
        guard !axes.isEmpty else { throw b.error(.invalidOption, "axes \(axesValue.repr) names no axis of the input \(input)", at: axesValue.location) }
        b.options.ignore(["axes", "axis"])
        let useScale = try b.read { try $0.bool("scale", default: true) }
        let useBias = try b.read { try $0.bool("bias", default: true) }
        epsilon = Float(try b.read { try $0.double("epsilon", default: 1e-6) })
        if useScale || useBias {
            let pv = b.options.optionalValue("param_shape").flatMap { $0.isNone ? nil : $0 } ?? .str("F")
            let items = pv.sequenceItems ?? [pv]
            let pa = try items.map { try AxisDescription.resolveSingle($0, in: input, key: "param_shape", layer: b) }
            guard Set(pa).count == pa.count else { throw b.error(.invalidOption, "param_shape \(pv.repr) names an axis twice", at: pv.location) }
            if let d = pa.first(where: { input.dims[$0].size == nil || input.dims[$0].isBatch }) {
                throw b.error(.invalidOption, "param_shape \(pv.repr) names the axis \(input.dims[d]) of the input \(input), which is not static",
                              at: pv.location)
            }
            paramAxes = pa
        } else {
            if b.hasOption("param_shape") { throw b.error(.invalidOption, "param_shape needs scale or bias") }
            paramAxes = []
        }
        let shape = paramAxes.map { input.dims[$0].size! }
        scale = useScale ? b.parameter("scale", shape: shape, initializer: .constant(1)) : nil
        bias = useBias ? b.parameter("bias", shape: shape, initializer: .constant(0)) : nil
        output = input
    }

    /// Normalizes, scales and shifts.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        let x = inputs[0].dense
        let mean = tape.reduce(x, .mean, axes: axes, keepDims: true)
        let centered = tape.sub(x, mean)
        let variance = tape.reduce(tape.square(centered), .mean, axes: axes, keepDims: true)
        var y = tape.div(centered, tape.sqrt(tape.add(variance, Variable(Tensor(scalar: epsilon)))))
        let order = paramAxes.indices.sorted { paramAxes[$0] < paramAxes[$1] }
        func broadcastable(_ p: Variable) -> Variable {
            let q = order == Array(paramAxes.indices) ? p : tape.transpose(p, order)
            var shape = [Int](repeating: 1, count: x.rank)
            for a in paramAxes { shape[a] = x.shape[a] }
            return tape.reshape(q, shape)
        }
        if let scale { y = tape.mul(y, broadcastable(ctx.parameter(scale))) }
        if let bias { y = tape.add(y, broadcastable(ctx.parameter(bias))) }
        return LayerValue(values: y, seqLens: inputs[0].seqLens)
    }
}
