import ReturnnConfig
import ReturnnKernels
import ReturnnTensor

/// Label errors of a sequence output against the target, for statistics only (RETURNN loss
/// `edit_distance`, `EditDistanceLoss`): the error is Σ over sequences of the Levenshtein distance
/// between the output labels and the target labels (reported per target label: the label error
/// rate, e.g. WER). Not differentiable: the value is a constant 0, so it adds nothing to the
/// objective.
///
/// Options (`loss_opts`): `ctc_decode` (False: the output holds sparse labels of the target's
/// vocabulary; True: the output is dense CTC scores `[B,T,target dim + 1]` with the blank last,
/// decoded greedily, and `n_out` defaults to the target dim + 1), `output_in_log_space` (False;
/// the greedy argmax is the same either way), `label_map` (`{label: label or None}`, keys `0..<n`:
/// applied to output and target before comparing; None removes the label), `debug_print` (only
/// False).
/// ```python
/// "output": {"class": "softmax", "from": "enc", "loss": "ctc", "target": "bpe"},
/// "wer": {"class": "copy", "from": "output", "loss": "edit_distance", "target": "bpe",
///         "loss_opts": {"ctc_decode": True}, "loss_scale": 0}
/// ```
public struct EditDistanceLoss: Loss {
    /// The loss name in a layer dict: `"loss": "edit_distance"`.
    public static let className = "edit_distance"
    /// Needs whole sequences.
    public static var isRecurrent: Bool { true }
    /// Only an error (the edit distance), no value, as upstream.
    public static var hasValue: Bool { false }

    /// One extra output class (the blank) when `loss_opts` sets `ctc_decode`.
    public static func extraOutputDim(lossOptions: ConfigValue?) -> Int {
        lossOptions?.dictValue?.get("ctc_decode")?.boolValue == true ? 1 : 0
    }

    let ctcDecode: Bool
    /// `label_map` as a dense table (`-1`: remove the label).
    let labelMap: [Int32]?
    let layer: String

    /// Reads the options and checks output and target.
    public init(options: inout OptionReader, layer: String, output: DataTemplate, target: DataTemplate?) throws {
        guard let target else { preconditionFailure("EditDistanceLoss: the builder checks needsTarget") }
        try LossFrames.readCommonOptions(&options, loss: Self.className, layer: layer)
        ctcDecode = try options.bool("ctc_decode", default: false)
        _ = try options.bool("output_in_log_space", default: false)
        if try options.bool("debug_print", default: false) {
            throw NetworkError(.invalidOption, "loss 'edit_distance': debug_print=True is not supported (it prints the first sequence " +
                               "from inside the TF graph upstream); remove it and use the search log (log_verbosity 4) instead", layer: layer)
        }
        self.layer = layer
        guard let t = target.sparseDim, target.hasTime else {
            throw NetworkError(.sparseMismatch, "loss 'edit_distance' needs a sparse target with a time axis (label sequences), " +
                               "got \(target)", layer: layer)
        }
        if ctcDecode {
            guard let v = output.featureDim, !output.isSparse, output.hasTime else {
                throw NetworkError(.sparseMismatch, "loss 'edit_distance' with ctc_decode=True needs dense CTC scores [B,T,F] with a " +
                                   "time axis, got \(output); for sparse labels remove ctc_decode", layer: layer)
            }
            guard v == t + 1 else {
                throw NetworkError(.dimensionMismatch, "loss 'edit_distance' with ctc_decode=True: output dim \(v) must be the target " +
                                   "dim \(t) + 1 (blank is the last class); set n_out to \(t + 1) or remove it", layer: layer)
            }
        } else {
            guard let v = output.sparseDim, output.hasTime else {
                throw NetworkError(.sparseMismatch, "loss 'edit_distance' needs sparse output labels with a time axis, got \(output); " +
                                   "for dense CTC scores set loss_opts {'ctc_decode': True}", layer: layer)
            }
            guard v == t else {
                throw NetworkError(.dimensionMismatch, "loss 'edit_distance': the output labels have dim \(v), the target \(t); " +
                                   "both must use the same vocabulary", layer: layer)
            }
        }
        labelMap = try Self.readLabelMap(options.optionalValue("label_map"), layer: layer)
    }

