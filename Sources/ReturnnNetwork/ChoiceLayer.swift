import ReturnnConfig
import ReturnnTensor

/// The label choice of a decoder step (RETURNN `choice`, `ChoiceLayer`).
///
/// Without search (training, and evaluation without the search flag) its output is the `target`
/// (teacher forcing), frame by frame inside a rec loop or the whole target sequence when moved
/// out of it; its sources (the label distribution) are not read then. With search (the `search`
/// task, `forward_use_search`, or `"search": True`) it does beam search inside the loop of its
/// `rec` layer: every step keeps the `beam_size` best hypotheses by the summed log scores of its
/// source, and the loop reorders the state of every layer by the chosen hypotheses (see
/// `RecBeamSearch`).
///
/// Options as upstream: `beam_size` (required), `input_type` ("prob" (default), "log_prob",
/// "logits"), `length_normalization` (True), `length_normalization_exponent` (1.0), `prob_scale`
/// (1.0), `base_beam_score_scale` (1.0), `target`, `initial_output`, `search` (the network's search
/// flag by default), `cheating` (False; True or "exclusive": the true label of `target` is kept in
/// the beam), `scheduled_sampling` (False), `explicit_search_sources` (accepted).
/// ```python
/// "output": {"class": "choice", "from": "prob", "target": "classes", "beam_size": 12, "initial_output": 0}
/// ```
public final class ChoiceLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "choice"`.
    public static let className = "choice"
    /// The sources are label scores of their own.
    public static var concatenatesSources: Bool { false }
    /// The target's sparse labels, per frame inside a loop.
    public let output: DataTemplate
    /// Whether this choice searches (else its value is the target).
    public let search: Bool
    /// The settings of the search step (meaningful when `search`).
    public let settings: Settings

    /// How a searching choice scores its hypotheses (RETURNN's ChoiceLayer options).
    public struct Settings: Sendable {
        /// `beam_size`.
        public var beamSize: Int
        /// `input_type`: "prob", "log_prob" or "logits".
        public var inputType: String
        /// `length_normalization`, `length_normalization_exponent`.
        public var lengthNormalization: Bool, lengthNormalizationExponent: Double
        /// `prob_scale`, `base_beam_score_scale`.
        public var probScale: Double, baseBeamScoreScale: Double
        /// `cheating`: False, True (the true label replaces the last hypothesis of each sequence),
        /// or "exclusive" (and top-k does not pick it a second time).
        public var cheating: Cheating = .off

        /// RETURNN's `cheating` values.
        public enum Cheating: Sendable { case off, on, exclusive }
    }

    /// Whether a choice with options `options` cheats (`cheating` True or "exclusive").
    static func cheats(_ options: OptionReader) -> Bool {
        guard let v = options.dict.get("cheating"), !v.isNone else { return false }
        return v.stringValue != nil || v.isTruthy
    }

    /// Whether a choice with options `options` searches: its `search` option, else the network's
    /// search flag (RETURNN's `NotSpecified.resolve(search, network.search_flag)`).
    static func searches(_ options: OptionReader, searchFlag: Bool) -> Bool {
        guard let s = options.dict.get("search"), !s.isNone else { return searchFlag }
        return s.isTruthy
    }

    /// The target data, read as the output when the choice does not search.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        guard let t = options.layerName("target") else { return [] }
        return [t.hasPrefix("layer:") ? String(t.dropFirst(6)) : "data:" + t]
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let beam = try b.read { try $0.value("beam_size") }
        guard let n = beam.intValue, n >= 1 else { throw b.error(.invalidOption, "beam_size must be an int >= 1, got \(beam.repr)", at: beam.location) }
        search = ChoiceLayer.searches(b.options, searchFlag: b.searchFlag)
        if let s = b.options.optionalValue("scheduled_sampling"), s.isTruthy {
            throw b.error(.invalidOption, "scheduled_sampling is not supported yet", at: s.location)
        }
        let inputType = try b.read { try $0.string("input_type", default: "prob") }
        guard ["prob", "log_prob", "logits", "regression"].contains(inputType) else {
            throw b.error(.invalidOption, "input_type must be \"prob\", \"log_prob\", \"logits\" or \"regression\", got \"\(inputType)\"")
        }
        var settings = Settings(beamSize: n, inputType: inputType,
                            lengthNormalization: try b.read { try $0.bool("length_normalization", default: true) },
                            lengthNormalizationExponent: try b.read { try $0.double("length_normalization_exponent", default: 1) },
                            probScale: try b.read { try $0.double("prob_scale", default: 1) },
                            baseBeamScoreScale: try b.read { try $0.double("base_beam_score_scale", default: 1) })
        b.options.ignore(["search", "scheduled_sampling", "add_to_beam_scores", "explicit_search_sources", "explicit_search_source",
                          "target", "source_beam_sizes"])
        if search {
            for key in ["keep_beams", "custom_score_combine", "random_sample_scale"] {
                if let v = b.options.optionalValue(key), v.isTruthy {
                    throw b.error(.invalidOption, "\(key) is not supported in search yet", at: v.location)
                }
            }
            b.options.ignore(["keep_beams", "custom_score_combine", "random_sample_scale"])
            if let c = b.options.optionalValue("cheating"), !c.isNone {
                if let s = c.stringValue {
                    guard s == "exclusive" else { throw b.error(.invalidOption, "cheating must be True, False or \"exclusive\", got \(c.repr)", at: c.location) }
                    settings.cheating = .exclusive
                } else if c.isTruthy {
                    settings.cheating = .on
                }
                if settings.cheating != .off {
                    guard let target = b.referencedNodes.first, target.output.isSparse else {
                        throw b.error(.missingTarget, "cheating adds the true label to the beam: the choice needs a sparse 'target'", at: c.location)
                    }
                }
            }
            guard inputType != "regression" else { throw b.error(.invalidOption, "input_type \"regression\" is not supported in search yet") }
            guard b.inputs.count == 1 else {
                throw b.error(.invalidOption, "a choice over \(b.inputs.count) sources (combined label scores) is not supported in search yet; " +
                              "give it one source")
            }
            let scores = b.inputs[0]
            guard !scores.isSparse, let f = scores.featureTag, scores.dims.count == 2, scores.batchAxis != nil else {
                throw b.error(.dimensionMismatch, "the label scores from '\(b.sourceNames[0])' must be [batch, classes] per frame, got \(scores)")
            }
            guard b.recLoop != nil else {
                throw b.error(.invalidNetwork, "a choice searches inside the unit of a rec layer only (this one runs outside a loop)")
            }
            let sparse = b.target?.sparseTag.flatMap { $0.size == f.size ? $0 : nil } ?? f
            output = DataTemplate(dims: [.batch], sparseTag: sparse, isInt: true)
        } else {
            b.options.ignore(["keep_beams", "cheating", "custom_score_combine", "random_sample_scale"])
            guard let target = b.referencedNodes.first else {
                throw b.error(.missingTarget, "choice needs a 'target' (its output in training); a choice without one searches, which needs the " +
                              "search flag (task \"search\") or \"search\": True")
            }
            guard target.output.isSparse else {
                throw b.error(.sparseMismatch, "the target '\(target.name)' \(target.output) is not sparse; choice picks class labels")
            }
            output = target.output
        }
        self.settings = settings
    }

    /// The target (without search). A searching choice is run by its rec loop (`RecBeamSearch`).
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        precondition(!search, "ChoiceLayer: a searching choice is run by its rec loop")
        return inputs[inputs.count - 1]
    }
}
