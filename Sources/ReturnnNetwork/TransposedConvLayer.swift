import ReturnnConfig
import ReturnnTensor

/// Transposed convolution ("deconvolution", RETURNN `transposed_conv`, TF `conv2d_transpose`),
/// 1-D or 2-D: upsamples the convolved axes by `strides`.
///
/// Axes as `conv` (`in_spatial_dims`, other axes like batch); output
/// `[other axes..., upsampled axes..., n_out]`. Output length per axis (and per sequence for a
/// dynamic axis, with a derived tag): `len * stride + max(K - stride, 0)` for `valid`, `len *
/// stride` for `same`; with `output_padding` p: `len * stride + K - stride - 2 * pad + p` (`pad` =
/// `K // 2` for same, 0 for valid); then `remove_padding` r frames are cut from both ends.
///
/// Options: `filter_size` (required), `strides` (default `filter_size`), `padding` ("same" or
/// "valid", default "same"), `remove_padding` (0; an int or one per axis), `output_padding` (None;
/// an int or one per axis, below the stride), `n_out`/`out_dim`, `in_spatial_dims`,
/// `out_spatial_dims`, `activation` (None), `with_bias` (True), `forward_weights_init`
/// ("glorot_uniform"), `bias_init` (0), `use_time_mask` (False). Parameters
/// `<name>/W_native_transposed_conv` `[K..., n_out, in]` (TF's transposed layout; 1-D filters have
/// an extra axis of size 1: `[K, 1, n_out, in]`, as upstream) and `<name>/bias` `[n_out]`.
/// ```python
/// "up": {"class": "transposed_conv", "filter_size": (3,), "strides": (2,), "n_out": 256, "from": "enc"}
/// ```
public final class TransposedConvLayer: Layer {
    /// The class name in a net dict: `"class": "transposed_conv"`.
    public static let className = "transposed_conv"
    /// It mixes frames over time.
    public static var mixesFrames: Bool { true }
    /// `[other axes..., upsampled axes..., n_out]`.
    public let output: DataTemplate
    let axes: ConvAxes
    let sizes: [Int], strides: [Int], removePadding: [Int], outputPadding: [Int?]
    let padding: Padding
    let outDims: [Dim]
    let weights: String, bias: String?
    let activation: Activation
    let useTimeMask: Bool
    let inChannels: Int, nOut: Int

    /// Reads the options, declares the parameters, computes the output template.
    public init(_ b: LayerBuilder) throws {
        axes = try ConvAxes(b, transform: false)
        let input = axes.input
        let n = axes.spatial.count
        guard let fs = try b.read({ try $0.optionalIntList("filter_size") }) else {
            throw b.error(.invalidOption, "needs 'filter_size', a tuple with one size per upsampled axis, e.g. (3,)")
        }
        guard fs.count == n, fs.allSatisfy({ $0 >= 1 }) else {
            throw b.error(.dimensionMismatch, "filter_size \(fs) needs \(n) positive entries, one per axis to upsample of the input \(input) " +
                          "(\(axes.spatialDims.map(\.description).joined(separator: ", ")))")
        }
        sizes = fs
        func perAxis<T>(_ key: String, _ def: [T], _ read: (ConfigValue) -> T?) throws -> [T] {
            guard let v = b.options.optionalValue(key), !v.isNone else { return def }
            let items = (v.sequenceItems ?? [v]).map(read)
            guard items.allSatisfy({ $0 != nil }), items.count == 1 || items.count == n else {
                throw b.error(.invalidOption, "\(key) must be one value or \(n) (one per axis), got \(v.repr)", at: v.location)
            }
            return items.count == 1 ? [T](repeating: items[0]!, count: n) : items.map { $0! }
        }
        strides = try perAxis("strides", sizes) { $0.intValue.flatMap { $0 >= 1 ? $0 : nil } }
        removePadding = try perAxis("remove_padding", [Int](repeating: 0, count: n)) { $0.intValue.flatMap { $0 >= 0 ? $0 : nil } }
        outputPadding = try perAxis("output_padding", [Int?](repeating: nil, count: n)) { v -> Int?? in
            v.isNone ? .some(nil) : v.intValue.flatMap { $0 >= 0 ? .some($0) : nil }
        }
        let pv = try b.read { try $0.string("padding", default: "same") }
        guard let p = Padding(rawValue: pv.lowercased()) else {
            throw b.error(.invalidOption, "padding must be \"same\" or \"valid\", got \"\(pv)\"")
        }
        padding = p
        for i in 0..<n {
            if let op = outputPadding[i], op >= strides[i] {
                throw b.error(.invalidOption, "output_padding \(op) must be smaller than the stride \(strides[i])")
            }
            if let op = outputPadding[i], p == .same, !(Self.sameFits(size: sizes[i], stride: strides[i], outputPadding: op)) {
                throw b.error(.invalidOption, "output_padding \(op) with filter size \(sizes[i]), stride \(strides[i]) and padding \"same\" " +
                              "gives an output that the matching convolution does not map back to the input length; use output_padding \(sizes[i] % 2 == 0 ? "≥ 1" : "0")")
            }
        }
        for key in ["filter", "bias", "filter_perm"] where b.hasOption(key) {
            throw b.error(.invalidOption, "\(key) from another layer is not supported yet; remove '\(key)' (the layer creates its own parameters)")
        }
        b.options.ignore(["filter", "bias", "filter_perm"])
        useTimeMask = try b.read { try $0.bool("use_time_mask", default: false) }
        inChannels = input.dims[axes.feature].size!
        nOut = try b.nOut()!
        activation = try b.activation()
        let withBias = try b.read { try $0.bool("with_bias", default: true) }
        let wInit = try b.initializer("forward_weights_init", default: .glorotUniform)
        let bInit = try b.initializer("bias_init", default: .constant(0))
        weights = b.parameter("W_native_transposed_conv", shape: sizes + (n == 1 ? [1] : []) + [nOut, inChannels], initializer: wInit)
        bias = withBias ? b.parameter("bias", shape: [nOut], initializer: bInit) : nil
        var dims: [Dim] = []
        for (i, d) in axes.spatialDims.enumerated() {
            let (scale, add) = (strides[i], Self.lengthOffset(size: sizes[i], stride: strides[i], padding: p, outputPadding: outputPadding[i])
                - 2 * removePadding[i])
            if let s = d.size {
                guard s * scale + add > 0 else {
                    throw b.error(.dimensionMismatch, "remove_padding \(removePadding[i]) leaves no frame of the axis \(d) of size \(s)")
                }
                dims.append(Dim(kind: d.kind, name: "\(b.name):transposed-conv:s\(i)", size: s * scale + add))
            } else {
                dims.append(d.times(scale).plus(add))
            }
        }
        outDims = dims
        try ConvAxes.declareOutSpatialDims(b, outDims)
        output = axes.outputTemplate(spatial: outDims, feature: .feature("\(b.name):channel", nOut))
    }

