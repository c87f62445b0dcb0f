/// An optimizer class under its RETURNN/TF name, with a factory reading its keyword arguments.
struct OptimizerClass: Sendable {
    /// Upstream class name, e.g. `AdamOptimizer` (looked up lower-cased, also without `Optimizer`).
    let name: String
    /// Builds an instance; reads the kwargs it knows (unknown ones are rejected by the caller).
    let make: @Sendable (inout OptimizerKwargs) throws -> Optimizer

    /// The names this class answers to: lower-cased, and without a trailing `optimizer`.
    var lookupNames: [String] { Self.lookupNames(of: name) }

    /// The names a class called `name` answers to: lower-cased, and without a trailing `optimizer`.
    static func lookupNames(of name: String) -> [String] {
        let lower = name.lowercased()
        if lower.hasSuffix("optimizer") && lower != "optimizer" { return [lower, String(lower.dropLast("optimizer".count))] }
        return [lower]
    }
}
