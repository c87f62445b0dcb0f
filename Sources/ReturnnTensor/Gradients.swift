/// Result of `Tape.backward`: the gradient of every leaf, by leaf slot and by name.
///
/// Leaves that the loss does not depend on get a zero gradient, so every registered parameter has
/// an entry.
public struct Gradients: Sendable {
    /// Gradient per named leaf (RETURNN parameter names such as `"output/W"`).
    public let byName: [String: Tensor]
    /// Gradient per leaf slot.
    let byID: [Int: Tensor]

    /// Creates the result from per-slot gradients and the leaf names.
    init(byID: [Int: Tensor], names: [Int: String]) {
        self.byID = byID
        var named: [String: Tensor] = [:]
        for (id, name) in names { named[name] = byID[id] }
        byName = named
    }

    /// Gradient of the leaf registered as `name`, or `nil` when no such leaf exists.
    public subscript(_ name: String) -> Tensor? { byName[name] }

    /// Gradient of `leaf`, or `nil` when it is not a leaf of the tape.
    public subscript(_ leaf: Variable) -> Tensor? {
        guard let id = leaf.id else { return nil }
        return byID[id]
    }
}
