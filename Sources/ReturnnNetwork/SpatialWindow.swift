import ReturnnConfig
import ReturnnTensor

/// The window geometry shared by `conv` and `pool`: per convolved axis (time first, then the
/// spatial axis) the window size, stride and dilation, plus the padding mode (RETURNN options
/// `filter_size`/`pool_size`, `strides`, `dilation_rate`, `padding`).
struct SpatialWindow: Equatable {
    /// Window size per axis.
    let sizes: [Int]
    /// Stride per axis.
    let strides: [Int]
    /// Dilation per axis.
    let dilations: [Int]
    /// `same` or `valid`.
    let padding: Padding

    /// Reads the options for `axes` axes (1: time; 2: time and the spatial axis of `input`).
    /// `defaultPadding` nil makes `padding` required; `defaultStridesToSize` makes the window size the
    /// default stride (`pool`), else it is 1 (`conv`).
    init(_ b: LayerBuilder, sizeKey: String, axes: Int, input: DataTemplate, defaultPadding: Padding?,
         defaultStridesToSize: Bool) throws {
        guard let sizes = try b.read({ try $0.optionalIntList(sizeKey) }) else {
            throw b.error(.invalidOption, "needs '\(sizeKey)', a tuple with one size per convolved axis, e.g. (3,) over time")
        }
        let described = axes == 1 ? "1 axis (time)" : "2 axes (time and the spatial axis of size \(input.spatial[0]))"
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
        if axes == 2 {
            let s = input.spatial[0]
            let out = padding.outputLength(time: s, size: sizes[1], stride: strides[1], dilation: dilations[1])
            guard out > 0 else {
                throw b.error(.dimensionMismatch, "the window of size \(sizes[1]) (dilation \(dilations[1])) does not fit the spatial axis " +
                              "of size \(s) with padding \"valid\"; use padding \"same\" or a smaller \(sizeKey)")
            }
        }
    }

    /// Whether the time length stays the same (stride 1 and `same` padding or a window of one frame).
    var keepsTime: Bool { strides[0] == 1 && (padding == .same || sizes[0] == 1) }

    /// The output template: new static spatial size, `featureDim`, and a new time tag when the time
    /// length changes.
    func outputTemplate(_ input: DataTemplate, featureDim: Int, layer: String) -> DataTemplate {
        var t = input.withFeature(featureDim)
        if sizes.count == 2 {
            t.spatial = [padding.outputLength(time: input.spatial[0], size: sizes[1], stride: strides[1], dilation: dilations[1])]
        }
        if !keepsTime, let time = input.timeDim {
            let reduced = padding == .same ? time : time.plus(-(dilations[0] * (sizes[0] - 1)))
            t.timeDim = reduced.ceilDiv(strides[0])
        }
        return t
    }

    /// Per-sequence output lengths over time.
    func outputLengths(_ lens: IntTensor) -> IntTensor {
        if keepsTime { return lens }
        let out = lens.array.map {
            Int32(padding.outputLength(time: Int($0), size: sizes[0], stride: strides[0], dilation: dilations[0]))
        }
        return IntTensor(shape: lens.shape, out)
    }
}
