import Foundation

/// Sprint cache archives opened together: a `.bundle` file (one archive path per line, relative
/// paths resolved against the bundle's directory) or a single archive (upstream `open_file_archive`,
/// `FileArchiveBundle`).
///
/// Entry names map to the archive that holds them; when several archives hold the same name the
/// last one wins, while the name keeps its first position in `fileList` (as upstream's dict).
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
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DatasetError.file(path: path, message: "cannot read Sprint cache bundle (missing or unreadable)")
            }
            let dir = (path as NSString).deletingLastPathComponent
            let text = String(decoding: data, as: UTF8.self)
            for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
                let l = String(line)
                guard !l.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                archivePaths.append(l.hasPrefix("/") ? l : "\(dir.isEmpty ? "." : dir)/\(l)")
            }
            guard !archivePaths.isEmpty else {
                throw DatasetError.file(path: path, message: "Sprint cache bundle lists no archives")
            }
        } else {
            archivePaths = [path]
        }
        var seen = Set<String>()
        var archives = [SprintCacheArchive]()
        var owner = [String: Int]()
        var list = [String]()
        var short = [String: String]()
        for p in archivePaths where seen.insert(p).inserted {
            let a = try SprintCacheArchive(path: p)
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
