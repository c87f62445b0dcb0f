/// A special label of a vocabulary as a config gives it: its text (`"<unk>"`) or its index (`0`);
/// upstream accepts both for `unknown_label`, `bos_label`, `eos_label`, `pad_label`.
public enum VocabularyLabel: Equatable, Sendable, CustomStringConvertible {
    /// The label text.
    case label(String)
    /// The label index (`-1` means none, as upstream's `to_id(..., allow_none=True)`).
    case index(Int)

    /// The label as written in a config (`'<unk>'` or `0`).
    public var description: String {
        switch self {
        case .label(let s): return "'\(s)'"
        case .index(let i): return String(i)
        }
    }
}
