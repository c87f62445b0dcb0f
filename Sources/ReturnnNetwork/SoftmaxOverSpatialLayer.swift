import ReturnnConfig
import ReturnnTensor

/// Softmax over a spatial axis (RETURNN `softmax_over_spatial`), e.g. attention weights over the
/// encoder frames; no parameters. The softmax axis is moved to the end of the output.
///
/// Options: `axis` (the time axis by default; a description like `"stag:..."` or a dim tag),
/// `energy_factor` (None; the energies are scaled by it, e.g. `1/sqrt(d)`), `use_time_mask`
/// (default: when the axis is dynamic; frames beyond each sequence's length along the axis get
/// `-inf` energy, so weight 0), `log_space` (False: True gives `log_softmax`), `start` (a layer
/// `[B]` of int frame indices: frames before it are masked), `window_start` (a layer `[B]`)
/// with `window_size` (an int or a layer `[B]`): only frames in `[start, start + size)` count.
/// `start`, `window_start` and a layer `window_size` name other layers (see `ReferencesLayers`).
/// Per frame inside a rec unit the energies are `[B, T_enc]` and these layers `[B]`; over whole
/// sequences (`[B, T_dec, T_enc]`) they may also be `[B, T_dec]`, one index per decoder frame
/// (upstream broadcasts them to the energies with `copy_compatible_to`).
/// ```python
/// "att_weights": {"class": "softmax_over_spatial", "from": "energy", "axis": enc_time_dim, "energy_factor": 0.125}
/// ```
public final class SoftmaxOverSpatialLayer: ReferencesLayers {
    /// The class name in a net dict: `"class": "softmax_over_spatial"`.
    public static let className = "softmax_over_spatial"
    /// It works across frames (RETURNN `recurrent = True`).
    public static var mixesFrames: Bool { true }
    /// The options that name layers.
    public static let layerOptionKeys = ["start", "window_start", "window_size"]
    /// The input with the softmax axis last.
    public let output: DataTemplate
    let input: DataTemplate
    let axis: Int
    let energyFactor: Float?
    let useMask: Bool
    let logSpace: Bool
    /// Input positions of `start`, `window_start`, `window_size` layers; a constant window size.
    let startIndex: Int?, windowStartIndex: Int?, windowSizeIndex: Int?
    let windowSize: Int?
    /// Templates of the `start`/`window_start`/`window_size` layers and their axis maps into the
    /// output without the softmax axis, by key.
    let references: [String: (template: DataTemplate, map: [Int])]

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        input = b.input
        guard input.isFloat else { throw b.error(.sparseMismatch, "input \(input) holds int values; softmax_over_spatial needs float energies") }
        if let v = b.options.optionalValue("axis"), !v.isNone {
            axis = try AxisDescription.resolveSingle(v, in: input, key: "axis", layer: b)
            if input.dims[axis].isBatch { throw b.error(.invalidOption, "the softmax axis cannot be the batch axis", at: v.location) }
        } else {
            guard let t = input.timeAxis else {
                throw b.error(.dimensionMismatch, "input \(input) has no time axis; give 'axis' (the axis to normalize over)")
            }
            axis = t
        }
        if let v = b.options.optionalValue("energy_factor"), !v.isNone {
            guard let d = v.doubleValue, v.boolValue == nil else {
                throw b.error(.invalidOption, "energy_factor must be a number, got \(v.repr)", at: v.location)
            }
            energyFactor = d == 0 ? nil : Float(d)
        } else {
            energyFactor = nil
        }
        logSpace = try b.read { try $0.bool("log_space", default: false) }
        useMask = try b.read { try $0.optionalBool("use_time_mask") } ?? input.dims[axis].isDynamic
        if useMask && !input.dims[axis].isDynamic {
            throw b.error(.invalidOption, "use_time_mask=True needs a dynamic softmax axis, but \(input.dims[axis]) is static")
        }
        let keys = Self.layerOptionKeys
        var out = input
        out.dims.append(out.dims.remove(at: axis))
        var refs: [String: (template: DataTemplate, map: [Int])] = [:]
        for key in keys {
            guard let t = try b.referencedTemplate(key) else { continue }
            // Upstream: `copy_compatible_to` the energies: [B] per frame, or [B, T_dec] over whole sequences.
            let others = DataTemplate(dims: Array(out.dims.dropLast()))
            guard t.isInt, let map = t.axisMap(into: others) else {
                throw b.error(.dimensionMismatch, "\(key) must be a layer with int output [B] (one frame index per sequence; [B, T_dec] " +
                              "for energies [B, T_dec, T_enc]) whose axes are axes of the input \(input) other than the softmax axis, got \(t)")
            }
            refs[key] = (t, map)
        }
        if let v = b.options.optionalValue("window_start"), !v.isNone, v.stringValue == nil {
            throw b.error(.invalidOption, "window_start must be the name of a layer with the window start frames, got \(v.repr) " +
                          "(upstream looks a constant up as a layer name)", at: v.location)
        }
        references = refs
        startIndex = b.referenceIndex("start", keys: keys, sourceCount: 1)
        windowStartIndex = b.referenceIndex("window_start", keys: keys, sourceCount: 1)
        windowSizeIndex = b.referenceIndex("window_size", keys: keys, sourceCount: 1)
        if let v = b.options.optionalValue("window_size"), !v.isNone, v.stringValue == nil {
            guard let n = v.intValue, v.boolValue == nil, n > 0 else {
                throw b.error(.invalidOption, "window_size must be a positive int or a layer name, got \(v.repr)", at: v.location)
            }
            windowSize = n
        } else {
            windowSize = nil
        }
        if b.hasOption("window_start") != (windowSize != nil || windowSizeIndex != nil) {
            throw b.error(.invalidOption, "window_start and window_size go together: give both (upstream ignores window_size alone)")
        }
        if (startIndex != nil || windowStartIndex != nil) && !useMask {
            throw b.error(.invalidOption, "start and window_start need the time mask; remove use_time_mask=False")
        }
        output = out
    }

    /// Moves the axis last, masks, scales, normalizes.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        var x = inputs[0].dense
        if axis != x.rank - 1 {
            var perm = Array(0..<x.rank)
            perm.append(perm.remove(at: axis))
            x = tape.transpose(x, perm)
        }
        let last = x.rank - 1
        if useMask {
            var m = AxisMask.mask(shape: x.shape, batchAxis: output.batchAxis, axis: last, lengths: AxisMask.lengths(output.dims[last], ctx))
            if startIndex != nil || windowStartIndex != nil {
                m = Broadcast.expand(m, to: x.shape)
                let starts = startIndex.map { frames(inputs[$0], "start", x.shape) }
                let wStarts = windowStartIndex.map { frames(inputs[$0], "window_start", x.shape) }
                let wSizes = windowSizeIndex.map { frames(inputs[$0], "window_size", x.shape) }
                let n = x.shape[last]
                m.withUnsafeMutableBufferPointer { p in
                    for r in 0..<(n == 0 ? 0 : p.count / n) {
                        for t in 0..<n where p[r * n + t] != 0 {
                            var ok = starts.map { t >= $0[r] } ?? true
                            if let wStarts {
                                let s = wStarts[r], size = wSizes?[r] ?? windowSize!
                                ok = ok && t >= s && t < s + size
                            }
                            if !ok { p[r * n + t] = 0 }
                        }
                    }
                }
            }
            x = tape.select(m, x, Variable(Tensor(scalar: -.infinity)))
        }
        if let energyFactor { x = tape.scale(x, by: energyFactor) }
        let y = logSpace ? tape.logSoftmax(x) : tape.softmax(x)
        return LayerValue(values: y, seqLens: output.timeDim.flatMap { ctx.sizes(of: $0) })
    }

    /// The frame indices of a referenced layer for every row of the output (all axes but the last).
    func frames(_ v: LayerValue, _ key: String, _ shape: [Int]) -> [Int] {
        let t = Tape(recording: false)
        let x = Variable(Tensor(shape: v.ints!.shape, v.ints!.array.map(Float.init)))
        let others = DataTemplate(dims: Array(output.dims.dropLast()))
        let (template, map) = references[key]!
        let aligned = template.aligned(x, to: others, map: map, tape: t)
        return Broadcast.expand(aligned.value, to: Array(shape.dropLast())).array.map { Int($0) }
    }
}
