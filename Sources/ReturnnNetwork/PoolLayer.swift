import ReturnnConfig
import ReturnnTensor

/// Max or average pooling over time (1-D) or over time and one spatial axis (2-D) (RETURNN `pool`,
/// `PoolLayer`).
///
/// Input `[B, T, C]` (`pool_size` `(K,)`) or `[B, T, S, C]` (`pool_size` `(K_T, K_S)`); output
/// `[B, T', (S',) C]`. TF semantics: frames added by `same` padding never count (max over the real
/// frames of a window, average divided by their number); frames beyond a sequence's length inside
/// the padded batch do count, as upstream without `use_time_mask`. Sequence lengths follow the same
/// rules as `conv`, with a new time tag when the length changes. 2-D pooling is computed separably
/// (first over the spatial axis, then over time), which is exact for max and for the average over
/// the real frames of a window.
///
/// Options: `mode` ("max"/"avg", required), `pool_size` (required), `padding` ("valid"), `strides`
/// (default `pool_size`), `dilation_rate` (1), `use_channel_first` (layout only, ignored). No parameters.
/// ```python
/// "pool0": {"class": "pool", "mode": "max", "pool_size": (2,), "padding": "same", "from": "conv0"}
/// ```
public final class PoolLayer: Layer {
    /// The class name in a net dict: `"class": "pool"`.
    public static let className = "pool"
    /// It mixes frames over time.
    public static var mixesFrames: Bool { true }
    /// `[B, T', (S',) C]`.
    public let output: DataTemplate
    let mode: Tape.PoolMode
    let window: SpatialWindow

    /// Reads the options and computes the output template.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        try b.requireDense(input)
        guard input.hasTime else {
            throw b.error(.dimensionMismatch, "input \(input) has no time axis; pool here pools over time (and one spatial axis)")
        }
        guard input.spatial.count <= 1 else {
            throw b.error(.dimensionMismatch, "input \(input) has \(input.spatial.count) spatial axes; only 1-D and 2-D pooling are supported")
        }
        let m = try b.read { try $0.string("mode") }
        guard let mode = Tape.PoolMode(rawValue: m.lowercased()) else {
            throw b.error(.invalidOption, "mode must be \"max\" or \"avg\", got \"\(m)\"")
        }
        self.mode = mode
        if try b.read({ try $0.bool("use_time_mask", default: false) }) {
            throw b.error(.invalidOption, "use_time_mask=True is not supported for pool; remove it")
        }
        b.options.ignore(["use_channel_first"])
        if b.options.optionalValue("n_out").map({ !$0.isNone }) ?? false {
            throw b.error(.invalidOption, "pool has no n_out (the feature dim stays \(input.featureDim!)); remove it")
        }
        window = try SpatialWindow(b, sizeKey: "pool_size", axes: 1 + input.spatial.count, input: input, defaultPadding: .valid,
                                   defaultStridesToSize: true)
        output = window.outputTemplate(input, featureDim: input.featureDim!, layer: b.name)
    }

    /// Pools and updates the sequence lengths.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        let xin = inputs[0]
        var x = xin.dense
        let (batch, time) = (x.shape[0], x.shape[1])
        var spatialOut: Int?
        if window.sizes.count == 2 {
            let (s, c) = (x.shape[2], x.shape[3])
            x = tape.pool1d(tape.reshape(x, [batch * time, s, c]), mode: mode, poolSize: window.sizes[1], stride: window.strides[1],
                            dilation: window.dilations[1], padding: window.padding)
            spatialOut = x.shape[1]
            x = tape.reshape(x, [batch, time, x.shape[1] * c])
        }
        var y = tape.pool1d(x, mode: mode, poolSize: window.sizes[0], stride: window.strides[0], dilation: window.dilations[0],
                            padding: window.padding)
        if let spatialOut { y = tape.reshape(y, [batch, y.shape[1], spatialOut, y.shape[2] / spatialOut]) }
        return LayerValue(values: y, seqLens: xin.seqLens.map { window.outputLengths($0) })
    }
}
