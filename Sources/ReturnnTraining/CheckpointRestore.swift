import ReturnnTensor

/// Puts loaded checkpoint tensors into the network's parameters (RETURNN's
/// `load_params_from_file`, with `load_ignore_missing_vars`).
public enum CheckpointRestore {
    /// What `restore` did.
    public struct Report: Sendable, Equatable {
        /// Parameters set from the file, sorted.
        public var restored: [String]
        /// Network parameters the file lacks that were left as they were (only with
        /// `ignoreMissing`), sorted.
        public var missing: [String]
        /// Tensors of the file that are no network parameter (not an error; upstream notes
        /// them), sorted.
        public var unexpected: [String]
    }

    /// Sets every parameter of `params` from `loaded`, except those in `skipping` (e.g. set by
    /// `preload_from_files`). A parameter missing from `loaded` is an error naming `file`
    /// unless `ignoreMissing` (`load_ignore_missing_vars`); a shape differing from the
    /// network's is always an error naming the parameter and both shapes.
    public static func restore(_ loaded: [String: Tensor], into params: inout [String: Tensor], file: String,
                               skipping: Set<String> = [], ignoreMissing: Bool = false) throws -> Report
    {
        var restored: [String] = [], missing: [String] = []
        for name in params.keys.sorted() where !skipping.contains(name) {
            guard let value = loaded[name] else {
                missing.append(name)
                continue
            }
            let want = params[name]!.shape
            guard value.shape == want else {
                throw CheckpointError(.parameter, "\(file): parameter '\(name)' has shape \(value.shape) in the file, but \(want) in the network; the network does not match the model (check the config, or start without this model)")
            }
            restored.append(name)
        }
        if !missing.isEmpty && !ignoreMissing {
            throw CheckpointError(.parameter, "\(file): network parameters missing in the file: \(missing.joined(separator: ", ")). The network does not match the model; set load_ignore_missing_vars = True to keep their initial values")
        }
        for name in restored { params[name] = loaded[name]! }
        let unexpected = loaded.keys.filter { params[$0] == nil }.sorted()
        return Report(restored: restored, missing: missing, unexpected: unexpected)
    }
}
