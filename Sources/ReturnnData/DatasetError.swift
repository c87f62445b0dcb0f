/// A user-facing dataset error: says which dataset/option/file/key is wrong and what to do.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// An option has a value the dataset cannot use.
    case invalidOption(dataset: String, option: String, message: String)
    /// A file could not be read or has the wrong content.
    case file(path: String, message: String)
    /// A data key that the dataset does not provide.
    case unknownDataKey(dataset: String, key: String, available: [String])
    /// A dataset class name that is not registered.
    case unknownClass(name: String, known: [String])
    /// A sequence index or state that is not available (e.g. before `initSeqOrder`).
    case unavailable(dataset: String, message: String)
    /// Data that violates the dataset's contract (e.g. lengths that cannot be chunked together).
    case invalidData(dataset: String, message: String)

    /// Human-readable text naming the culprit and the fix.
    public var description: String {
        switch self {
        case .invalidOption(let ds, let opt, let msg):
            return "dataset \(ds): option '\(opt)': \(msg)"
        case .file(let path, let msg):
            return "file \(path): \(msg)"
        case .unknownDataKey(let ds, let key, let avail):
            return "dataset \(ds): unknown data key '\(key)'; available keys: \(avail.joined(separator: ", "))"
        case .unknownClass(let name, let known):
            let registry = BuiltinDatasets.registry
            if registry.isUpstreamOnly(name) { return registry.unknownMessage(name) }
            let close = known.filter { $0.lowercased() == name.lowercased() || $0.lowercased().hasPrefix(name.lowercased()) }
            let hint = close.isEmpty ? "known classes: \(known.joined(separator: ", "))" : "did you mean \(close.joined(separator: " or "))?"
            return "unknown dataset class '\(name)'; \(hint)"
        case .unavailable(let ds, let msg):
            return "dataset \(ds): \(msg)"
        case .invalidData(let ds, let msg):
            return "dataset \(ds): \(msg)"
        }
    }
}
