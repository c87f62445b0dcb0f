import ReturnnConfig
import ReturnnTensor

/// Reduces axes with `sum`, `mean`, `max` or `min` (RETURNN `reduce`).
///
/// Options: `mode` (required), `axes` or `axis` (required, e.g. `"T"`, `"F"`, `"static"`,
/// `["T", "F"]`), `keep_dims` (False; only for static axes), `use_time_mask` (True when
/// reducing over time: padded frames are ignored, `mean` divides by each sequence's length).
/// Reducing over time drops the time axis (no sequence lengths after).
/// ```python
/// "pooled": {"class": "reduce", "mode": "mean", "axes": "T", "from": "lstm"}   # [B,T,F] -> [B,F]
/// ```
public final class ReduceLayer: Layer {
    /// RETURNN name.
    public static let className = "reduce"

    /// Reduction modes.
    public enum Mode: String, Sendable, CaseIterable {
        /// Sum.
        case sum
        /// Mean (over valid frames when reducing time).
        case mean
        /// Maximum.
        case max
        /// Minimum.
        case min
    }

    /// The template without the reduced axes.
    public let output: DataTemplate
    /// The mode.
    public let mode: Mode
    let axes: [Int]
    let keepDims: Bool
    /// Whether padded frames are masked (time axis reduced with `use_time_mask`).
    let masksTime: Bool

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        guard input.isFloat else { throw b.error(.sparseMismatch, "input \(input) holds int values; reduce needs float input") }
        let modeValue = try b.read { try $0.value("mode") }
        guard let name = modeValue.stringValue, let m = Mode(rawValue: name.lowercased()) else {
            var msg = "unknown reduce mode \(modeValue.repr); supported: " + Mode.allCases.map(\.rawValue).joined(separator: ", ")
            if let s = modeValue.stringValue, let c = EditDistance.closest(to: s, in: Mode.allCases.map(\.rawValue)) { msg += "; did you mean '\(c)'?" }
            throw b.error(.invalidOption, msg, at: modeValue.location)
        }
        mode = m
        let axesValue = b.options.optionalValue("axes").flatMap { $0.isNone ? nil : $0 }
        let axisValue = b.options.optionalValue("axis").flatMap { $0.isNone ? nil : $0 }
        if axesValue != nil && axisValue != nil { throw b.error(.invalidOption, "give either 'axes' or 'axis', not both") }
        guard let v = axesValue ?? axisValue else { throw b.error(.invalidOption, "needs 'axes' (e.g. \"T\" or \"F\")") }
        axes = try AxisDescription.resolve(v, in: input, key: axesValue != nil ? "axes" : "axis", layer: b).sorted()
        guard !axes.isEmpty else { throw b.error(.invalidOption, "axes \(v.repr) names no axis of the input \(input)", at: v.location) }
        let roles = AxisDescription.roles(input)
        if axes.contains(where: { roles[$0] == .batch }) {
            throw b.error(.invalidOption, "reducing over the batch axis is not supported", at: v.location)
        }
        let hasTime = axes.contains { roles[$0] == .time }
        keepDims = try b.read { try $0.bool("keep_dims", default: false) }
        let useTimeMask = try b.read { try $0.optionalBool("use_time_mask") } ?? true
        masksTime = hasTime && useTimeMask
        if keepDims {
            guard !hasTime else { throw b.error(.invalidOption, "keep_dims with the time axis is not supported; reduce static axes only") }
            var out = input
            for a in axes {
                if case .spatial(let s) = roles[a] { out.spatial[s] = 1 } else { out.featureDim = 1 }
            }
            output = out
        } else {
            output = input.removingAxes(axes)
        }
    }

    /// Reduces; over time the padded frames are masked.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        var x = inputs[0].dense
        let lens = inputs[0].seqLens
        let outLens = output.hasTime ? lens : nil
        if masksTime, let lens {
            x = tape.maskSequences(x, lengths: lens)
            switch mode {
            case .sum:
                return LayerValue(values: tape.reduce(x, .sum, axes: axes), seqLens: outLens)
            case .mean:
                let n = axes.dropFirst().map { x.shape[$0] }.reduce(1, *)
                let y = tape.reduce(x, .sum, axes: axes)
                var scaleShape = [Int](repeating: 1, count: y.rank)
                scaleShape[0] = lens.count
                let scale = Tensor(shape: scaleShape, lens.array.map { 1 / Float(Swift.max(Int($0), 1) * n) })
                return LayerValue(values: tape.mul(y, Variable(scale)), seqLens: outLens)
            case .max, .min:
                var maskShape = [Int](repeating: 1, count: x.rank)
                maskShape[0] = x.shape[0]
                maskShape[1] = x.shape[1]
                let valid = Tensor.sequenceMask(lengths: lens, maxTime: x.shape[1]).array
                let bias = Tensor(shape: maskShape, valid.map { $0 > 0 ? 0 : -Float.infinity })
                if mode == .max { return LayerValue(values: tape.reduce(tape.add(x, Variable(bias)), .max, axes: axes), seqLens: outLens) }
                let neg = tape.add(tape.neg(x), Variable(bias))
                return LayerValue(values: tape.neg(tape.reduce(neg, .max, axes: axes)), seqLens: outLens)
            }
        }
        let y: Variable
        switch mode {
        case .sum: y = tape.reduce(x, .sum, axes: axes, keepDims: keepDims)
        case .mean: y = tape.reduce(x, .mean, axes: axes, keepDims: keepDims)
        case .max: y = tape.reduce(x, .max, axes: axes, keepDims: keepDims)
        case .min: y = tape.neg(tape.reduce(tape.neg(x), .max, axes: axes, keepDims: keepDims))
        }
        return LayerValue(values: y, seqLens: outLens)
    }
}
