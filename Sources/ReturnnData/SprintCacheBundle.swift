import Foundation

/// Sprint cache archives opened together: a `.bundle` file or a single archive (RASR
/// `Core::BundleArchive`, upstream `open_file_archive`, `FileArchiveBundle`).
///
/// A bundle lists archive paths separated by whitespace, usually one per line (RASR reads it with
/// `operator>>`, so surrounding blanks and `\r` do not matter). A relative path is resolved
/// against the bundle's directory, as upstream RETURNN does; when no file is there but the path
/// exists relative to the working directory (where RASR looks), that one is used. A listed
/// `.bundle` is expanded in place, as RASR's `Archive::create` does. Entry names map to the
/// archive that holds them; when several archives hold the same name the last one wins (RASR's
/// index and upstream's dict agree), while the name keeps its first position in `fileList`.
public final class SprintCacheBundle: @unchecked Sendable {
    /// Path as given (bundle or archive).
    public let path: String
    /// The opened archives in bundle order (each path once).
    public let archives: [SprintCacheArchive]
    /// All entry names, `.attribs` included, in first-seen order (`file_list`).
    public let fileList: [String]
    let owner: [String: Int]
    let shortNames: [String: String]

    /// Opens `path`: a `.bundle` file listing archives, or one archive. Throws `DatasetError.file`
    /// for a missing or unreadable bundle or archive, naming the file.
    public init(path: String) throws {
        self.path = path
        var archivePaths = [String]()
        if path.hasSuffix(".bundle") {
            var visiting = [String]()
            try Self.expand(bundle: path, into: &archivePaths, visiting: &visiting)
        } else {
            archivePaths = [path]
        }
        var seen = Set<String>()
        var archives = [SprintCacheArchive]()
        var owner = [String: Int]()
        var list = [String]()
        var short = [String: String]()
        for p in archivePaths where seen.insert(p).inserted {
            let a: SprintCacheArchive
            do {
                a = try SprintCacheArchive(path: p)
            } catch DatasetError.file(let file, let message) where p != path {
                throw DatasetError.file(path: file, message: "\(message) (listed in Sprint cache bundle \(path))")
            }
            for name in a.fileList {
                if owner[name] == nil { list.append(name) }
                owner[name] = archives.count
            }
            for (k, v) in a.shortNames { short[k] = v }
            archives.append(a)
        }
        self.archives = archives
        self.fileList = list
        self.owner = owner
        self.shortNames = short
    }

    /// Appends the archives listed by `bundle` (nested bundles expanded) to `out`.
    static func expand(bundle: String, into out: inout [String], visiting: inout [String]) throws {
        guard !visiting.contains(bundle) else {
            throw DatasetError.file(path: bundle, message: "Sprint cache bundle includes itself (via \(visiting.joined(separator: " -> ")))")
        }
        guard let data = FileManager.default.contents(atPath: bundle) else {
            throw DatasetError.file(path: bundle, message: "cannot read Sprint cache bundle (missing or unreadable)")
        }
        visiting.append(bundle)
        defer { visiting.removeLast() }
        let dir = (bundle as NSString).deletingLastPathComponent
        let tokens = String(decoding: data, as: UTF8.self).split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard !tokens.isEmpty else {
            throw DatasetError.file(path: bundle, message: "Sprint cache bundle lists no archives")
        }
        for t in tokens {
            let p = resolve(t, bundleDirectory: dir)
            if p.hasSuffix(".bundle") {
                try expand(bundle: p, into: &out, visiting: &visiting)
            } else {
                out.append(p)
            }
        }
    }

    /// `entry` of a bundle in `bundleDirectory`: absolute as is; relative against the bundle's
    /// directory (upstream), or against the working directory when only that file exists (RASR).
    static func resolve(_ entry: String, bundleDirectory dir: String) -> String {
        guard !entry.hasPrefix("/") else { return entry }
        let besideBundle = "\(dir.isEmpty ? "." : dir)/\(entry)"
        let fm = FileManager.default
        if !fm.fileExists(atPath: besideBundle) && fm.fileExists(atPath: entry) { return entry }
        return besideBundle
    }

    /// The archive holding `name` (or a unique base name, as upstream), and the full name.
    public func locate(_ name: String) -> (archive: SprintCacheArchive, name: String)? {
        if let i = owner[name] { return (archives[i], name) }
        if let full = shortNames[name], let i = owner[full] { return (archives[i], full) }
        return nil
    }

    /// Whether some archive holds `name` (`has_entry`).
    public func hasEntry(_ name: String) -> Bool { locate(name) != nil }

    /// The table entry of `name`.
    public func entry(named name: String) -> SprintCacheEntry? {
        locate(name).flatMap { $0.archive.entry(named: $0.name) }
    }

    func find(_ name: String) throws -> (archive: SprintCacheArchive, name: String) {
        guard let l = locate(name) else {
            throw DatasetError.file(path: path, message: "no entry '\(name)' in the Sprint cache (\(fileList.count) entries in \(archives.count) archive(s))")
        }
        return l
    }

    /// A `str` entry; `nil` when empty.
    public func readString(_ name: String) throws -> String? {
        let l = try find(name)
        return try l.archive.readString(l.name)
    }

    /// A feature entry; `nil` when empty.
    public func readFeatures(_ name: String) throws -> SprintCacheFeatures? {
        let l = try find(name)
        return try l.archive.readFeatures(l.name)
    }

    /// An alignment entry with raw mixture indices; `nil` when empty.
    public func readAlignment(_ name: String) throws -> SprintCacheAlignment? {
        let l = try find(name)
        return try l.archive.readAlignment(l.name)
    }
}
