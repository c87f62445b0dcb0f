/// Derived tags that upstream tells apart by operand order (`k + T` is not `T + k`) and sums of
/// tags (`concat`).
extension Dim {
    /// `k + self` (RETURNN `add_left`, e.g. `prefix_in_time`): not the same axis as `self + k`,
    /// whose frames sit elsewhere.
    public func plusLeft(_ k: Int) -> Dim {
        if k == 0 { return self }
        return derived("add_left", [k], name: "\(k)+\(name)") { $0 + k }
    }

    /// `k * self` (RETURNN `mul_left`, e.g. `tile`: the axis repeated as a whole), not the same
    /// axis as `self * k` (`repeat`: each element repeated).
    public func timesLeft(_ k: Int) -> Dim {
        if k == 1 { return self }
        return derived("mul_left", [k], name: "\(k)*\(name)") { $0 * k }
    }

    /// `a + b + ...` (RETURNN `sum(dims)`, the axis of `concat`): static when all are, dynamic
    /// otherwise; the same axis as another sum of the same tags in the same order. The kind is the
    /// first tag's.
    public static func sum(_ dims: [Dim]) -> Dim {
        precondition(!dims.isEmpty, "Dim.sum of no tags")
        if dims.count == 1 { return dims[0] }
        let sizes = dims.map(\.size)
        let size: Int? = sizes.contains { $0 == nil } ? nil : sizes.reduce(0) { $0 + $1! }
        let kind: Kind = dims[0].kind == .batch ? .spatial : dims[0].kind
        return Dim(kind: kind, name: dims.map(\.name).joined(separator: "+"), size: size,
                   derivation: Derivation(op: "sum", operands: dims.map(\.base), constants: []))
    }
}
