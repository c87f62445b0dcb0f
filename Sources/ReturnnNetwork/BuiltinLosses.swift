import ReturnnConfig

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
        EditDistanceLoss.self,
    ] }

    /// Other names (RETURNN: `sse_sigmoid` is `bin_ce`).
    public static let aliases: [String: String] = ["sse_sigmoid": "bin_ce"]

    /// The loss classes as a `NameRegistry` (with upstream's other loss names).
    public static var registry: NameRegistry<any Loss.Type> {
        NameRegistry(family: "loss", entries: all.map { ($0.className, $0) }, aliases: aliases, upstreamNames: UpstreamNames.losses)
    }

    /// The type for a loss name, or `nil`.
    public static func type(named name: String) -> (any Loss.Type)? { registry.lookup(name) }
}
