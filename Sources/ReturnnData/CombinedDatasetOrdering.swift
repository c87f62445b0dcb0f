/// The `seq_ordering` of a `CombinedDataset`: its two own modes plus every general ordering.
public enum CombinedDatasetOrdering: Sendable, Equatable {
    /// `"random_dataset"`: the sub-dataset of each position is drawn by shuffling (Python
    /// `random.Random(epoch seed)`) a list with every dataset index repeated its number of seqs;
    /// each sub-dataset keeps its own order.
    case randomDataset
    /// `"interleave"`: always the sub-dataset with the lowest complete fraction (ties: lower index).
    case interleave
    /// Any `SeqOrdering` over the joint list (all of dataset 1, then dataset 2, ...).
    case general(SeqOrdering)

    /// Parses `"random_dataset"`, `"interleave"` or any `SeqOrdering` string.
    public init(parsing s: String, dataset: String = "dataset") throws {
        switch s {
        case "random_dataset": self = .randomDataset
        case "interleave": self = .interleave
        default: self = .general(try SeqOrdering(parsing: s, dataset: dataset))
        }
    }
}
