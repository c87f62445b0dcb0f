/// The output template of a layer (RETURNN's `Data`/`Tensor` description without values): which
/// axes exist, their static sizes, and whether values are sparse class indices.
///
/// Layout is always batch-major: `[B?, T?, spatial..., F?]`. The batch axis is present for
/// anything derived from data; the time axis is dynamic (sequence lengths known per batch); the
/// feature axis is absent for sparse data (int32 indices into `sparseDim` classes).
/// Every layer computes its template at construction, so dimension mismatches are found before
/// any data flows.
public struct DataTemplate: Equatable, Sendable, CustomStringConvertible {
    /// Whether the first axis is the batch.
    public var hasBatch: Bool
    /// Whether there is a dynamic time axis (after the batch), with sequence lengths.
    public var hasTime: Bool
    /// Identity of the time axis: layers that keep the length of their input keep its tag, layers
    /// that change it (strided conv, pooling) make a new one. Two inputs combined frame by frame
    /// must have the same tag.
    public var timeTag: String?
    /// Static axes between time and feature (e.g. the window axis of `window`).
    public var spatial: [Int]
    /// Feature dimension (last axis); `nil` for sparse data and for scalars per frame.
    public var featureDim: Int?
    /// Number of classes when the values are sparse indices (no feature axis then).
    public var sparseDim: Int?
    /// Whether values are stored as int32 (`sparse` data, `length`, `cast` to int).
    public var isInt: Bool

    /// A dense float template.
    public init(hasBatch: Bool = true, hasTime: Bool, timeTag: String? = nil, spatial: [Int] = [],
                featureDim: Int?, isInt: Bool = false) {
        self.hasBatch = hasBatch
        self.hasTime = hasTime
        self.timeTag = hasTime ? timeTag : nil
        self.spatial = spatial
        self.featureDim = featureDim
        self.sparseDim = nil
        self.isInt = isInt
    }

    /// A sparse template of class indices `[B, T?]` over `dim` classes.
    public static func sparse(dim: Int, hasTime: Bool, timeTag: String? = nil) -> DataTemplate {
        var t = DataTemplate(hasTime: hasTime, timeTag: timeTag, featureDim: nil, isInt: true)
        t.sparseDim = dim
        return t
    }

    /// Whether values are sparse class indices.
    public var isSparse: Bool { sparseDim != nil }

    /// RETURNN's `dim`: the feature dim, or the number of classes for sparse data.
    public var dim: Int? { sparseDim ?? featureDim }

    /// Number of axes of the runtime tensor.
    public var rank: Int { (hasBatch ? 1 : 0) + (hasTime ? 1 : 0) + spatial.count + (featureDim == nil ? 0 : 1) }

    /// The runtime shape for a batch of `batch` sequences padded to `time` frames.
    public func shape(batch: Int, time: Int) -> [Int] {
        var s: [Int] = []
        if hasBatch { s.append(batch) }
        if hasTime { s.append(time) }
        s += spatial
        if let featureDim { s.append(featureDim) }
        return s
    }

    /// Index of the time axis in the runtime shape.
    public var timeAxis: Int? { hasTime ? (hasBatch ? 1 : 0) : nil }

    /// Index of the feature axis in the runtime shape.
    public var featureAxis: Int? { featureDim == nil ? nil : rank - 1 }

    /// The same template with another feature dim (dense).
    public func withFeature(_ dim: Int?) -> DataTemplate {
        var t = self
        t.featureDim = dim
        t.sparseDim = nil
        t.isInt = false
        return t
    }

    /// `Data{[B,T|tag,F|10]}` style description for error messages.
    public var description: String {
        var parts: [String] = []
        if hasBatch { parts.append("B") }
        if hasTime { parts.append("T" + (timeTag.map { "|'\($0)'" } ?? "")) }
        parts += spatial.map(String.init)
        if let featureDim { parts.append("F|\(featureDim)") }
        var s = "[\(parts.joined(separator: ","))]"
        if let sparseDim { s += " sparse(dim=\(sparseDim))" } else if isInt { s += " int32" }
        return s
    }
}
