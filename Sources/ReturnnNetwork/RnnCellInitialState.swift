import ReturnnConfig
import ReturnnTensor

/// The `initial_state` option of `rnn_cell` (RETURNN `RnnCellLayer.get_rec_initial_state`): per state
/// part `"zeros"` (default; also None and 0), `"ones"` (or 1), `"var"` (a trainable vector, zeros
/// at init, named `initial_<part>`: `initial_c`/`initial_h` for an LSTM, `initial_var` for a one-tensor
/// state), or a layer (its last hidden state `"*"` when it has one, else its output; `[B, n]`).
/// An LSTM's state takes one keyword for both parts, a list `[c, h]` or a dict `{"c": ..., "h": ...}`
/// (a layer must be given per part, as upstream).
/// ```python
/// "initial_state": {"c": "base:enc_c", "h": "base:enc_h"}
/// ```
struct RnnCellInitialState {
    /// Where one part comes from.
    enum Part {
        case zeros, ones
        /// A trainable parameter (full name).
        case variable(String)
        /// A layer (its position in the layer's referenced layers, and its name).
        case layer(Int, String)
    }

    let parts: [Part]
    let stateNames: [String?]
    let n: Int

    static let keywords: Set<String> = ["zeros", "ones", "var", "keep_over_epoch", "keep_over_epoch_no_init", "placeholder"]

    /// The layer names in an `initial_state` value, in order, without repeats.
    static func layerNames(_ value: ConfigValue?) -> [String] {
        var out: [String] = []
        func visit(_ v: ConfigValue) {
            if let s = v.stringValue {
                if !keywords.contains(s) && !out.contains(s) { out.append(s) }
            } else if let items = v.sequenceItems {
                items.forEach(visit)
            } else if let d = v.dictValue {
                d.entries.map(\.value).forEach(visit)
            }
        }
        if let value { visit(value) }
        return out
    }

    /// Reads `value` for a state with parts `stateNames` of size `n`; `perFrame` puts `"var"`
    /// parameters where upstream's rec loop puts them (`<layer>/initial_c`, moved out or outside a
    /// loop `<layer>/rec/initial_c`).
    init(_ value: ConfigValue?, stateNames: [String?], n: Int, perFrame: Bool, b: LayerBuilder) throws {
        self.stateNames = stateNames
        self.n = n
        let layers = Self.layerNames(value)
        let isTuple = stateNames.count > 1
        let valid = isTuple
            ? "\"zeros\", \"ones\", \"var\", 0, 1, a list [c, h] or a dict {\"c\": ..., \"h\": ...} of those or of layer names"
            : "\"zeros\", \"ones\", \"var\", 0, 1 or a layer name"
        func part(_ v: ConfigValue, _ key: String?) throws -> Part {
            if v.isNone { return .zeros }
            if let s = v.stringValue {
                switch s {
                case "zeros": return .zeros
                case "ones": return .ones
                case "var":
                    return .variable(b.parameter((perFrame ? "" : "rec/") + "initial_\(key ?? "var")", shape: [n], initializer: .constant(0)))
                case "keep_over_epoch", "keep_over_epoch_no_init", "placeholder":
                    throw b.error(.invalidOption, "initial_state \"\(s)\" is not supported by swift-returnn; use \(valid)", at: v.location)
                default:
                    return .layer(layers.firstIndex(of: s)!, s)
                }
            }
            if v.boolValue == nil, let d = v.doubleValue, d == 0 || d == 1 { return d == 0 ? .zeros : .ones }
            throw b.error(.invalidOption, "invalid initial_state \(v.repr)\(key.map { " for state part '\($0)'" } ?? ""); use \(valid)",
                          at: v.location)
        }
        let v = value ?? .none
        if let items = v.sequenceItems {
            guard isTuple, items.count == stateNames.count else {
                throw b.error(.invalidOption, "initial_state is a list of \(items.count), but the state of this unit has " +
                              "\(stateNames.count) part\(stateNames.count == 1 ? "" : "s"); use \(valid)", at: v.location)
            }
            parts = try zip(items, stateNames).map { try part($0, $1) }
        } else if let d = v.dictValue {
            let keys = d.entries.map { $0.key.stringValue ?? $0.key.repr }
            guard isTuple, Set(keys) == Set(stateNames.compactMap { $0 }), keys.count == stateNames.count else {
                throw b.error(.invalidOption, isTuple
                    ? "initial_state dict must have exactly the keys \(stateNames.compactMap { $0 }.map { "\"\($0)\"" }.joined(separator: ", ")), got \(keys)"
                    : "initial_state is a dict, but the state of this unit is one tensor; use \(valid)", at: v.location)
            }
            parts = try stateNames.map { key in try part(d.get(key!)!, key) }
        } else {
            if isTuple, let s = v.stringValue, !Self.keywords.contains(s) {
                throw b.error(.invalidOption, "initial_state \"\(s)\" names one layer, but the LSTM state has parts c and h; " +
                              "give {\"c\": \"\(s)\", \"h\": ...} (a layer per part)", at: v.location)
            }
            parts = try stateNames.map { try part(v, $0) }
        }
    }

    /// Whether every part starts at zero (no layer, no parameter).
    var isZero: Bool { parts.allSatisfy { if case .zeros = $0 { return true } else { return false } } }

    /// The initial state `[B, n]` per part; `references` are the referenced layers' values in order.
    func values(batch: Int, references: [LayerValue], _ ctx: ForwardContext, layer: String, at location: SourceLocation) throws -> [Variable] {
        try zip(parts, stateNames).map { part, key in
            switch part {
            case .zeros: return Variable(Tensor(zeros: [batch, n]))
            case .ones: return Variable(Tensor(shape: [batch, n], repeating: 1))
            case .variable(let p): return ctx.tape.add(Variable(Tensor(zeros: [batch, n])), ctx.parameter(p))
            case .layer(let i, let name):
                let r = references[i]
                let v = r.lastHiddenState?.value(forKey: .all, tape: ctx.tape) ?? r.values
                guard let v, v.shape == [batch, n] else {
                    throw NetworkError(.dimensionMismatch, "initial_state layer '\(name)' gives \(r.values.map { "\($0.shape)" } ?? "int values"), " +
                                       "but the state\(key.map { " part '\($0)'" } ?? "") needs [B, n] = [\(batch), \(n)]",
                                       layer: layer, at: location)
                }
                return v
            }
        }
    }
}
