import ReturnnConfig
import ReturnnTensor

/// RETURNN's axis descriptions (`Data.get_axes_from_description`) resolved against a template:
/// which runtime axes of `[B?, T?, spatial..., F?]` an option like `axis="T"` or
/// `axes=["s:0", "F"]` names.
///
/// A dim tag (`time_dim`) names the axis with that tag. Strings: `"stag:<description>"` (the axis
/// whose tag has that description), `"dim:<size>"` (the static axis of that size), `"B"`/`"batch"`, `"T"`/`"time"`/`"dyn"`/`"dynamic"`, `"F"`/`"feature"`, `"spatial"` (time
/// and the other spatial axes), `"spatial_except_time"`, `"static"` (spatial and feature),
/// `"except_time"` (all but batch and time), `"except_batch"`, `"*"` (all), `"s:i"`/`"spatial:i"`
/// (the i-th of the `"spatial"` axes), `"static:i"`, letters `"TF"`, `"BT"` (those axes). An int is a batch-major runtime index
/// (negative counts from the end). A list or tuple names the union, in order.
public enum AxisDescription {
    /// The role of one runtime axis.
    public enum Role: Equatable, Sendable {
        /// The batch axis.
        case batch
        /// The dynamic time axis.
        case time
        /// The i-th static spatial axis.
        case spatial(Int)
        /// The feature axis.
        case feature
    }

    /// Roles of the runtime axes of `t`, in order: the batch axis, the time axis (the first
    /// dynamic one), the feature axis, and the others counted as spatial (dynamic ones after the
    /// first included).
    public static func roles(_ t: DataTemplate) -> [Role] {
        let time = t.timeAxis, feature = t.featureAxis
        var k = 0
        return t.dims.indices.map { i in
            if t.dims[i].isBatch { return .batch }
            if i == time { return .time }
            if i == feature { return .feature }
            defer { k += 1 }
            return .spatial(k)
        }
    }

    /// The runtime axes `value` names in `t`, in the given order without duplicates; throws a
    /// located error that lists the valid descriptions.
    public static func resolve(_ value: ConfigValue, in t: DataTemplate, key: String, layer b: LayerBuilder) throws -> [Int] {
        var out: [Int] = []
        let items = value.sequenceItems ?? [value]
        for item in items {
            for a in try resolveOne(item, in: t, key: key, layer: b) where !out.contains(a) { out.append(a) }
        }
        return out
    }

    /// Like `resolve`, but the description must name exactly one axis.
    public static func resolveSingle(_ value: ConfigValue, in t: DataTemplate, key: String, layer b: LayerBuilder) throws -> Int {
        let axes = try resolve(value, in: t, key: key, layer: b)
        guard axes.count == 1 else {
            throw b.error(.invalidOption, "\(key)=\(value.repr) names \(axes.count) axes of the input \(t), but exactly one is needed; " +
                          "use e.g. \"T\", \"F\" or \"s:0\"", at: value.location)
        }
        return axes[0]
    }

    static func resolveOne(_ v: ConfigValue, in t: DataTemplate, key: String, layer b: LayerBuilder) throws -> [Int] {
        let roles = roles(t)
        let all = Array(roles.indices)
        func fail(_ why: String) -> NetworkError {
            b.error(.invalidOption, "\(key)=\(v.repr) \(why) in the input \(t); valid axes are \"B\", \"T\", \"F\", \"spatial\", " +
                    "\"static\", \"except_time\", \"except_batch\", \"s:<i>\" or an int index", at: v.location)
        }
        if let d = b.externData.dimTags.dim(v) {
            // A dim tag names the axis with that tag.
            guard let i = t.dims.firstIndex(where: { $0 == d }) else {
                throw b.error(.dimensionMismatch, "\(key)=\(v.repr) is the dim tag \(d), which the input from " +
                              "\(b.sourceNames.map { "'\($0)'" }.joined(separator: ", ")) \(t) does not have; its dims are " +
                              "\(t.dims.map { "\($0)" }.joined(separator: ", "))")
            }
            return [i]
        }
        if let i = v.intValue, v.boolValue == nil {
            let idx = i < 0 ? i + roles.count : i
            guard idx >= 0 && idx < roles.count else { throw fail("is out of range (rank \(roles.count))") }
            return [idx]
        }
        guard let s = v.stringValue else { throw fail("is not an axis name") }
        let time = all.filter { roles[$0] == .time }
        let feature = all.filter { roles[$0] == .feature }
        let spatialOnly = all.filter { if case .spatial = roles[$0] { return true } else { return false } }
        let spatial = time + spatialOnly
        let static_ = spatialOnly + feature
        switch s.lowercased() {
        case "b", "batch":
            guard t.hasBatch else { throw fail("names the batch axis, which does not exist") }
            return [0]
        case "t", "time", "dyn", "dynamic":
            guard !time.isEmpty else { throw fail("names the time axis, which does not exist") }
            return time
        case "f", "feature":
            guard !feature.isEmpty else { throw fail("names the feature axis, which does not exist (sparse or scalar data)") }
            return feature
        case "spatial": return spatial
        case "spatial_except_time": return spatialOnly
        case "static": return static_
        case "except_time": return all.filter { roles[$0] != .batch && roles[$0] != .time }
        case "except_batch": return all.filter { roles[$0] != .batch }
        case "*": return all
        default: break
        }
        if s.hasPrefix("stag:") {
            // RETURNN `"stag:<description>"`: the axis whose tag has that description.
            let name = String(s.dropFirst(5))
            let found = all.filter { t.dims[$0].name == name || t.dims[$0].base.name == name }
            guard found.count == 1 else { throw fail(found.isEmpty ? "names no axis (the tags are \(t.dims.map(\.name)))" : "names \(found.count) axes") }
            return found
        }
        if s.hasPrefix("dim:"), let n = Int(s.dropFirst(4)) {
            // RETURNN `"dim:<size>"`: the static axis of that size.
            let found = all.filter { !t.dims[$0].isBatch && t.dims[$0].size == n }
            guard found.count == 1 else { throw fail(found.isEmpty ? "names no static axis of size \(n)" : "names \(found.count) axes of size \(n)") }
            return found
        }
        for (prefix, list) in [("s:", spatial), ("spatial:", spatial), ("static:", static_)] where s.hasPrefix(prefix) {
            guard let i = Int(s.dropFirst(prefix.count)) else { throw fail("has no index after '\(prefix)'") }
            let idx = i < 0 ? i + list.count : i
            guard idx >= 0 && idx < list.count else { throw fail("is out of range (\(list.count) such axes)") }
            return [list[idx]]
        }
        if s.count > 1, s.lowercased().allSatisfy({ "btf".contains($0) }) {
            // RETURNN: a string of letters b/t/f names those axes ("TF").
            return try s.flatMap { try resolveOne(ConfigValue(.str(String($0)), at: v.location), in: t, key: key, layer: b) }
        }
        throw fail("is not a known axis description")
    }
}
