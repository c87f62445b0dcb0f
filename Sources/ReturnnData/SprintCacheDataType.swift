/// What a Sprint cache holds for one data key (`SprintCacheDataset` `data_type`).
public enum SprintCacheDataType: String, Sendable, Equatable, CaseIterable {
    /// `"feat"`: dense float32 feature frames.
    case feat
    /// `"align"`: an alignment, read as sparse class labels via an `AllophoneLabeling`.
    case align
}
