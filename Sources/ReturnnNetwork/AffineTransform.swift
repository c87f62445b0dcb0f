import ReturnnTensor

/// `activation(x·W + b)` on the feature axis, shared by `linear` and `softmax`; sparse input is
/// an embedding lookup of the rows of `W` (RETURNN `LinearLayer`).
struct AffineTransform {
    /// Parameter names.
    let weights: String, bias: String?
    /// The activation.
    let activation: Activation
    /// Output dim.
    let nOut: Int

    /// Reads `n_out`, `activation`, `with_bias`, `forward_weights_init`, `bias_init`, `grad_filter` and declares `W`, `b`.
    init(_ b: LayerBuilder, defaultActivation: String?) throws {
        let input = b.input
        guard let inDim = input.dim else {
            throw b.error(.dimensionMismatch, "input \(input) has no feature axis (dim unknown)")
        }
        nOut = try b.nOut()!
        activation = try b.activation(default: defaultActivation)
        let withBias = try b.read { try $0.bool("with_bias", default: true) }
        let wInit = try b.initializer("forward_weights_init", default: .glorotUniform)
        let bInit = try b.initializer("bias_init", default: .constant(0))
        weights = b.parameter("W", shape: [inDim, nOut], initializer: wInit)
        bias = withBias ? b.parameter("b", shape: [nOut], initializer: bInit) : nil
        gradFilter = try b.read { try $0.optionalDouble("grad_filter") }.flatMap { $0 > 0 ? Float($0) : nil }
    }

    /// `grad_filter`: gradients of the pre-activation whose `max(grad²)` per sequence reaches this
    /// are dropped for that sequence (RETURNN `filter_grad`).
    let gradFilter: Float?

    /// The output template for `input`.
    func output(for input: DataTemplate) -> DataTemplate {
        var t = input.withFeature(nOut)
        t.isInt = false
        return t
    }

    /// Computes the layer output; `logits` are kept when the activation is softmax.
    func apply(_ x: LayerValue, _ ctx: ForwardContext) -> LayerValue {
        let w = ctx.parameter(weights)
        var z: Variable
        if let ids = x.ints {
            z = ctx.tape.gather(w, indices: ids)
        } else {
            z = ctx.tape.matmul(x.dense, w)
        }
        if let bias { z = ctx.tape.add(z, ctx.parameter(bias)) }
        if let gradFilter { z = ctx.tape.filterGradient(z, threshold: gradFilter) }
        let y = activation.apply(z, ctx.tape)
        return LayerValue(values: y, seqLens: x.seqLens, logits: activation.isSoftmax ? z : nil)
    }
}
