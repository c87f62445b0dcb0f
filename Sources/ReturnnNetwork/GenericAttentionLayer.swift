import ReturnnConfig
import ReturnnTensor

/// Attention with given weights (RETURNN `generic_attention`, `GenericAttentionLayer`): the
/// weighted sum of `base`'s frames with `weights` over `base`'s time axis, e.g. after
/// `softmax_over_spatial`. It is a `dot` of weights and base: the reduce axis is the weights' axis
/// matching the base's time axis; the base's other axes except its features must match remaining
/// weight axes (by size, from the end, as upstream); the remaining weight axes are kept; size-1
/// weight axes that match nothing are squeezed away (`auto_squeeze`, True). No masking besides
/// zeroing padded base frames (the weights are expected to be masked already); no parameters.
///
/// Options: `weights` (a layer, e.g. `[B, T_enc]` per frame inside a rec unit or `[B, T_dec, T_enc]`
/// over whole sequences), `base` (`[B, T_enc, ..., N]`), `auto_squeeze` (True). Both name other layers
/// (`"base:..."` inside a rec unit); no `from`. The output is `[B, remaining weight axes..., N]`.
/// ```python
/// "att_weights": {"class": "softmax_over_spatial", "from": "energy", "axis": enc_time_dim},
/// "att": {"class": "generic_attention", "weights": "att_weights", "base": "base:enc_value"}
/// ```
public final class GenericAttentionLayer: ReferencesLayers {
    /// The class name in a net dict: `"class": "generic_attention"`.
    public static let className = "generic_attention"
    /// No `from`: weights and base are options.
    public static var defaultSources: [String] { [] }
    /// There are no sources to concatenate.
    public static var concatenatesSources: Bool { false }
    /// It works across the base's frames (RETURNN `recurrent = True`).
    public static var mixesFrames: Bool { true }
    /// The options that name layers.
    public static let layerOptionKeys = ["weights", "base"]
    /// `[B, remaining weight axes..., N]`.
    public let output: DataTemplate
    let dot: DotLayer
    let weightsIndex: Int, baseIndex: Int
    /// The weights' shape without the squeezed axes is taken at run time by dropping them.
    let squeezed: [Int]

    /// Reads the options and matches the axes of weights and base.
    public init(_ b: LayerBuilder) throws {
        guard b.inputs.isEmpty else {
            throw b.error(.invalidOption, "generic_attention takes 'weights' and 'base', not 'from' (got " +
                          "\(b.sourceNames.map { "'\($0)'" }.joined(separator: ", ")))")
        }
        guard let wt0 = try b.referencedTemplate("weights"), let wName = b.options.optionalValue("weights")?.stringValue else {
            throw b.error(.invalidOption, "needs 'weights': the name of the layer with the attention weights over base's time axis")
        }
        guard let base = try b.referencedTemplate("base"), let bName = b.options.optionalValue("base")?.stringValue else {
            throw b.error(.invalidOption, "needs 'base': the name of the layer to attend over (e.g. \"base\": \"base:encoder\" " +
                          "inside a rec unit)")
        }
        let autoSqueeze = try b.read { try $0.bool("auto_squeeze", default: true) }
        guard wt0.isFloat, !wt0.isSparse, base.isFloat, !base.isSparse else {
            throw b.error(.sparseMismatch, "weights '\(wName)' \(wt0) and base '\(bName)' \(base) must both be float")
        }
        guard let bBatch = base.batchAxis, let bTime = base.timeAxis, let bFeature = base.featureAxis, bTime != bFeature,
              wt0.batchAxis != nil else {
            throw b.error(.dimensionMismatch, "base '\(bName)' \(base) needs batch, time and feature axes and weights '\(wName)' \(wt0) " +
                          "a batch axis")
        }
        func mismatch(_ why: String) -> NetworkError {
            b.error(.dimensionMismatch, "weights '\(wName)' \(wt0) do not fit base '\(bName)' \(base): \(why)")
        }
        // Upstream's `_weights_remaining_axes`: pair the base's other axes with weight axes from the end; squeeze size 1.
        func match(_ wt: DataTemplate) throws -> (red: Int, rem: [(Int, Int)], kept: [Int], squeeze: [Int]) {
            guard let red = Self.reduceAxis(wt, baseTime: base.dims[bTime]) else {
                throw mismatch("no weights axis matches the base's time axis \(base.dims[bTime])")
            }
            var baseRest = base.dims.indices.filter { $0 != bBatch && $0 != bTime && $0 != bFeature }
            var kept = wt.dims.indices.filter { $0 != wt.batchAxis! && $0 != red }
            var rem = [(wt.batchAxis!, bBatch)], squeeze: [Int] = []
            for i in kept.reversed() {
                if let last = baseRest.last, wt.dims[i].size == base.dims[last].size {
                    rem.append((i, last))
                    baseRest.removeLast()
                    kept.removeAll { $0 == i }
                } else if autoSqueeze && wt.dims[i].size == 1 {
                    kept.removeAll { $0 == i }
                    squeeze.append(i)
                }
            }
            guard baseRest.isEmpty else {
                throw mismatch("the base axes \(baseRest.map { base.dims[$0].description }) match no weights axis (the base's time " +
                               "axis is reduced, its features kept, every other axis must be in the weights)")
            }
            return (red, rem.sorted { $0.0 < $1.0 }, kept, squeeze)
        }
        var wt = wt0
        var m = try match(wt)
        let squeeze = m.squeeze.sorted()
        if !squeeze.isEmpty {
            wt.dims = wt.dims.indices.filter { !squeeze.contains($0) }.map { wt.dims[$0] }
            m = try match(wt)
        }
        squeezed = squeeze
        if let s = wt.dims[m.red].size, let t = base.dims[bTime].size, s != t {
            throw mismatch("the reduce axis \(wt.dims[m.red]) and the base's time axis \(base.dims[bTime]) differ in size")
        }
        dot = DotLayer(wt, base, rem: (m.rem.map(\.0), m.rem.map(\.1)), vars: (m.kept, [bFeature]), red: ([m.red], [bTime]),
                       name: b.name, location: b.location)
        output = dot.output
        weightsIndex = b.referenceIndex("weights", keys: Self.layerOptionKeys, sourceCount: 0)!
        baseIndex = b.referenceIndex("base", keys: Self.layerOptionKeys, sourceCount: 0)!
    }

    /// The weights' axis to reduce (upstream's `_weights_time_axis_to_reduce`): the one with the
    /// base's time dim tag (preferring the weights' time axis among several), else the only dynamic one.
    static func reduceAxis(_ wt: DataTemplate, baseTime: Dim) -> Int? {
        let matched = wt.dims.indices.filter { wt.dims[$0] == baseTime }
        if matched.count > 1 { return matched.contains(wt.timeAxis ?? -1) ? wt.timeAxis : matched.last }
        if let m = matched.first { return m }
        let dynamic = wt.dims.indices.filter { wt.dims[$0].isDynamic }
        return dynamic.count == 1 ? dynamic[0] : nil
    }

    /// Squeezes the weights and runs the dot product.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        var w = inputs[weightsIndex].dense
        if !squeezed.isEmpty {
            w = ctx.tape.reshape(w, w.shape.indices.filter { !squeezed.contains($0) }.map { w.shape[$0] })
        }
        return try dot.forward([LayerValue(values: w, seqLens: nil), inputs[baseIndex]], ctx)
    }
}
