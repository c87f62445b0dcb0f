import ReturnnConfig
import ReturnnKernels
import ReturnnTensor

/// Reduces axes with `sum`, `mean`, `max`, `min`, `logsumexp`, or takes the index of the
/// extremum with `argmax`/`argmin` (RETURNN `reduce`).
///
/// Options: `mode` (required), `axes` or `axis` (required, e.g. `"T"`, `"F"`, `"static"`,
/// `["T", "F"]`), `keep_dims` (False; only for static axes), `use_time_mask` (True when
/// reducing over time: padded frames are ignored, `mean` divides by each sequence's length).
/// Reducing over time drops the time axis (no sequence lengths after). `argmax`/`argmin` take one
/// axis and give int32 indices: sparse over the axis size for a static axis (e.g. `"F"`).
/// ```python
/// "pooled": {"class": "reduce", "mode": "mean", "axes": "T", "from": "lstm"}   # [B,T,F] -> [B,F]
/// ```
public final class ReduceLayer: Layer {
    /// The class name in a net dict: `"class": "reduce"`.
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
        /// `log(sum(exp(x)))`, computed stably.
        case logsumexp
        /// Index of the maximum (int32, no gradient).
        case argmax
        /// Index of the minimum (int32, no gradient).
        case argmin
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
        let isArg = m == .argmax || m == .argmin
        if isArg {
            guard axes.count == 1, !keepDims else {
                throw b.error(.invalidOption, "mode \(m.rawValue) needs exactly one axis and no keep_dims, got axes \(v.repr)", at: v.location)
            }
        }
        let useTimeMask = try b.read { try $0.optionalBool("use_time_mask") } ?? true
        masksTime = hasTime && useTimeMask
        if keepDims {
            guard !hasTime else { throw b.error(.invalidOption, "keep_dims with the time axis is not supported; reduce static axes only") }
            var out = input
            for a in axes {
                if case .spatial(let s) = roles[a] { out.spatial[s] = 1 } else { out.featureDim = 1 }
            }
            output = out
        } else if isArg {
            var out = input
            out.isInt = true
            switch roles[axes[0]] {
            case .time: out.hasTime = false
            case .spatial(let s): out.sparseDim = input.spatial[s]; out.spatial.remove(at: s)
            case .feature: out.sparseDim = input.featureDim; out.featureDim = nil
            case .batch: preconditionFailure("ReduceLayer: batch axis was rejected")
            }
            if out.sparseDim != nil, let f = out.featureDim {
                out.spatial.append(f)
                out.featureDim = nil
            }
            output = out.isSparse ? out : out.withDefaultFeature()
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
            case .max, .logsumexp, .argmax:
                return reduce(tape.add(x, Variable(Self.paddingBias(lens, x.shape))), lens: outLens, tape, negated: false)
            case .min, .argmin:
                // min = -max(-x), with padded frames at -inf in the negated values.
                return reduce(tape.add(tape.neg(x), Variable(Self.paddingBias(lens, x.shape))), lens: outLens, tape, negated: true)
            }
        }
        return reduce(x, lens: outLens, tape, negated: false)
    }

    /// The reduction proper; with `negated`, `x` holds `-input` (min and argmin over masked time).
    func reduce(_ x: Variable, lens outLens: IntTensor?, _ tape: Tape, negated: Bool) -> LayerValue {
        let y: Variable
        switch mode {
        case .sum: y = tape.reduce(x, .sum, axes: axes, keepDims: keepDims)
        case .mean: y = tape.reduce(x, .mean, axes: axes, keepDims: keepDims)
        case .max: y = tape.reduce(x, .max, axes: axes, keepDims: keepDims)
        case .min: y = tape.neg(tape.reduce(negated ? x : tape.neg(x), .max, axes: axes, keepDims: keepDims))
        case .logsumexp:
            // m + log(sum(exp(x - m))) with m = max(x) held constant (-inf rows use 0).
            let m = tape.reduce(Variable(x.value), .max, axes: axes, keepDims: true).value
            let shift = Variable(Tensor(shape: m.shape, m.array.map { $0.isFinite ? $0 : 0 }))
            let s = tape.add(tape.log(tape.reduce(tape.exp(tape.sub(x, shift)), .sum, axes: axes, keepDims: true)), shift)
            y = keepDims ? s : tape.reshape(s, x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
        case .argmax, .argmin:
            let (outer, n, inner) = (x.shape[..<axes[0]].reduce(1, *), x.shape[axes[0]], x.shape[(axes[0] + 1)...].reduce(1, *))
            let src = mode == .argmin && !negated ? Tape(recording: false).neg(Variable(x.value)).value : x.value
            var idx = [Int32](repeating: 0, count: outer * inner)
            idx.withUnsafeMutableBufferPointer { Reduce.argmax(src.pointer, outer: outer, n: n, inner: inner, $0.baseAddress!) }
            return LayerValue(ints: IntTensor(shape: x.shape.enumerated().filter { $0.offset != axes[0] }.map(\.element), idx), seqLens: outLens)
        }
        return LayerValue(values: y, seqLens: outLens)
    }

    /// `[B, T, 1, ...]`: 0 for the frames of each sequence, -inf for padding.
    static func paddingBias(_ lens: IntTensor, _ shape: [Int]) -> Tensor {
        let valid = Tensor.sequenceMask(lengths: lens, maxTime: shape[1]).array
        return Tensor(shape: [shape[0], shape[1]] + [Int](repeating: 1, count: shape.count - 2), valid.map { $0 > 0 ? 0 : -Float.infinity })
    }
}
