import ReturnnTensor

/// The output template of a layer (RETURNN's `Data`/`Tensor` without values): its axes as an
/// ordered list of dim tags (`Dim`), and whether the values are sparse class indices.
///
/// Batch, time and feature axes are derived from the tags as upstream: the batch axis is the tag
/// of kind batch, the time axis the first dynamic (run-time sized) axis, the feature axis the last
/// tag of kind feature. The usual layout is `[B, T, spatial..., F]`; the properties `hasTime`,
/// `spatial`, `featureDim` read and edit a template in that layout. Every layer computes its
/// template at construction, so dimension mismatches are found before any data flows.
public struct DataTemplate: Equatable, Sendable, CustomStringConvertible {
    /// The axes of the runtime tensor, in order.
    public var dims: [Dim]
    /// The classes when the values are sparse indices into them (no feature axis then).
    public var sparseTag: Dim?
    /// Whether values are stored as int32 (`sparse` data, `length`, `cast` to int).
    public var isInt: Bool
    /// Whether the values are RETURNN `bool` (`compare`): stored as int32 0/1 (`isInt` is set too).
    public var isBool: Bool = false {
        didSet { if isBool { isInt = true } }
    }

    /// A template with the given axes.
    public init(dims: [Dim], sparseTag: Dim? = nil, isInt: Bool = false) {
        self.dims = dims
        self.sparseTag = sparseTag
        self.isInt = isInt || sparseTag != nil
    }

    /// A dense template in the layout `[B?, T?, spatial..., F?]`; `timeDim` is the time axis
    /// (a new dynamic tag when nil).
    public init(hasBatch: Bool = true, hasTime: Bool, timeDim: Dim? = nil, spatial: [Int] = [], featureDim: Int?, isInt: Bool = false) {
        var dims: [Dim] = []
        if hasBatch { dims.append(.batch) }
        if hasTime { dims.append(timeDim ?? .spatial("time")) }
        dims += spatial.map { Dim(kind: .spatial, name: "spatial", size: $0) }
        if let featureDim { dims.append(.feature("feature", featureDim)) }
        self.init(dims: dims, isInt: isInt)
    }

    /// A sparse template of class indices `[B, T?]` over `dim` classes.
    public static func sparse(dim: Int, hasTime: Bool, timeDim: Dim? = nil) -> DataTemplate {
        var t = DataTemplate(hasTime: hasTime, timeDim: timeDim, featureDim: nil, isInt: true)
        t.sparseTag = .feature("classes", dim)
        return t
    }

    // MARK: derived axes

    /// Index of the batch axis.
    public var batchAxis: Int? { dims.firstIndex { $0.isBatch } }
    /// Index of the time axis: the first dynamic axis.
    public var timeAxis: Int? { dims.firstIndex { $0.isDynamic } }
    /// Index of the feature axis: the last axis of kind feature (none for sparse data).
    public var featureAxis: Int? { dims.lastIndex { $0.kind == .feature } }
    /// The time axis' tag.
    public var timeDim: Dim? {
        get { timeAxis.map { dims[$0] } }
        set {
            if let i = timeAxis {
                if let newValue { dims[i] = newValue } else { dims.remove(at: i) }
            } else if let newValue {
                dims.insert(newValue, at: batchAxis.map { $0 + 1 } ?? 0)
            }
        }
    }
    /// The feature axis' tag.
    public var featureTag: Dim? { featureAxis.map { dims[$0] } }

    /// Number of axes of the runtime tensor.
    public var rank: Int { dims.count }
    /// Whether values are sparse class indices.
    public var isSparse: Bool { sparseTag != nil }

    // MARK: the usual layout

    /// Whether there is a batch axis.
    public var hasBatch: Bool {
        get { batchAxis != nil }
        set {
            if newValue, batchAxis == nil { dims.insert(.batch, at: 0) }
            if !newValue, let i = batchAxis { dims.remove(at: i) }
        }
    }

    /// Whether there is a dynamic time axis; setting `true` adds a new time tag.
    public var hasTime: Bool {
        get { timeAxis != nil }
        set {
            if newValue, timeAxis == nil { timeDim = .spatial("time") }
            if !newValue { timeDim = nil }
        }
    }

    /// Sizes of the static axes that are neither batch nor feature (e.g. the window axis of
    /// `window`); setting replaces them (placed before the feature axis).
    public var spatial: [Int] {
        get { dims.indices.filter { isStaticSpatial($0) }.map { dims[$0].size! } }
        set {
            let old = dims.indices.filter { isStaticSpatial($0) }.map { dims[$0] }
            var kept = dims.filter { d in !old.contains { $0 === d } }
            let fresh = newValue.enumerated().map { i, n in i < old.count && old[i].size == n ? old[i] : Dim(kind: .spatial, name: "spatial", size: n) }
            let at = kept.lastIndex { $0.kind == .feature } ?? kept.count
            kept.insert(contentsOf: fresh, at: at)
            dims = kept
        }
    }

    private func isStaticSpatial(_ i: Int) -> Bool {
        let d = dims[i]
        return !d.isBatch && !d.isDynamic && i != featureAxis
    }

    /// The feature dimension (size of the feature axis); `nil` for sparse data and for scalars
    /// per frame. Setting a new size replaces the feature tag, `nil` removes the axis.
    public var featureDim: Int? {
        get { featureTag?.size }
        set {
            if let i = featureAxis {
                if let n = newValue {
                    if dims[i].size != n { dims[i] = .feature("feature", n) }
                } else {
                    dims.remove(at: i)
                }
            } else if let n = newValue {
                dims.append(.feature("feature", n))
            }
        }
    }

    /// Number of classes when the values are sparse indices.
    public var sparseDim: Int? {
        get { sparseTag?.size }
        set { sparseTag = newValue.map { .feature("classes", $0) } }
    }

    /// RETURNN's `dim`: the feature dim, or the number of classes for sparse data.
    public var dim: Int? { sparseDim ?? featureDim }

    /// The runtime shape for a batch of `batch` sequences whose dynamic axes are padded to `time`.
    public func shape(batch: Int, time: Int) -> [Int] {
        dims.map { $0.isBatch ? batch : ($0.size ?? time) }
    }

    /// The same template with another feature dim (dense).
    public func withFeature(_ dim: Int?) -> DataTemplate {
        var t = self
        t.featureDim = dim
        t.sparseTag = nil
        t.isBool = false
        t.isInt = false
        return t
    }

    /// Templates are equal when their axes are: batch with batch, dynamic axes the same tag,
    /// static axes of the same kind and size (as upstream's comparisons with
    /// `allow_same_feature_dim`).
    public static func == (a: DataTemplate, b: DataTemplate) -> Bool {
        guard a.dims.count == b.dims.count, a.isInt == b.isInt, a.isBool == b.isBool, a.sparseDim == b.sparseDim else { return false }
        return zip(a.dims, b.dims).allSatisfy { x, y in
            if x.isBatch || y.isBatch { return x.isBatch && y.isBatch }
            if x.isDynamic || y.isDynamic { return x.isSame(as: y) }
            return x.kind == y.kind && x.size == y.size
        }
    }

    /// `[B,T|'time',F|'feature'(10)]` style description for error messages.
    public var description: String {
        var s = "[\(dims.map(\.description).joined(separator: ","))]"
        if let sparseDim { s += " sparse(dim=\(sparseDim))" } else if isBool { s += " bool" } else if isInt { s += " int32" }
        return s
    }
}
