import ReturnnConfig
import ReturnnTensor

/// The final state of a recurrent layer (RETURNN `RecLayer._last_hidden_state`), read by
/// `get_last_hidden_state`: for each sequence the state after its last frame (the first frame when
/// running backward), `[B, n]` per part.
///
/// LSTM units have RETURNN's `LSTMStateTuple(c, h)` (a named tuple in the order `c`, `h`); `gru` and
/// `basicrnn` have one tensor, the output `h`. Parts are picked by RETURNN's `get_state_by_key`.
public struct LastHiddenState {
    /// The parts in RETURNN's order, with their names (nil for a plain tensor state).
    public let parts: [(name: String?, value: Variable)]

    /// A named tuple (`LSTMStateTuple(c=..., h=...)`).
    public static func namedTuple(_ parts: [(String, Variable)]) -> LastHiddenState {
        LastHiddenState(parts: parts.map { (name: $0.0, value: $0.1) })
    }

    /// A single tensor.
    public static func tensor(_ value: Variable) -> LastHiddenState { LastHiddenState(parts: [(name: nil, value: value)]) }

    /// The part named `name`, if there is one.
    public func part(_ name: String) -> Variable? { parts.first { $0.name == name }?.value }

    /// Whether the state is a tuple (named or not) rather than one tensor.
    public var isTuple: Bool { parts.count != 1 || parts[0].name != nil }

    /// The key options RETURNN accepts for this state, for error messages.
    public var validKeys: String {
        isTuple ? "\"*\", \"flat\", " + parts.compactMap(\.name).map { "\"\($0)\"" }.joined(separator: ", ") : "\"*\" or None"
    }

    /// RETURNN `RnnCellLayer.get_state_by_key`: `"*"` concatenates all parts on the last axis (a
    /// tensor state as it is), `"flat"` concatenates a tuple, a string picks a named part, an int a
    /// part of an unnamed tuple, `None` the tensor state. Returns nil when the key does not fit.
    public func value(forKey key: Key, tape: Tape) -> Variable? {
        switch key {
        case .all:
            return parts.count == 1 ? parts[0].value : tape.concat(parts.map(\.value), axis: 1)
        case .flat:
            return isTuple ? tape.concat(parts.map(\.value), axis: 1) : nil
        case .name(let n):
            return parts.first { $0.name == n }?.value
        case .index(let i):
            return isTuple && parts.allSatisfy({ $0.name == nil }) && i >= 0 && i < parts.count ? parts[i].value : nil
        case .none:
            return isTuple ? nil : parts[0].value
        }
    }

    /// A `key` option value.
    public enum Key: Equatable, Sendable, CustomStringConvertible {
        /// `"*"`: everything (concatenated).
        case all
        /// `"flat"`: a tuple concatenated.
        case flat
        /// A named part (`"c"`, `"h"`).
        case name(String)
        /// A part of an unnamed tuple.
        case index(Int)
        /// `None`: a tensor state.
        case none

        /// Reads the option value (a string, an int or None).
        public init?(_ v: ConfigValue) {
            if v.isNone {
                self = .none
            } else if let s = v.stringValue {
                self = s == "*" ? .all : s == "flat" ? .flat : .name(s)
            } else if let i = v.intValue, v.boolValue == nil {
                self = .index(i)
            } else {
                return nil
            }
        }

        public var description: String {
            switch self {
            case .all: return "\"*\""
            case .flat: return "\"flat\""
            case .name(let n): return "\"\(n)\""
            case .index(let i): return "\(i)"
            case .none: return "None"
            }
        }
    }
}
