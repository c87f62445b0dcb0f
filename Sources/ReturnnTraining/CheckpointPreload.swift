import Foundation
import ReturnnConfig
import ReturnnTensor

/// `preload_from_files`: initialise network parameters from other model files, as RETURNN's
/// TF engine does with `CustomCheckpointLoader`.
///
/// Entries apply in sorted key order; a parameter loaded by one entry is not loaded again by a
/// later one, and the engine must not overwrite it with the main model it loads afterwards
/// (`apply` returns the names it set).
public struct CheckpointPreload: Sendable, Equatable {
    /// The entries, sorted by key.
    public var entries: [CheckpointPreloadEntry]

    /// Entries given directly (sorted by key here).
    public init(entries: [CheckpointPreloadEntry]) {
        self.entries = entries.sorted { $0.key < $1.key }
    }

    /// Reads `preload_from_files` (default `{}`) from `config`.
    public init(config: Config) throws {
        guard let v = config.typedValue("preload_from_files"), !v.isNone else {
            self.init(entries: [])
            return
        }
        try self.init(value: v)
    }

    /// Reads a `preload_from_files` dict: key → options dict.
    public init(value: ConfigValue) throws {
        guard case .dict(let d) = value.kind else {
            throw ConfigError(.type, "preload_from_files: expected a dict of name → options dict, got \(value.typeName)", at: value.location)
        }
        var entries: [CheckpointPreloadEntry] = []
        for (k, v) in d.entries {
            guard let key = k.stringValue else {
                throw ConfigError(.type, "preload_from_files: keys must be str, got \(k.repr)", at: k.location)
            }
            entries.append(try CheckpointPreloadEntry(key: key, options: v))
        }
        self.init(entries: entries)
    }

    /// Applies the entries that apply (see `CheckpointPreloadEntry.applies`) to `params`,
    /// reading each file with `loader` (default: `Checkpoint.loadParams`). Returns the names
    /// of the parameters set.
    @discardableResult
    public func apply(to params: inout [String: Tensor], isTraining: Bool, isFirstTrainEpoch: Bool,
                      loader: (String) throws -> [String: Tensor] = { try Checkpoint.loadParams(from: Checkpoint.name(fromPath: $0)).params })
        throws -> Set<String>
    {
        var loaded = Set<String>()
        for entry in entries where entry.applies(isTraining: isTraining, isFirstTrainEpoch: isFirstTrainEpoch) {
            let file = try loader(entry.filename)
            try Self.apply(entry, file: file, to: &params, alreadyLoaded: &loaded)
        }
        return loaded
    }

    /// Applies one entry with the tensors of its file. Parameters in `alreadyLoaded` are
    /// skipped; those set are added to it.
    ///
    /// Selection: network parameters whose name contains `prefix` (all without one); the file
    /// name is the parameter name with every occurrence of `prefix` removed; names in
    /// `ignore_params` or starting with one of `ignore_params_prefixes` are skipped. The value
    /// is the file's tensor of that name, else of `var_name_mapping[name]`. Errors: no
    /// parameter selected; selected parameters missing from the file (unless `ignore_missing`);
    /// a shape that differs from the network's; nothing loaded at all.
    public static func apply(_ entry: CheckpointPreloadEntry, file: [String: Tensor], to params: inout [String: Tensor],
                             alreadyLoaded: inout Set<String>) throws
    {
        let context = "preload_from_files['\(entry.key)'] (\(entry.filename))"
        var selected: [(name: String, fileName: String)] = []
        var count = 0
        for name in params.keys.sorted() {
            var fileName = name
            if !entry.prefix.isEmpty {
                guard name.contains(entry.prefix) else { continue }
                fileName = name.replacingOccurrences(of: entry.prefix, with: "")
            }
            if entry.ignoreParams.contains(fileName) || entry.ignoreParamsPrefixes.contains(where: { fileName.hasPrefix($0) }) {
                continue
            }
            count += 1
            if alreadyLoaded.contains(name) { continue }
            selected.append((name, fileName))
        }
        guard count > 0 else {
            let what = entry.prefix.isEmpty ? "no network parameter is left after ignore_params" : "no network parameter name contains the prefix '\(entry.prefix)'"
            throw CheckpointError(.parameter, "\(context): \(what); network parameters: \(params.keys.sorted().joined(separator: ", "))")
        }
        var missing: [String] = []
        var assigned = 0
        for (name, fileName) in selected {
            let source: String
            if file[fileName] != nil {
                source = fileName
            } else if let mapped = entry.varNameMapping[fileName], file[mapped] != nil {
                source = mapped
            } else {
                missing.append(name == fileName ? "'\(name)'" : "'\(name)' (as '\(fileName)')")
                continue
            }
            let value = file[source]!
            let want = params[name]!.shape
            guard value.shape == want else {
                throw CheckpointError(.parameter, "\(context): parameter '\(name)' has shape \(want) in the network, but '\(source)' in the file has shape \(value.shape); fix the network or the var_name_mapping, or add it to ignore_params")
            }
            params[name] = value
            alreadyLoaded.insert(name)
            assigned += 1
        }
        if !missing.isEmpty && !entry.ignoreMissing {
            throw CheckpointError(.parameter, "\(context): parameters missing in the file: \(missing.joined(separator: ", ")); file has: \(file.keys.sorted().joined(separator: ", ")). Set ignore_missing = True to keep their initial values, or map them with var_name_mapping")
        }
        guard assigned > 0 || selected.isEmpty else {
            throw CheckpointError(.parameter, "\(context): none of the selected parameters is in the file (file has: \(file.keys.sorted().joined(separator: ", ")))")
        }
    }
}
