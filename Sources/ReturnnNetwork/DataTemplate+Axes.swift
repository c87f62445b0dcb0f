/// Template edits shared by the shape layers (`split_dims`, `merge_dims`, `reduce`, `squeeze`, ...).
extension DataTemplate {
    /// RETURNN's default feature axis: a dense template without a feature axis uses its last
    /// static spatial axis as the feature axis (e.g. `[B,T,W]` after reducing `F` of `[B,T,W,F]`).
    public func withDefaultFeature() -> DataTemplate {
        var t = self
        if t.featureDim == nil && !t.isSparse && !t.spatial.isEmpty { t.featureDim = t.spatial.removeLast() }
        return t
    }

    /// Whether the values are float (not sparse indices or int32).
    public var isFloat: Bool { !isInt && !isSparse }

    /// The template without the runtime axes `axes` (static or time; not batch).
    func removingAxes(_ axes: [Int]) -> DataTemplate {
        var t = self
        let roles = AxisDescription.roles(self)
        var keepSpatial: [Int] = []
        for (i, r) in roles.enumerated() {
            switch r {
            case .batch: precondition(!axes.contains(i), "DataTemplate.removingAxes: cannot remove the batch axis")
            case .time: if axes.contains(i) { t.hasTime = false }
            case .spatial(let s): if !axes.contains(i) { keepSpatial.append(spatial[s]) }
            case .feature: if axes.contains(i) { t.featureDim = nil }
            }
        }
        t.spatial = keepSpatial
        return t.withDefaultFeature()
    }
}
