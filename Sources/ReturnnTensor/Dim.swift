/// A dimension tag (RETURNN's `Dim`, formerly `DimensionTag`): one axis of a tensor, with a kind
/// (batch, spatial, feature), a description, and a static size or none (dynamic: the sizes are
/// known per batch entry at run time).
///
/// Identity as upstream: a tag is the same axis as itself and as tags declared the same
/// (`declareSame(as:)`, RETURNN's `declare_same_as` / `same_dim_tags_as`); derived tags (`T//2`
/// after a stride-2 convolution, `T+1` after `postfix_in_time`) are the same axis when they are
/// derived the same way from the same tags, so two layers that stride the same input alike
/// produce equal time axes. Equality ignores descriptions.
///
/// ```python
/// time_dim = SpatialDim("time")            # dynamic
/// feat_dim = FeatureDim("feature", 40)     # static 40
/// ```
public final class Dim: Hashable, CustomStringConvertible, @unchecked Sendable {
    /// RETURNN's `Dim.Types`.
    public enum Kind: String, Sendable {
        /// The batch axis.
        case batch = "B"
        /// A spatial axis (time, a window axis, ...).
        case spatial = "S"
        /// A feature axis.
        case feature = "F"
    }

    /// How a derived tag is computed from other tags.
    public struct Derivation: Hashable, Sendable {
        /// The operation (`ceildiv`, `floordiv`, `add`, `sub`, `mul`).
        public let op: String
        /// The tags it is computed from.
        public let operands: [Dim]
        /// The integer operands (stride, padding, slice bounds, ...).
        public let constants: [Int]
    }

    /// `kind`.
    public let kind: Kind
    /// `description` (for messages and `"stag:..."` axis names).
    public let name: String
    /// The static size, nil for a dynamic axis.
    public let size: Int?
    /// For derived tags: how they are computed.
    public let derivation: Derivation?
    // Guarded by construction: tags are declared the same while a network is built, on one thread.
    private var sameAs: Dim?

    /// A tag.
    public init(kind: Kind, name: String, size: Int? = nil, derivation: Derivation? = nil) {
        self.kind = kind
        self.name = name
        self.size = size
        self.derivation = derivation
    }

    /// The batch axis (RETURNN's global `batch_dim`).
    public static let batch = Dim(kind: .batch, name: "batch")

    /// A dynamic spatial tag (RETURNN `SpatialDim(name)`).
    public static func spatial(_ name: String, size: Int? = nil) -> Dim { Dim(kind: .spatial, name: name, size: size) }

    /// A static feature tag (RETURNN `FeatureDim(name, size)`).
    public static func feature(_ name: String, _ size: Int) -> Dim { Dim(kind: .feature, name: name, size: size) }

    /// Whether this is the batch axis.
    public var isBatch: Bool { kind == .batch }
    /// Whether the size is known only at run time.
    public var isDynamic: Bool { size == nil && kind != .batch }

    /// The representative of the tag's `declareSame(as:)` group.
    public var base: Dim {
        var d = self
        while let s = d.sameAs { d = s }
        return d
    }

    /// Declares `self` the same axis as `other` (RETURNN `declare_same_as`).
    public func declareSame(as other: Dim) {
        let a = base, b = other.base
        if a !== b { a.sameAs = b }
    }

    // MARK: derived tags

    /// A tag derived from this one by `op` with integer operands (RETURNN's derived tags); `size`
    /// maps a static size to the derived one. Tags derived alike are the same axis.
    public func derived(_ op: String, _ constants: [Int], kind: Kind? = nil, name: String? = nil, size: (Int) -> Int) -> Dim {
        let k = kind ?? (self.kind == .batch ? .spatial : self.kind)
        let text = name ?? "\(op)(\(self.name), \(constants.map(String.init).joined(separator: ", ")))"
        return Dim(kind: k, name: text, size: self.size.map(size), derivation: Derivation(op: op, operands: [base], constants: constants))
    }

    /// `ceil(self / k)` (a stride-k axis with `same` padding; RETURNN `ceildiv_right`).
    public func ceilDiv(_ k: Int) -> Dim {
        precondition(k > 0, "Dim.ceilDiv by \(k)")
        if k == 1 { return self }
        return derived("ceildiv", [k], name: "⌈\(name)/\(k)⌉") { ($0 + k - 1) / k }
    }

    /// `floor(self / k)` (RETURNN `div_right`).
    public func floorDiv(_ k: Int) -> Dim {
        precondition(k > 0, "Dim.floorDiv by \(k)")
        if k == 1 { return self }
        return derived("floordiv", [k], name: "\(name)//\(k)") { $0 / k }
    }

    /// `self + k` (`postfix_in_time`, padding; RETURNN `add_right`).
    public func plus(_ k: Int) -> Dim {
        if k == 0 { return self }
        return derived("add", [k], name: k > 0 ? "\(name)+\(k)" : "\(name)-\(-k)") { $0 + k }
    }

    /// `self * k` (RETURNN `mul`).
    public func times(_ k: Int) -> Dim {
        if k == 1 { return self }
        return derived("mul", [k], name: "\(name)*\(k)") { $0 * k }
    }

    // MARK: identity

    /// Whether both tags are the same axis (see the type's description).
    public func isSame(as other: Dim) -> Bool {
        if self === other { return true }
        let a = base, b = other.base
        if a === b { return true }
        if a.kind == .batch && b.kind == .batch { return true }
        guard let da = a.derivation, let db = b.derivation else { return false }
        return da.op == db.op && da.constants == db.constants && da.operands.count == db.operands.count
            && zip(da.operands, db.operands).allSatisfy { $0.isSame(as: $1) }
    }

    public static func == (a: Dim, b: Dim) -> Bool { a.isSame(as: b) }

    public func hash(into hasher: inout Hasher) {
        let b = base
        if b.kind == .batch {
            hasher.combine("batch")
        } else if let d = b.derivation {
            hasher.combine(d.op)
            hasher.combine(d.constants)
            for o in d.operands { hasher.combine(o) }
        } else {
            hasher.combine(ObjectIdentifier(b))
        }
    }

    /// `B`, `T|'time'`, `F|'feature'(40)`, `'window'(3)`.
    public var description: String {
        switch kind {
        case .batch: return "B"
        case .feature: return "F|'\(name)'" + (size.map { "(\($0))" } ?? "")
        case .spatial: return (size == nil ? "T|'\(name)'" : "'\(name)'(\(size!))")
        }
    }
}
