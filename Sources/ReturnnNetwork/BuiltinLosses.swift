/// The loss classes a layer's `loss` can name: one explicit list (RETURNN `get_loss_class`).
public enum BuiltinLosses {
    /// All loss types.
    public static var all: [any Loss.Type] { [
        CrossEntropyLoss.self,
        MeanSquaredErrorLoss.self,
        L1Loss.self,
        MeanL1Loss.self,
        BinaryCrossEntropyLoss.self,
        AsIsLoss.self,
        CtcLoss.self,
    ] }

    /// Other names (RETURNN: `sse_sigmoid` is `bin_ce`).
    public static let aliases: [String: String] = ["sse_sigmoid": "bin_ce"]

    /// The type for a loss name, or `nil`.
    public static func type(named name: String) -> (any Loss.Type)? {
        let resolved = aliases[name] ?? name
        return all.first { $0.className == resolved }
    }

    /// All names, for "did you mean".
    public static var names: [String] { all.map { $0.className } + aliases.keys.sorted() }
}
