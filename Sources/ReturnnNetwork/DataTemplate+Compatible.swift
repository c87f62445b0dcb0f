import ReturnnTensor

/// Matching the axes of templates by their dim tags (RETURNN `Data.copy_compatible_to`,
/// `find_matching_dim_map`, `get_common_data`), for layers that combine sources of different
/// layouts (`compare`, `switch`, `dot`).
extension DataTemplate {
    /// For each axis of `self`, the axis of `target` it corresponds to, or nil when some axis has no
    /// counterpart. An axis matches the axis with the same tag (`Dim` identity: batch with batch,
    /// dynamic axes only so); a static axis otherwise matches an unused static axis of the same size
    /// and kind, then one of the same size. Every target axis is used at most once.
    public func axisMap(into target: DataTemplate) -> [Int]? {
        var map = [Int?](repeating: nil, count: rank)
        var used = Set<Int>()
        func assign(_ ok: (Dim, Dim) -> Bool) {
            for (i, d) in dims.enumerated() where map[i] == nil {
                if let j = target.dims.indices.first(where: { !used.contains($0) && ok(d, target.dims[$0]) }) {
                    map[i] = j
                    used.insert(j)
                }
            }
        }
        assign { $0 == $1 }
        assign { !$0.isBatch && !$1.isBatch && $0.size != nil && $0.size == $1.size && $0.kind == $1.kind }
        assign { !$0.isBatch && !$1.isBatch && $0.size != nil && $0.size == $1.size }
        return map.allSatisfy { $0 != nil } ? map.map { $0! } : nil
    }

    /// RETURNN `Data.get_common_data`: the template with the axes of all `templates` (dense float,
    /// not sparse): the one with the most axes, which every other must map into
    /// (`axisMap(into:)`). With `broadcastAll` (`allow_broadcast_all_sources`), axes that no single
    /// template has are added (before the feature axis). Returns nil, with the index of the first
    /// template that does not fit, when that fails.
    public static func common(_ templates: [DataTemplate], broadcastAll: Bool) -> (DataTemplate?, misfit: Int?) {
        guard var out = templates.max(by: { $0.rank < $1.rank }) else { return (nil, nil) }
        for (i, t) in templates.enumerated() where t.axisMap(into: out) == nil {
            guard broadcastAll else { return (nil, i) }
            var used = Set<Int>()
            for d in t.dims {
                if let j = out.dims.indices.first(where: { !used.contains($0) && out.dims[$0] == d }) {
                    used.insert(j)
                } else {
                    let at = d.isBatch ? 0 : (out.featureAxis ?? out.rank)
                    out.dims.insert(d, at: at)
                    used = Set(used.map { $0 >= at ? $0 + 1 : $0 })
                    used.insert(at)
                }
            }
            guard t.axisMap(into: out) != nil else { return (nil, i) }
        }
        out.sparseTag = nil
        out.isBool = false
        out.isInt = false
        return (out, nil)
    }

    /// `x` (laid out as `self`) transposed and reshaped to broadcast against a tensor laid out as
    /// `target`, given `map = axisMap(into: target)`: its axes in target order, size 1 where it
    /// lacks a target axis.
    func aligned(_ x: Variable, to target: DataTemplate, map: [Int], tape: Tape) -> Variable {
        precondition(map.count == x.rank, "DataTemplate.aligned: \(map.count) axes mapped for a value of shape \(x.shape)")
        let perm = map.indices.sorted { map[$0] < map[$1] }
        let y = perm == Array(map.indices) ? x : tape.transpose(x, perm)
        var shape = [Int](repeating: 1, count: target.rank)
        for (i, j) in map.enumerated() { shape[j] = x.shape[i] }
        return y.shape == shape ? y : tape.reshape(y, shape)
    }
}
