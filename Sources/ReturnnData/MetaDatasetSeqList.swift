import Foundation

/// The `seq_list_file` option of `MetaDataset`: which tags each sub-dataset uses for the same
/// sequence.
public enum MetaDatasetSeqList: Sendable, Equatable {
    /// One file: a text list (one tag per line, the same tags for all sub-datasets), or a `.json`
    /// object `{"<dataset key>": ["tag", ...], ...}` (upstream's pickled dict, as JSON).
    case file(String)
    /// Dataset key → text list file.
    case perDataset([String: String])

    /// Loads the tag lists for `keys`; throws naming the file or the missing dataset key.
    public func load(keys: [String], dataset: String) throws -> [String: [String]] {
        var lists = [String: [String]]()
        switch self {
        case .file(let path) where path.hasSuffix(".json"):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DatasetError.file(path: path, message: "cannot read seq_list_file (dataset \(dataset)); check the path")
            }
            guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: [String]] else {
                throw DatasetError.file(path: path, message: "seq_list_file must be a JSON object mapping dataset keys to lists of tags")
            }
            lists = obj
        case .file(let path):
            let tags = try DatasetOptions.loadSeqList(path: path, dataset: dataset)
            for k in keys { lists[k] = tags }
        case .perDataset(let files):
            for k in keys {
                guard let f = files[k] else {
                    throw DatasetError.invalidOption(dataset: dataset, option: "seq_list_file", message: "has no file for sub-dataset '\(k)'")
                }
                lists[k] = try DatasetOptions.loadSeqList(path: f, dataset: dataset)
            }
        }
        for k in keys where lists[k] == nil {
            throw DatasetError.invalidOption(dataset: dataset, option: "seq_list_file", message: "has no tags for sub-dataset '\(k)'")
        }
        return lists
    }
}
