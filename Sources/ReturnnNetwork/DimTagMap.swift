import ReturnnConfig
import ReturnnTensor

/// Turns the dim tags a config creates (`ConfigDim`: `SpatialDim("time")`, `FeatureDim("f", 40)`,
/// `batch_dim`, `time_dim.ceildiv_right(2)`) into the network's `Dim`s, one `Dim` per config tag
/// (tags declared the same share one), so that `extern_data`, `out_dim` and `axis` options that
/// name the same config tag name the same axis.
public final class DimTagMap: @unchecked Sendable {
    private var map: [ObjectIdentifier: Dim] = [:]

    /// An empty map.
    public init() {}

    /// The network's tag for a config tag.
    public func dim(_ c: ConfigDim) -> Dim {
        let base = c.base
        if let d = map[ObjectIdentifier(base)] { return d }
        let d = make(base)
        map[ObjectIdentifier(base)] = d
        return d
    }

    private func make(_ c: ConfigDim) -> Dim {
        if c.kind == .batch { return .batch }
        let name = c.description ?? "unnamed"
        if let der = c.derivation, der.operands.count == 2 {
            // `dim op int` (or `int op dim`) as the layers derive tags: equal to their tags.
            let (dimValue, intValue) = der.operands[0].objectValue is ConfigDim ? (der.operands[0], der.operands[1]) : (der.operands[1], der.operands[0])
            if case .object(let operand as ConfigDim) = dimValue.kind, let k = intValue.intValue {
                let o = dim(operand)
                let op = der.op.replacingOccurrences(of: "_right", with: "").replacingOccurrences(of: "_left", with: "")
                switch op {
                case "ceildiv" where k > 0: return o.ceilDiv(k)
                case "floordiv" where k > 0, "div" where k > 0: return o.floorDiv(k)
                case "add": return o.plus(k)
                case "sub" where der.op == "sub_right": return o.plus(-k)
                case "mul": return o.times(k)
                default: break
                }
            }
        }
        let kind: Dim.Kind
        switch c.kind {
        case .feature: kind = .feature
        case .spatial: kind = .spatial
        case .unspecified: kind = c.dimension == nil ? .spatial : .feature
        case .batch: kind = .batch
        }
        return Dim(kind: kind, name: name, size: c.dimension)
    }

    /// The tag a config value names, if it is a dim tag.
    public func dim(_ v: ConfigValue) -> Dim? {
        guard case .object(let c as ConfigDim) = v.kind else { return nil }
        return dim(c)
    }
}
