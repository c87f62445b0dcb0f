/// A mismatch between saved optimizer state and the updater (e.g. a checkpoint from another
/// optimizer or network), with what to do about it.
public enum UpdaterError: Error, CustomStringConvertible, Equatable {
    /// The state has an entry this updater does not know (names the closest known entry, if any).
    case unknownStateEntry(name: String, suggestion: String?)
    /// An entry has another shape than the updater's slot of the same name.
    case stateShapeMismatch(name: String, expected: [Int], got: [Int])

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .unknownStateEntry(let name, let suggestion):
            return "optimizer state: unknown entry '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
                + " The saved state was written with another optimizer or network; delete the optimizer state file "
                + "to start the optimizer afresh, or use the config it was trained with."
        case .stateShapeMismatch(let name, let expected, let got):
            return "optimizer state: entry '\(name)' has shape \(got), but the parameter needs \(expected); the saved state "
                + "belongs to another network: delete the optimizer state file or use the config it was trained with."
        }
    }
}
