import Foundation
import ReturnnConfig

extension OggZipDataset: ConfigurableDataset {
    /// Upstream's kwargs: `path` (required: a zip, a list of zips and `.txt.gz` meta lists, or a
    /// directory), `audio` (required: an `ExtractAudioFeatures` dict or None), `targets`
    /// (required: a vocabulary dict or None), `content_name` (None), `resolve_symlink_for_name`
    /// (False), `targets_post_process` (None; a config function), `use_cache_manager` (False;
    /// accepted, files are read in place), `segment_file` (None), `zip_audio_files_have_name_as_prefix`
    /// (True), `fixed_random_subset` (None), `fixed_random_subset_seed` (42), `epoch_wise_filter` (None).
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        let pv = try r.value("path")
        let given: [String]
        if let s = pv.stringValue { given = [s] } else if let l = try r.optionalStringList("path") { given = l } else {
            throw ConfigError(.type, "\(r.context).path: expected a str or a list of str, got \(pv.typeName)", at: pv.location)
        }
        var contentNames: [String]? = nil
        if let v = r.optionalValue("content_name"), !v.isNone {
            if let s = v.stringValue { contentNames = [String](repeating: s, count: given.count) } else if let l = try r.optionalStringList("content_name") {
                guard l.count == given.count else {
                    throw ConfigError(.value, "\(r.context).content_name: \(l.count) names for \(given.count) paths", at: v.location)
                }
                contentNames = l
            }
        }
        let resolveSymlinks = try r.bool("resolve_symlink_for_name", default: false)
        _ = try r.bool("use_cache_manager", default: false)
        var paths = [String](), names = [String](), separate = [String: String](), directoryMode = false
        var isDir: ObjCBool = false
        if given.count == 1, pv.stringValue != nil, !given[0].hasSuffix(".zip"),
           FileManager.default.fileExists(atPath: given[0], isDirectory: &isDir), isDir.boolValue,
           FileManager.default.fileExists(atPath: given[0] + ".txt") {
            // Upstream's special case: a directory <dir>/<name> with <dir>/<name>.txt, no zip.
            guard contentNames == nil, !resolveSymlinks else {
                throw ConfigError(.value, "\(r.context).path: content_name and resolve_symlink_for_name need zip files, not the directory '\(given[0])'", at: pv.location)
            }
            let url = URL(fileURLWithPath: given[0])
            paths = [url.deletingLastPathComponent().path]
            names = [url.lastPathComponent]
            directoryMode = true
        } else {
            for (i, p) in given.enumerated() {
                var base = URL(fileURLWithPath: resolveSymlinks ? URL(fileURLWithPath: p).resolvingSymlinksInPath().path : p).lastPathComponent
                var ext = ""
                if base.hasSuffix(".txt.gz") { ext = ".txt.gz"; base.removeLast(7) } else if let dot = base.lastIndex(of: "."), dot != base.startIndex {
                    ext = String(base[dot...])
                    base = String(base[..<dot])
                }
                let name = contentNames?[i] ?? base
                if ext == ".txt.gz" { separate[name] = p; continue }
                guard ext == ".zip" else {
                    throw ConfigError(.value, "\(r.context).path: '\(p)' is neither a .zip, a .txt.gz meta list, nor a directory <dir>/<name> with <dir>/<name>.txt", at: pv.location)
                }
                paths.append(p)
                names.append(name)
            }
        }
        let av = try r.value("audio")
        let audio = av.isNone ? nil : try ExtractAudioFeatures.make(av, context: "\(r.context).audio")
        let tv = try r.value("targets")
        let targets = tv.isNone ? nil : try BuiltinVocabularies.make(tv, context: "\(r.context).targets")
        var post: ConfigValue? = nil
        if let v = r.optionalValue("targets_post_process"), !v.isNone {
            guard v.isCallable else {
                throw ConfigError(.unsupported, "\(r.context).targets_post_process: only a config function (str -> str) is supported here, got \(v.repr); upstream's named post processors (e.g. english_cleaners) are not", at: v.location)
            }
            post = v
        }
        var subset: Double? = nil
        if let v = r.optionalValue("fixed_random_subset"), !v.isNone {
            guard let d = v.doubleValue, v.stringValue == nil else {
                throw ConfigError(.type, "\(r.context).fixed_random_subset: expected a fraction or an int, got \(v.typeName)", at: v.location)
            }
            if d != 0 { subset = d }
        }
        var filter: EpochWiseFilter? = nil
        if let v = r.optionalValue("epoch_wise_filter"), !v.isNone { filter = try EpochWiseFilter(v, context: "\(r.context).epoch_wise_filter") }
        return try OggZipDataset(
            paths: paths, names: names, directoryMode: directoryMode, separateMetaFiles: separate, audio: audio, targets: targets,
            targetsPostProcess: post, segmentFile: try r.optionalString("segment_file"),
            zipAudioFilesHaveNameAsPrefix: try r.bool("zip_audio_files_have_name_as_prefix", default: true),
            fixedRandomSubset: subset, fixedRandomSubsetSeed: try r.int("fixed_random_subset_seed", default: 42),
            epochWiseFilter: filter, options: options)
    }
}