    /// `label_map`: a dict from every label `0..<n` to a label or None.
    static func readLabelMap(_ value: ConfigValue?, layer: String) throws -> [Int32]? {
        guard let value, !value.isNone else { return nil }
        guard let dict = value.dictValue else {
            throw NetworkError(.invalidOption, "loss 'edit_distance': label_map must be a dict {label: label or None}, got \(value.repr)",
                               layer: layer, at: value.location)
        }
        if dict.count == 0 { return nil }
        var table = [Int32](repeating: -1, count: dict.count)
        var seen = [Bool](repeating: false, count: dict.count)
        for (k, v) in zip(dict.keys, dict.values) {
            guard let key = k.intValue, k.boolValue == nil, key >= 0, key < dict.count else {
                throw NetworkError(.invalidOption, "loss 'edit_distance': label_map keys must be the labels 0..\(dict.count - 1) (one " +
                                   "entry per label), got key \(k.repr)", layer: layer, at: value.location)
            }
            if v.isNone {
                table[key] = -1
            } else if let mapped = v.intValue, v.boolValue == nil, mapped >= 0, mapped <= Int(Int32.max) {
                table[key] = Int32(mapped)
            } else {
                throw NetworkError(.invalidOption, "loss 'edit_distance': label_map[\(key)] must be a label (int >= 0) or None, got " +
                                   "\(v.repr)", layer: layer, at: value.location)
            }
            seen[key] = true
        }
        if let missing = seen.firstIndex(of: false) {
            throw NetworkError(.invalidOption, "loss 'edit_distance': label_map has no entry for label \(missing); it needs one for " +
                               "every label 0..\(dict.count - 1)", layer: layer, at: value.location)
        }
        return table
    }

    /// Value 0 (no gradient); error Σ of the per-sequence edit distances.
    public func compute(output: LayerValue, target: LayerValue?, ctx: ForwardContext) throws -> LossSums {
        guard let target, let targetLabels = target.ints else { preconditionFailure("EditDistanceLoss: sparse target expected") }
        let hyps = ctcDecode ? output.ctcGreedyDecoded() : output
        guard let hypLabels = hyps.ints else { preconditionFailure("EditDistanceLoss: sparse output expected") }
        let hypSeqs = try sequences(hypLabels, hyps.seqLens, what: "output")
        let refSeqs = try sequences(targetLabels, target.seqLens, what: "target")
        precondition(hypSeqs.count == refSeqs.count, "EditDistanceLoss: batch sizes of output and target differ")
        let total = zip(hypSeqs, refSeqs).reduce(0) { $0 + ReturnnKernels.EditDistance.levenshtein($1.0, $1.1) }
        return LossSums(value: Variable(Tensor(scalar: 0)), error: Double(total))
    }

    /// The label sequences of `[B, T]` labels with lengths, `label_map` applied.
    func sequences(_ labels: IntTensor, _ lens: IntTensor?, what: String) throws -> [[Int32]] {
        let b = labels.shape.first ?? 0, t = labels.shape.count > 1 ? labels.shape[1] : 0
        let values = labels.array, lengths = lens?.array ?? [Int32](repeating: Int32(t), count: b)
        return try (0..<b).map { i in
            let row = values[(i * t)..<(i * t + Swift.min(Int(lengths[i]), t))]
            guard let labelMap else { return Array(row) }
            var out: [Int32] = []
            for label in row {
                guard label >= 0, Int(label) < labelMap.count else {
                    throw NetworkError(.invalidOption, "loss 'edit_distance': the \(what) of sequence \(i) holds label \(label), which " +
                                       "label_map does not cover (0..\(labelMap.count - 1)); add it to label_map", layer: layer)
                }
                let mapped = labelMap[Int(label)]
                if mapped >= 0 { out.append(mapped) }
            }
            return out
        }
    }
}
