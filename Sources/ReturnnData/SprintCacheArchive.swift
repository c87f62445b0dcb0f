import Foundation

/// One Sprint/RASR cache archive file, opened for reading (RASR `Core::FileArchive`, upstream
/// `returnn/sprint/cache.py` `FileArchive`).
///
/// Layout (little-endian, RASR `src/Core/FileArchive.cc`): the header `SP_ARC1\0`, one flag byte
/// (nonzero: a file table exists), the records, then the table. Each record is u32 start tag
/// `0xAA55AA55`, u32 name length, name, then at `pos` u32 size, u32 compressed size (0: stored),
/// u32 checksum (always 0), the payload and u32 end tag `0x55AA55AA`. Compressed payloads are
/// gzip members (RASR `Archive::writeFile`); zlib streams are accepted too. The table is u32
/// count, per entry u32 name length, name, u64 pos, u32 size, u32 compressed size; then RASR's
/// table of free blocks (u32 count, per block u64 pos, u32 size), u64 offset of that table and,
/// in the last 8 bytes, the u64 offset of the file table. Without a table (flag 0: a job that did
/// not finish, or an archive being rewritten) the records are found by scanning for start tags
/// at any offset, each checked against its end tag (RASR's recovery scan); nameless records are
/// blocks freed by an overwrite and are skipped. Only the table (or the record headers) is read
/// on open; payloads are read with `pread`, so reads are thread-safe.
public final class SprintCacheArchive: @unchecked Sendable {
    /// The 8 header bytes, `SP_ARC1\0`.
    public static let header: [UInt8] = Array("SP_ARC1\0".utf8)
    /// Start tag of a record.
    public static let startTag: UInt32 = 0xAA55_AA55
    /// End tag of a record.
    public static let endTag: UInt32 = 0x55AA_55AA

    /// Path as given.
    public let path: String
    /// Entries in file order (table order, or record order for a scanned archive).
    public let entries: [SprintCacheEntry]
    /// Whether the archive had a file table (else it was scanned).
    public let hadFileTable: Bool
    let index: [String: Int]
    let shortNames: [String: String]
    let fd: Int32
    let fileSize: UInt64

