import ReturnnConfig
import ReturnnTensor

/// 1-D or 2-D convolution (RETURNN `conv`, `ConvLayer`), with groups (depthwise when `groups`
/// equals the input channels).
///
/// The convolved axes are `in_spatial_dims` (default: every axis that is neither batch nor feature,
/// e.g. `T` of `[B, T, F]`, `T, S` of `[B, T, S, C]`, `H, W` of an image `[B, H, W, C]`); other axes
/// are treated like the batch axis. Output `[other axes..., convolved axes..., n_out]`. A dynamic
/// axis keeps its tag when its length stays (stride 1, `same`), else gets a derived tag with
/// per-sequence lengths by TF's rules (`same`: `ceil(len/stride)`, `valid`:
/// `ceil((len - (K-1)·dilation)/stride)`); static axes get the new size.
///
/// Options: `filter_size` (required, one size per convolved axis), `padding` ("same"/"valid",
/// required), `strides` (1), `dilation_rate` (1), `groups` (1; must divide the input channels and
/// `n_out`), `n_out`/`out_dim` (or from the target), `in_dim` (checked), `in_spatial_dims`,
/// `out_spatial_dims` (declared the same as the computed axes), `activation` (None), `with_bias`
/// (False, as RETURNN before behavior version 10), `forward_weights_init` ("glorot_uniform"),
/// `bias_init` (0), `use_time_mask` (False: padded input frames are not zeroed, as upstream),
/// `input_add_feature_dim`, `input_split_feature_dim`, `auto_use_channel_first` and
/// `pad_seq_len_to_power` (layout/speed knobs of TF, no effect here). Parameters `<name>/W`
/// `[K..., in/groups, n_out]` (RETURNN's filter layout), `<name>/bias` `[n_out]`. Padded frames of
/// the output are not zeroed (as upstream).
/// ```python
/// "conv0": {"class": "conv", "filter_size": (3, 3), "padding": "same", "n_out": 32, "activation": "relu",
///           "input_add_feature_dim": True, "from": "data"}
/// "dw": {"class": "conv", "filter_size": (32,), "padding": "same", "groups": 512, "n_out": 512, "from": "x"}
/// ```
public final class ConvLayer: Layer {
    /// The class name in a net dict: `"class": "conv"`.
    public static let className = "conv"
    /// It mixes frames over time.
    public static var mixesFrames: Bool { true }
    /// `[other axes..., convolved axes'..., n_out]`.
    public let output: DataTemplate
    /// Window geometry per convolved axis.
    let window: SpatialWindow
    let axes: ConvAxes
    let outDims: [Dim]
    let weights: String, bias: String?
    let activation: Activation
    let useTimeMask: Bool
    let groups: Int, inChannels: Int, nOut: Int

    /// Reads the options, declares `W` and `bias`, computes the output template.
    public init(_ b: LayerBuilder) throws {
        axes = try ConvAxes(b, transform: true)
        let input = axes.input
        window = try SpatialWindow(b, sizeKey: "filter_size", dims: axes.spatialDims, input: input, defaultPadding: nil,
                                   defaultStridesToSize: false)
        for key in ["filter", "bias", "filter_perm"] where b.hasOption(key) {
            throw b.error(.invalidOption, "\(key) from another layer is not supported yet; remove '\(key)' (the layer creates its own parameters)")
        }
        b.options.ignore(["auto_use_channel_first", "pad_seq_len_to_power", "filter", "bias", "filter_perm"])
        useTimeMask = try b.read { try $0.bool("use_time_mask", default: false) }
        inChannels = input.dims[axes.feature].size!
        nOut = try b.nOut()!
        groups = try b.read { try $0.int("groups", default: 1) }
        guard groups >= 1, inChannels % groups == 0, nOut % groups == 0 else {
            throw b.error(.invalidOption, "groups=\(groups) must be positive and divide the input channels \(inChannels) and n_out \(nOut)")
        }
        activation = try b.activation()
        let withBias = try b.read { try $0.bool("with_bias", default: false) }
        let wInit = try b.initializer("forward_weights_init", default: .glorotUniform)
        let bInit = try b.initializer("bias_init", default: .constant(0))
        weights = b.parameter("W", shape: window.sizes + [inChannels / groups, nOut], initializer: wInit)
        bias = withBias ? b.parameter("bias", shape: [nOut], initializer: bInit) : nil
        let w = window
        outDims = axes.spatialDims.enumerated().map { w.outputDim($1, axis: $0, layer: b.name) }
        try ConvAxes.declareOutSpatialDims(b, outDims)
        output = axes.outputTemplate(spatial: outDims, feature: .feature("\(b.name):channel", nOut))
    }

    /// Computes the convolution, bias and activation; registers the new lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        let (x, batchShape) = axes.flatten(inputs[0].dense, useTimeMask: useTimeMask, ctx)
        let w = ctx.parameter(weights)
        var y: Variable
        if window.sizes.count == 1 {
            y = conv1d(x, w, axis: 0, tape)
        } else {
            // Unfold the second axis, then one 1-D convolution over the first with the filter seen as
            // [K_1, K_2 * C/groups, n_out] (per group, the unfolded channels ordered (tap, channel)).
            let (n, s1, s2, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
            let k2 = window.sizes[1]
            var u = tape.unfold1d(tape.reshape(x, [n * s1, s2, c]), size: k2, stride: window.strides[1], dilation: window.dilations[1],
                                  padding: window.padding)
            let s2Out = u.shape[1]
            u = tape.transpose(tape.reshape(u, [n, s1, s2Out, k2 * c]), [0, 2, 1, 3])
            if groups > 1 {
                u = tape.transpose(tape.reshape(u, [n, s2Out, s1, k2, groups, c / groups]), [0, 1, 2, 4, 3, 5])
            }
            let f = tape.reshape(w, [window.sizes[0], k2 * c / groups, nOut])
            y = conv1d(tape.reshape(u, [n * s2Out, s1, k2 * c]), f, axis: 0, tape)
            y = tape.transpose(tape.reshape(y, [n, s2Out, y.shape[1], nOut]), [0, 2, 1, 3])
        }
        if let bias { y = tape.add(y, ctx.parameter(bias)) }
        y = activation.apply(y, tape)
        y = tape.reshape(y, batchShape + Array(y.shape.dropFirst()))
        let lens = ConvAxes.registerSizes(input: axes.input, spatial: axes.spatial, outDims: outDims, output: output, ctx) { i, l in
            window.outputLengths(l, axis: i)
        }
        return LayerValue(values: y, seqLens: lens)
    }

    /// The (grouped) 1-D convolution along window axis `axis` of `[N, L, C]`.
    func conv1d(_ x: Variable, _ w: Variable, axis i: Int, _ tape: Tape) -> Variable {
        let (s, d) = (window.strides[i], window.dilations[i])
        if groups == 1 { return tape.conv1d(x, filter: w, stride: s, dilation: d, padding: window.padding) }
        return tape.groupedConv1d(x, filter: w, groups: groups, stride: s, dilation: d, padding: window.padding)
    }
}
