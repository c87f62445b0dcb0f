import ReturnnConfig
import ReturnnTensor

/// The window geometry shared by `conv` and `pool`: per windowed axis the window size, stride and
/// dilation, plus the padding mode (RETURNN options `filter_size`/`pool_size`, `strides`,
/// `dilation_rate`, `padding`), and the output axes it gives (RETURNN `ConvLayer.calc_out_dim`).
struct SpatialWindow: Equatable {
    /// Window size per axis.
    let sizes: [Int]
    /// Stride per axis.
    let strides: [Int]
    /// Dilation per axis.
    let dilations: [Int]
    /// `same` or `valid`.
    let padding: Padding

    /// Reads the options for the windowed axes `dims` of `input` (in window order). `defaultPadding`
    /// nil makes `padding` required; `defaultStridesToSize` makes the window size the default stride
    /// (`pool`), else it is 1 (`conv`).
    init(_ b: LayerBuilder, sizeKey: String, dims: [Dim], input: DataTemplate, defaultPadding: Padding?,
         defaultStridesToSize: Bool) throws {
        guard let sizes = try b.read({ try $0.optionalIntList(sizeKey) }) else {
            throw b.error(.invalidOption, "needs '\(sizeKey)', a tuple with one size per convolved axis, e.g. (3,) over time")
        }
        let axes = dims.count
        let described = "\(axes) ax\(axes == 1 ? "is" : "es") (\(dims.map(\.description).joined(separator: ", ")))"
        guard sizes.count == axes else {
            throw b.error(.dimensionMismatch, "\(sizeKey) \(sizes) has \(sizes.count) entries, but the input \(input) has " +
                          "\(described) to work on" + (axes == 1 && sizes.count == 2 ? "; add input_add_feature_dim=True for a 2-D conv over [B, T, F]" : ""))
        }
        guard sizes.allSatisfy({ $0 >= 1 }) else { throw b.error(.invalidOption, "\(sizeKey) \(sizes) must be positive") }
        func perAxis(_ key: String, default def: [Int]) throws -> [Int] {
            guard let v = try b.read({ try $0.optionalIntList(key) }) else { return def }
            let list = v.count == 1 ? [Int](repeating: v[0], count: axes) : v
            guard list.count == axes, list.allSatisfy({ $0 >= 1 }) else {
                throw b.error(.invalidOption, "\(key) \(v) must be one positive int or \(axes) of them (one per axis of \(sizeKey))")
            }
            return list
        }
        self.sizes = sizes
        strides = try perAxis("strides", default: defaultStridesToSize ? sizes : [Int](repeating: 1, count: axes))
        dilations = try perAxis("dilation_rate", default: [Int](repeating: 1, count: axes))
        let pv = b.options.optionalValue("padding")
        if let pv, !pv.isNone {
            if let s = pv.stringValue, let p = Padding(rawValue: s.lowercased()) {
                padding = p
            } else if let i = pv.intValue, i == 0, pv.boolValue == nil {
                padding = .valid
            } else {
                throw b.error(.invalidOption, "padding must be \"same\" or \"valid\" (\"same_static\" and int padding are not supported), " +
                              "got \(pv.repr)", at: pv.location)
            }
        } else if let defaultPadding {
            padding = defaultPadding
        } else {
            throw b.error(.invalidOption, "needs 'padding': \"same\" or \"valid\"")
        }
        for (i, d) in dims.enumerated() {
            guard let s = d.size else { continue }
            guard length(s, axis: i) > 0 else {
                throw b.error(.dimensionMismatch, "the window of size \(sizes[i]) (dilation \(dilations[i])) does not fit the axis \(d) " +
                              "of size \(s) with padding \"valid\"; use padding \"same\" or a smaller \(sizeKey)")
            }
        }
    }

    /// The time axis and (for two window sizes) the first static spatial axis of a `[B, T, S?, F]` input (`pool`).
    init(_ b: LayerBuilder, sizeKey: String, axes: Int, input: DataTemplate, defaultPadding: Padding?, defaultStridesToSize: Bool) throws {
        let dims = ([input.timeDim!] + input.dims.indices.filter { i in
            !input.dims[i].isBatch && !input.dims[i].isDynamic && i != input.featureAxis
        }.map { input.dims[$0] }).prefix(axes)
        try self.init(b, sizeKey: sizeKey, dims: Array(dims), input: input, defaultPadding: defaultPadding,
                      defaultStridesToSize: defaultStridesToSize)
    }

    /// Whether the length of axis `i` stays the same (stride 1 and `same` padding or a window of one frame).
    func keeps(axis i: Int) -> Bool { strides[i] == 1 && (padding == .same || sizes[i] == 1) }

    /// Whether the time length stays the same.
    var keepsTime: Bool { keeps(axis: 0) }

    /// The output length of axis `i` for an input length.
    func length(_ n: Int, axis i: Int) -> Int {
        padding.outputLength(time: n, size: sizes[i], stride: strides[i], dilation: dilations[i])
    }

    /// The output tag of windowed axis `i` with input tag `d` (RETURNN `calc_out_dim`): the same tag
    /// when the length stays, a static tag of the new size, or a derived dynamic tag.
    func outputDim(_ d: Dim, axis i: Int, layer: String) -> Dim {
        if keeps(axis: i) { return d }
        if let s = d.size { return Dim(kind: d.kind, name: "\(layer):conv:s\(i)", size: length(s, axis: i)) }
        let reduced = padding == .same ? d : d.plus(-(dilations[i] * (sizes[i] - 1)))
        return reduced.ceilDiv(strides[i])
    }

    /// The output template of a `[B, T, S?, F]` input: new static spatial size, `featureDim`, and a
    /// new time tag when the time length changes (`pool`).
    func outputTemplate(_ input: DataTemplate, featureDim: Int, layer: String) -> DataTemplate {
        var t = input.withFeature(featureDim)
        if sizes.count == 2 {
            t.spatial = [length(input.spatial[0], axis: 1)]
        }
        if let time = input.timeDim { t.timeDim = outputDim(time, axis: 0, layer: layer) }
        return t
    }

    /// Per-sequence output lengths of axis `i` (time by default).
    func outputLengths(_ lens: IntTensor, axis i: Int = 0) -> IntTensor {
        if keeps(axis: i) { return lens }
        return IntTensor(shape: lens.shape, lens.array.map { Int32(length(Int($0), axis: i)) })
    }
}
