/// A key of `CombinedDataset`'s `data_map`: one data key of one sub-dataset
/// (upstream's tuple `(dataset_key, dataset_data_key)`).
public struct CombinedDatasetSource: Hashable, Sendable {
    /// Key of the sub-dataset in `datasets`.
    public var datasetKey: String
    /// Data key inside that dataset.
    public var dataKey: String

    /// `(dataset_key, dataset_data_key)`.
    public init(_ datasetKey: String, _ dataKey: String) {
        self.datasetKey = datasetKey
        self.dataKey = dataKey
    }
}
