/// One data key of a `SprintCacheDataset` (upstream `data={key: {"filename": ..., "data_type": ...,
/// "allophone_labeling": {...}}}`).
public struct SprintCacheDatasetSource: Sendable {
    /// `filename`: a Sprint cache archive or a `.bundle` file.
    public var filename: String
    /// `data_type` (None): `feat` or `align`; when nil, "data" is `feat`, "classes" is `align`,
    /// other keys are `align` with an allophone labeling and `feat` without, as upstream.
    public var dataType: SprintCacheDataType?
    /// `allophone_labeling` (None), required for alignments.
    public var allophoneLabeling: AllophoneLabeling?

    /// A source.
    public init(filename: String, dataType: SprintCacheDataType? = nil, allophoneLabeling: AllophoneLabeling? = nil) {
        self.filename = filename
        self.dataType = dataType
        self.allophoneLabeling = allophoneLabeling
    }

    /// The data type for `key` after upstream's defaults.
    public func resolvedType(key: String) -> SprintCacheDataType {
        if let t = dataType { return t }
        if key == "data" { return .feat }
        if key == "classes" { return .align }
        return allophoneLabeling != nil ? .align : .feat
    }
}
