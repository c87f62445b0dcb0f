import Foundation
import ReturnnConfig
import ReturnnTensor

/// How the loop of a `rec` unit searches (RETURNN's `_SubnetworkRecCell` with a searching
/// `choice`): which layer chooses, which says the hypothesis ended, and how long the loop may run.
struct RecLoopSearch {
    /// The bound on the number of frames (RETURNN `max_seq_len`).
    enum MaxSeqLen {
        /// No bound of its own: the loop runs over the frames of its input.
        case none
        /// A number of frames.
        case fixed(Int)
        /// An expression like `"max_len_from('base:encoder') * 3"`, evaluated per batch with
        /// `max_len_from(x)` standing for the longest sequence of layer x (loop input `input`).
        case expression(text: String, calls: [(placeholder: String, input: Int)], config: Config, location: SourceLocation)
    }

    /// The searching choice (local name) and its settings.
    let choice: String
    let settings: ChoiceLayer.Settings
    /// The `end` layer (local name), when the loop decides its own length.
    let end: String?
    /// RETURNN `include_eos` (False): whether the frame where `end` is True counts.
    let includeEos: Bool
    let maxSeqLen: MaxSeqLen
    /// Whether the loop runs over the known lengths of its time axis (the target's, when a cheating
    /// choice reads it), hypotheses ending there, instead of at the `end` layer.
    var knownLengths = false

    /// The `max_len_from(...)` calls in a `max_seq_len` string: the layer names, in order, and the
    /// text with each call replaced by a placeholder name.
    static func maxLenCalls(_ text: String) -> (text: String, layers: [String]) {
        var out = "", layers: [String] = []
        var rest = Substring(text)
        while let r = rest.range(of: "max_len_from(") {
            out += rest[..<r.lowerBound]
            let after = rest[r.upperBound...]
            guard let close = after.firstIndex(of: ")") else { out += rest[r.lowerBound...]; rest = ""; break }
            let arg = after[..<close].trimmingCharacters(in: .whitespaces)
            let name = arg.count >= 2 && (arg.first == "'" || arg.first == "\"") && arg.last == arg.first ? String(arg.dropFirst().dropLast()) : arg
            out += "__max_len_from_\(layers.count)"
            layers.append(name)
            rest = after[after.index(after: close)...]
        }
        out += rest
        return (out, layers)
    }

    /// The bound for this batch, or nil when there is none.
    func maxFrames(_ inputs: [LayerValue]) throws -> Int? {
        switch maxSeqLen {
        case .none: return nil
        case .fixed(let n): return n
        case .expression(let text, let calls, let config, let location):
            let locals = calls.map { c -> (String, ConfigValue) in
                let v = inputs[c.input]
                let m = v.seqLens.map { Int($0.array.max() ?? 0) } ?? (v.shape.count > 1 ? v.shape[1] : 1)
                return (c.placeholder, .int(m))
            }
            let r = try config.evaluate(text, locals: locals, location: location)
            if let n = r.intValue { return n }
            if let d = r.doubleValue { return Int(d) }
            throw NetworkError(.invalidOption, "max_seq_len \"\(text)\" gave \(r.repr), expected a number", at: location)
        }
    }
}