    /// `out = len * stride + offset` (RETURNN `calc_transposed_conv_out_length`).
    static func lengthOffset(size k: Int, stride s: Int, padding: Padding, outputPadding: Int?) -> Int {
        guard let op = outputPadding else { return padding == .valid ? Swift.max(k - s, 0) : 0 }
        return k - s - 2 * (padding == .same ? k / 2 : 0) + op
    }

    /// Whether TF's `same` convolution of the output length gives back the input length.
    static func sameFits(size k: Int, stride s: Int, outputPadding op: Int) -> Bool {
        let c = lengthOffset(size: k, stride: s, padding: .same, outputPadding: op)
        return c <= 0 && c > -s
    }

    /// Multiplies with the filter and folds the windows onto the upsampled axes.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        let (x, batchShape) = axes.flatten(inputs[0].dense, useTimeMask: useTimeMask, ctx)
        let k = sizes.reduce(1, *)
        // [K..., O, C] -> [C, K... * O]
        let w = tape.transpose(tape.reshape(ctx.parameter(weights), [k * nOut, inChannels]), [1, 0])
        var y = tape.matmul(x, w)                                            // [N, S1, (S2), K1 (K2) O]
        let n = x.shape[0]
        func length(_ len: Int, _ i: Int) -> Int {
            len * strides[i] + Self.lengthOffset(size: sizes[i], stride: strides[i], padding: padding, outputPadding: outputPadding[i])
        }
        if sizes.count == 1 {
            y = tape.fold1d(y, length: length(x.shape[1], 0), size: sizes[0], stride: strides[0], padding: padding)
        } else {
            let (s1, s2) = (x.shape[1], x.shape[2])
            let (k1, k2) = (sizes[0], sizes[1])
            let l2 = length(s2, 1), l1 = length(s1, 0)
            y = tape.transpose(tape.reshape(y, [n, s1, s2, k1, k2 * nOut]), [0, 1, 3, 2, 4])
            y = tape.fold1d(tape.reshape(y, [n * s1 * k1, s2, k2 * nOut]), length: l2, size: k2, stride: strides[1], padding: padding)
            y = tape.transpose(tape.reshape(y, [n, s1, k1, l2, nOut]), [0, 3, 1, 2, 4])
            y = tape.fold1d(tape.reshape(y, [n * l2, s1, k1 * nOut]), length: l1, size: k1, stride: strides[0], padding: padding)
            y = tape.transpose(tape.reshape(y, [n, l2, l1, nOut]), [0, 2, 1, 3])
        }
        for (i, r) in removePadding.enumerated() where r > 0 {
            y = tape.slice(y, axis: 1 + i, r..<(y.shape[1 + i] - r))
        }
        if let bias { y = tape.add(y, ctx.parameter(bias)) }
        y = activation.apply(y, tape)
        y = tape.reshape(y, batchShape + Array(y.shape.dropFirst()))
        let lens = ConvAxes.registerSizes(input: axes.input, spatial: axes.spatial, outDims: outDims, output: output, ctx) { i, l in
            IntTensor(shape: l.shape, l.array.map { Int32(Swift.max(length(Int($0), i) - 2 * self.removePadding[i], 0)) })
        }
        return LayerValue(values: y, seqLens: lens)
    }
}
