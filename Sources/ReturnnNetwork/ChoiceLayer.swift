import ReturnnConfig

/// The label choice of a decoder step (RETURNN `choice`, `ChoiceLayer`): in training and
/// evaluation without search its output is the `target` (teacher forcing), frame by frame inside a
/// rec loop or the whole target sequence when moved out of it; its sources (the label
/// distribution) are not read then.
///
/// Options as upstream: `target` (required here), `beam_size`, `input_type` ("prob", "log_prob",
/// "logits"), `length_normalization` (True), `initial_output`, `scheduled_sampling` (False),
/// `cheating`, `explicit_search_sources`, ... Beam search itself (`search`) is not implemented yet.
/// ```python
/// "output": {"class": "choice", "from": "prob", "target": "classes", "beam_size": 12, "initial_output": 0}
/// ```
public final class ChoiceLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "choice"`.
    public static let className = "choice"
    /// The sources are label scores of their own.
    public static var concatenatesSources: Bool { false }
    /// The target: sparse labels, per frame inside a loop.
    public let output: DataTemplate

    /// The target data, read as the output.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        guard let t = options.layerName("target") else { return [] }
        return [t.hasPrefix("layer:") ? String(t.dropFirst(6)) : "data:" + t]
    }

    /// Without search the label scores in `from` are not read, so they are not sources (which also
    /// keeps `prev:` of a layer reading the choice out of a cycle when the loop is moved out).
    public static func sourceNames(from value: ConfigValue, layer: String) throws -> [String]? { [] }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let beam = try b.read { try $0.value("beam_size") }
        guard let n = beam.intValue, n >= 1 else { throw b.error(.invalidOption, "beam_size must be an int >= 1, got \(beam.repr)", at: beam.location) }
        if let s = b.options.optionalValue("search"), s.boolValue == true {
            throw b.error(.invalidOption, "choice with search=True (beam search) is not supported yet; in training the choice is the target",
                          at: s.location)
        }
        if let s = b.options.optionalValue("scheduled_sampling"), s.isTruthy {
            throw b.error(.invalidOption, "scheduled_sampling is not supported yet", at: s.location)
        }
        let inputType = try b.read { try $0.string("input_type", default: "prob") }
        guard ["prob", "log_prob", "logits", "regression"].contains(inputType) else {
            throw b.error(.invalidOption, "input_type must be \"prob\", \"log_prob\", \"logits\" or \"regression\", got \"\(inputType)\"")
        }
        b.options.ignore(["search", "scheduled_sampling", "keep_beams", "add_to_beam_scores", "prob_scale", "base_beam_score_scale",
                          "random_sample_scale", "length_normalization", "length_normalization_exponent", "custom_score_combine",
                          "source_beam_sizes", "cheating", "explicit_search_sources", "explicit_search_source", "target"])
        guard let target = b.referencedNodes.first else {
            throw b.error(.missingTarget, "choice needs a 'target' (its output in training); choosing without one is beam search, which is not supported yet")
        }
        guard target.output.isSparse else {
            throw b.error(.sparseMismatch, "the target '\(target.name)' \(target.output) is not sparse; choice picks class labels")
        }
        output = target.output
    }

    /// The target.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue { inputs[inputs.count - 1] }
}
