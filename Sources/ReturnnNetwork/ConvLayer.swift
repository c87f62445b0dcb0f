import ReturnnConfig
import ReturnnTensor

/// Convolution over time (1-D) or over time and one spatial axis (2-D) (RETURNN `conv`, `ConvLayer`).
///
/// Input `[B, T, F]` for 1-D (`filter_size` `(K,)`) or `[B, T, S, C]` for 2-D (`filter_size`
/// `(K_T, K_S)`); `input_add_feature_dim=True` turns `[B, T, F]` into `[B, T, F, 1]` and
/// `input_split_feature_dim=k` into `[B, T, F/k, k]` first. Output `[B, T', n_out]` or
/// `[B, T', S', n_out]`; sequence lengths follow TF's rules per sequence (`same`: `ceil(len/stride)`,
/// `valid`: `ceil((len - (K-1)·dilation)/stride)`), and the time axis gets a new tag when its length changes.
///
/// Options: `filter_size` (required), `padding` ("same"/"valid", required), `strides` (1),
/// `dilation_rate` (1), `n_out` (or from the target), `activation` (None), `with_bias` (False, as
/// RETURNN before behavior version 10), `forward_weights_init` ("glorot_uniform"), `bias_init` (0),
/// `use_time_mask` (False: padded input frames are not zeroed, as upstream), `groups` (only 1),
/// `auto_use_channel_first` (layout only, ignored). Parameters `<name>/W` `[K..., in, n_out]` (RETURNN's
/// filter layout), `<name>/bias` `[n_out]`. Padded frames of the output are not zeroed (as upstream).
/// ```python
/// "conv0": {"class": "conv", "filter_size": (3, 3), "padding": "same", "n_out": 32, "activation": "relu",
///           "input_add_feature_dim": True, "from": "data"}
/// ```
public final class ConvLayer: Layer {
    /// RETURNN name.
    public static let className = "conv"
    /// It mixes frames over time.
    public static var mixesFrames: Bool { true }
    /// `[B, T', (S',) n_out]`.
    public let output: DataTemplate
    /// Window geometry per convolved axis (time first).
    let window: SpatialWindow
    /// How the input is reshaped before the convolution.
    let inputTransform: InputTransform
    let weights: String, bias: String?
    let activation: Activation
    let useTimeMask: Bool
    let inChannels: Int, nOut: Int

    /// Reshaping of the input before the convolution (RETURNN `input_add_feature_dim`, `input_split_feature_dim`).
    enum InputTransform: Equatable {
        /// Use the input as it is.
        case none
        /// `[B, T, F]` → `[B, T, F/k, k]` (k = 1: `input_add_feature_dim`).
        case splitFeature(Int)
    }

    /// Reads the options, declares `W` and `bias`, computes the output template.
    public init(_ b: LayerBuilder) throws {
        try b.requireDense(b.input)
        var input = b.input
        guard input.hasTime else {
            throw b.error(.dimensionMismatch, "input \(input) has no time axis; conv here convolves over time (and one spatial axis)")
        }
        let addFeature = try b.read { try $0.bool("input_add_feature_dim", default: false) }
        let split = try b.read { try $0.optionalInt("input_split_feature_dim") }
        let expand = try b.read { try $0.int("input_expand_dims", default: 0) }
        if expand != 0 { throw b.error(.invalidOption, "input_expand_dims is not supported; use input_add_feature_dim instead") }
        if addFeature || split != nil {
            guard input.spatial.isEmpty, let f = input.featureDim else {
                throw b.error(.dimensionMismatch, "input_add_feature_dim/input_split_feature_dim need a [B, T, F] input, got \(input)")
            }
            let k = split ?? 1
            if addFeature && split != nil {
                throw b.error(.invalidOption, "use either input_add_feature_dim or input_split_feature_dim, not both")
            }
            guard k >= 1, f % k == 0 else {
                throw b.error(.dimensionMismatch, "input_split_feature_dim \(k) does not divide the input feature dim \(f)")
            }
            input.spatial = [f / k]
            input.featureDim = k
            inputTransform = .splitFeature(k)
        } else {
            inputTransform = .none
        }
        guard input.spatial.count <= 1 else {
            throw b.error(.dimensionMismatch, "input \(input) has \(input.spatial.count) spatial axes; only 1-D and 2-D conv are supported")
        }
        window = try SpatialWindow(b, sizeKey: "filter_size", axes: 1 + input.spatial.count, input: input, defaultPadding: nil,
                                   defaultStridesToSize: false)
        let groups = try b.read { try $0.int("groups", default: 1) }
        if groups != 1 { throw b.error(.invalidOption, "groups=\(groups) is not supported (only 1)") }
        b.options.ignore(["auto_use_channel_first"])
        useTimeMask = try b.read { try $0.bool("use_time_mask", default: false) }
        inChannels = input.featureDim!
        nOut = try b.nOut()!
        activation = try b.activation()
        let withBias = try b.read { try $0.bool("with_bias", default: false) }
        let wInit = try b.initializer("forward_weights_init", default: .glorotUniform)
        let bInit = try b.initializer("bias_init", default: .constant(0))
        weights = b.parameter("W", shape: window.sizes + [inChannels, nOut], initializer: wInit)
        bias = withBias ? b.parameter("bias", shape: [nOut], initializer: bInit) : nil
        output = window.outputTemplate(input, featureDim: nOut, layer: b.name)
    }

    /// Computes the convolution, bias and activation; updates the sequence lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        let xin = inputs[0]
        var x = xin.dense
        let (batch, time) = (x.shape[0], x.shape[1])
        if case .splitFeature(let k) = inputTransform { x = tape.reshape(x, [batch, time, x.shape[2] / k, k]) }
        if useTimeMask, let lens = xin.seqLens { x = tape.maskSequences(x, lengths: lens) }
        let w = ctx.parameter(weights)
        var y: Variable
        if window.sizes.count == 1 {
            y = tape.conv1d(x, filter: w, stride: window.strides[0], dilation: window.dilations[0], padding: window.padding)
        } else {
            // Unfold the spatial axis, then one 1-D convolution over time with the filter seen as [K_T, K_S*C, n_out].
            let (s, c) = (x.shape[2], x.shape[3])
            let (ks, ss, ds) = (window.sizes[1], window.strides[1], window.dilations[1])
            var u = tape.unfold1d(tape.reshape(x, [batch * time, s, c]), size: ks, stride: ss, dilation: ds, padding: window.padding)
            let sOut = u.shape[1]
            u = tape.transpose(tape.reshape(u, [batch, time, sOut, ks * c]), [0, 2, 1, 3])
            let f = tape.reshape(w, [window.sizes[0], ks * c, nOut])
            y = tape.conv1d(tape.reshape(u, [batch * sOut, time, ks * c]), filter: f, stride: window.strides[0],
                            dilation: window.dilations[0], padding: window.padding)
            y = tape.transpose(tape.reshape(y, [batch, sOut, y.shape[1], nOut]), [0, 2, 1, 3])
        }
        if let bias { y = tape.add(y, ctx.parameter(bias)) }
        y = activation.apply(y, tape)
        return LayerValue(values: y, seqLens: xin.seqLens.map { window.outputLengths($0) })
    }
}
