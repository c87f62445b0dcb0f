import ReturnnConfig

/// What the `search` task writes for one sequence into the `search_output_file` (RETURNN
/// `Engine.search`'s `out_cache` values), with the hypotheses already turned into strings (for a
/// sparse output: the vocabulary's `get_seq_labels`, labels joined by spaces).
public enum SearchOutputEntry: Equatable, Sendable {
    /// The output after the decision (no beam): one hypothesis, `'hello world'`.
    case text(String)
    /// The output still has the beam: every hypothesis with its beam score, best first, written as
    /// `[(score, 'text'), ...]` (upstream's scores are float32, hence `Float`).
    case nBest([Hypothesis])
    /// Several output layers (`search_output_layer` a list; only the "py" format): each layer's
    /// entry, written as a dict sorted by layer name.
    case layers([String: SearchOutputEntry])

    /// One hypothesis of an n-best list.
    public struct Hypothesis: Equatable, Sendable {
        /// The beam score (log-probability), float32 as upstream.
        public var score: Float
        /// The hypothesis as text.
        public var text: String

        /// Creates a hypothesis.
        public init(score: Float, text: String) {
            self.score = score
            self.text = text
        }
    }

    /// Python's `better_repr` of the entry (the "py" format): a str repr; a list one item per line
    /// with a trailing comma (`[\n(-1.5, 'a b'),\n]`); a dict sorted by key, one item per line with
    /// trailing commas when its items have 40 characters or more.
    public var betterRepr: String {
        switch self {
        case .text(let s): return PythonRepr.string(s)
        case .nBest(let hyps): return "[\n" + hyps.map { Self.tupleRepr($0) + ",\n" }.joined() + "]"
        case .layers(let byLayer):
            let items = byLayer.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
                .map { PythonRepr.string($0) + ": " + byLayer[$0]!.betterRepr }
            if items.reduce(0, { $0 + $1.unicodeScalars.count }) >= 40 {
                return "{\n" + items.map { $0 + ",\n" }.joined() + "}"
            }
            return "{" + items.joined(separator: ", ") + "}"
        }
    }

    /// Python's `str()` of the entry (the "txt" format): the text itself; an n-best list as
    /// `[(-1.5, 'a b'), (-2.25, 'c')]`. Nil for `.layers`, which the "txt" format cannot hold.
    public var str: String? {
        switch self {
        case .text(let s): return s
        case .nBest(let hyps): return "[" + hyps.map(Self.tupleRepr).joined(separator: ", ") + "]"
        case .layers: return nil
        }
    }

    /// `(score, 'text')`, the score as a numpy float32 (numpy 1.x repr).
    static func tupleRepr(_ h: Hypothesis) -> String {
        "(" + PythonRepr.float32(h.score) + ", " + PythonRepr.string(h.text) + ")"
    }
}