    /// Opens `path` and reads its file table (or scans it); throws `DatasetError.file` for a
    /// missing file, a wrong header or a corrupt table.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw DatasetError.file(path: path, message: "cannot open Sprint cache archive: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw DatasetError.file(path: path, message: "not a regular file; expected a Sprint cache archive")
        }
        self.path = path
        self.fd = fd
        self.fileSize = UInt64(st.st_size)
        do {
            guard fileSize > 0 else {
                throw DatasetError.file(path: path, message: "empty file (0 bytes), not a Sprint cache archive; did the RASR job that writes it fail?")
            }
            let head = try Self.pread(fd: fd, path: path, offset: 0, count: 9, fileSize: fileSize, what: "archive header")
            guard Array(head[0..<8]) == Self.header else {
                throw DatasetError.file(path: path, message: "not a Sprint cache archive: header is not 'SP_ARC1\\0'")
            }
            hadFileTable = head[8] != 0
            let found = hadFileTable
                ? try Self.readTable(fd: fd, path: path, fileSize: fileSize)
                : try Self.scan(fd: fd, path: path, fileSize: fileSize)
            // As upstream's dict: a repeated name keeps its first position and takes the last record.
            var index = [String: Int]()
            var unique = [SprintCacheEntry]()
            for e in found {
                if let i = index[e.name] {
                    unique[i] = e
                } else {
                    index[e.name] = unique.count
                    unique.append(e)
                }
            }
            self.entries = unique
            self.index = index
        } catch {
            close(fd)
            throw error
        }
        var short = [String: String]()
        for e in entries { short[Self.basename(e.name)] = e.name }
        self.shortNames = short.count < index.count ? [:] : short
    }

    deinit { close(fd) }

    /// Entry names in file order (upstream `file_list`), `.attribs` entries included.
    public var fileList: [String] { entries.map(\.name) }

    /// The entry named `name`, or, as upstream, the one whose base name is `name` when base names are unique.
    public func entry(named name: String) -> SprintCacheEntry? {
        if let i = index[name] { return entries[i] }
        if let full = shortNames[name], let i = index[full] { return entries[i] }
        return nil
    }

    /// Whether `name` (or a unique base name) is in the archive (`has_entry`).
    public func hasEntry(_ name: String) -> Bool { entry(named: name) != nil }

    /// The decompressed payload of entry `name`; `nil` for an empty entry (size 0), as upstream.
    public func payload(_ name: String) throws -> [UInt8]? {
        guard let e = entry(named: name) else {
            throw DatasetError.file(path: path, message: "no entry '\(name)' in the archive (\(entries.count) entries)")
        }
        let what = "entry '\(e.name)'"
        let head = try Self.pread(fd: fd, path: path, offset: e.pos, count: 12, fileSize: fileSize, what: "\(what) record header")
        let size = Self.u32(head, 0)
        let comp = Self.u32(head, 4)
        if size == 0 { return nil }
        if comp > 0 {
            let raw = try Self.pread(fd: fd, path: path, offset: e.pos + 12, count: Int(comp), fileSize: fileSize, what: "\(what) compressed payload")
            // A corrupt size field must not allocate gigabytes up front; the buffer grows as needed.
            let hint = Swift.min(Int(size), Swift.max(Int(comp) * 8, 1 << 16))
            let out = try SprintCacheInflate.inflate(raw, expectedSize: hint, path: path, what: what)
            guard out.count == Int(size) else {
                throw DatasetError.file(path: path, message: "\(what): decompressed to \(out.count) bytes, the record says \(size); the archive is corrupt")
            }
            return out
        }
        return try Self.pread(fd: fd, path: path, offset: e.pos + 12, count: Int(size), fileSize: fileSize, what: "\(what) payload")
    }

    /// A `str` entry (e.g. `.attribs` XML), decoded as UTF-8; `nil` when empty.
    public func readString(_ name: String) throws -> String? {
        try payload(name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A feature entry (`typ="feat"`); `nil` when empty.
    public func readFeatures(_ name: String) throws -> SprintCacheFeatures? {
        guard let p = try payload(name) else { return nil }
        return try SprintCacheFeatures(parsing: p, path: path, entry: name)
    }

    /// An alignment entry (`typ="align_raw"`: raw mixture indices); `nil` when empty.
    public func readAlignment(_ name: String) throws -> SprintCacheAlignment? {
        guard let p = try payload(name) else { return nil }
        return try SprintCacheAlignment(parsing: p, path: path, entry: name)
    }

    static func basename(_ name: String) -> String {
        if let i = name.lastIndex(of: "/") { return String(name[name.index(after: i)...]) }
        return name
    }

    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    static func pread(fd: Int32, path: String, offset: UInt64, count: Int, fileSize: UInt64, what: String) throws -> [UInt8] {
        guard count >= 0, offset <= fileSize, UInt64(count) <= fileSize - offset else {
            throw DatasetError.file(path: path, message: "truncated archive: \(what) needs \(count) bytes at offset \(offset), file has \(fileSize)")
        }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { buf in
                Foundation.pread(fd, buf.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw DatasetError.file(path: path, message: "cannot read \(what) at offset \(offset): \(n < 0 ? String(cString: strerror(errno)) : "unexpected end of file")")
            }
            done += n
        }
        return out
    }

    static func readTable(fd: Int32, path: String, fileSize: UInt64) throws -> [SprintCacheEntry] {
        let tail = try pread(fd: fd, path: path, offset: fileSize >= 8 ? fileSize - 8 : 0, count: 8, fileSize: fileSize, what: "file table offset")
        let tablePos = UInt64(u32(tail, 0)) | UInt64(u32(tail, 4)) << 32
        guard tablePos >= 9, tablePos <= fileSize - 8 else {
            throw DatasetError.file(path: path, message: "corrupt file table offset \(tablePos) (file size \(fileSize)); the archive may be truncated")
        }
        let table = try pread(fd: fd, path: path, offset: tablePos, count: Int(fileSize - 8 - tablePos), fileSize: fileSize, what: "file table")
        var r = SprintCacheByteReader(table, path: path, entry: "<file table>")
        let count = try r.i32("entry count")
        guard count > 0 else { return [] }
        var entries = [SprintCacheEntry]()
        entries.reserveCapacity(Int(count))
        for i in 0..<Int(count) {
            let len = try r.i32("name length of table entry \(i)")
            guard len >= 0 else { throw r.error("negative name length \(len) of table entry \(i)") }
            let name = try r.string(Int(len), "name of table entry \(i)")
            let pos = try r.uint(8, "position of '\(name)'")
            let size = try r.u32("size of '\(name)'")
            let comp = try r.u32("compressed size of '\(name)'")
            guard pos + 12 <= fileSize else {
                throw DatasetError.file(path: path, message: "table entry '\(name)' points to offset \(pos) beyond the end of the file (\(fileSize) bytes)")
            }
            entries.append(SprintCacheEntry(name: name, pos: pos, size: size, compressed: comp))
        }
        return entries
    }

    /// Recovery scan: start tags at any offset after the header, each accepted only if its record
    /// fits in the file and ends with the end tag; scanning resumes after an accepted record.
    static func scan(fd: Int32, path: String, fileSize: UInt64) throws -> [SprintCacheEntry] {
        let all: Data
        do {
            all = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw DatasetError.file(path: path, message: "cannot map the archive for the recovery scan: \(error.localizedDescription)")
        }
        return all.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [SprintCacheEntry] in
            let n = raw.count
            func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
            var entries = [SprintCacheEntry]()
            var p = 9
            while p + 8 <= n {
                guard u32(p) == startTag else { p += 1; continue }
                let len = Int(u32(p + 4))
                let namePos = p + 8
                let headPos = namePos + len
                guard len < n, headPos + 12 <= n else { p += 1; continue }
                let size = u32(headPos)
                let comp = u32(headPos + 4)
                let endPos = headPos + 12 + Int(comp > 0 ? comp : size)
                guard endPos + 4 <= n, u32(endPos) == endTag else { p += 1; continue }
                p = endPos + 4
                // A record without a name is a block freed by RASR's `FileArchive::remove` (an
                // overwritten or removed entry); RASR lists it as empty space, not as a file.
                guard len > 0 else { continue }
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: raw[namePos..<headPos]), as: UTF8.self)
                entries.append(SprintCacheEntry(name: name, pos: UInt64(headPos), size: size, compressed: comp))
            }
            return entries
        }
    }
}
