import CZlib
import Foundation

/// A read-only zip file (PKWARE APPNOTE): the central directory (ZIP64 included, for the
/// multi-GB archives of large corpora) indexed by entry name, entries read on demand, stored or
/// deflated, CRC-32 checked. Used by `OggZipDataset`.
///
/// zlib does the inflating (Debian zlib1g-dev, as for gzip elsewhere). ZIPFoundation was the
/// first choice, but its `CZlib` module clashes with this package's `CZlib` on Linux.
final class ZipArchive {
    /// One entry of the central directory.
    struct Entry {
        /// 0 stored, 8 deflated.
        let method: UInt16
        let flags: UInt16
        let crc32: UInt32
        let compressedSize: UInt64
        let uncompressedSize: UInt64
        let localHeaderOffset: UInt64
    }

    /// The zip file.
    let path: String
    let handle: FileHandle
    /// Entries by name, in archive order for equal names the first.
    let entries: [String: Entry]
    /// Entry names in archive order.
    let names: [String]

    /// Opens `path` and reads its central directory; `DatasetError.file` for missing or broken zips.
    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DatasetError.file(path: path, message: "cannot open the zip file; check the path")
        }
        self.path = path
        self.handle = handle
        let size = try handle.seekToEnd()
        let tailLength = Swift.min(size, 22 + 65535)
        let tail = try ZipArchive.read(handle, at: size - tailLength, count: Int(tailLength), path: path)
        guard let eocd = stride(from: tail.count - 22, through: 0, by: -1).first(where: { ZipArchive.u32(tail, $0) == 0x0605_4b50 }) else {
            throw DatasetError.file(path: path, message: "is not a zip file (no end of central directory record)")
        }
        var count = UInt64(ZipArchive.u16(tail, eocd + 10))
        var cdSize = UInt64(ZipArchive.u32(tail, eocd + 12))
        var cdOffset = UInt64(ZipArchive.u32(tail, eocd + 16))
        let locator = eocd - 20
        if locator >= 0, ZipArchive.u32(tail, locator) == 0x0706_4b50 {
            let recordOffset = ZipArchive.u64(tail, locator + 8)
            let record = try ZipArchive.read(handle, at: recordOffset, count: 56, path: path)
            guard ZipArchive.u32(record, 0) == 0x0606_4b50 else {
                throw DatasetError.file(path: path, message: "broken ZIP64 end of central directory record")
            }
            count = ZipArchive.u64(record, 32)
            cdSize = ZipArchive.u64(record, 40)
            cdOffset = ZipArchive.u64(record, 48)
        }
        guard cdOffset + cdSize <= size else {
            throw DatasetError.file(path: path, message: "the central directory lies beyond the end of the file (truncated zip?)")
        }
        let cd = try ZipArchive.read(handle, at: cdOffset, count: Int(cdSize), path: path)
        var entries = [String: Entry](), names = [String]()
        var p = 0
        for i in 0..<count {
            guard p + 46 <= cd.count, ZipArchive.u32(cd, p) == 0x0201_4b50 else {
                throw DatasetError.file(path: path, message: "broken central directory at entry \(i)")
            }
            let nameLen = Int(ZipArchive.u16(cd, p + 28)), extraLen = Int(ZipArchive.u16(cd, p + 30)), commentLen = Int(ZipArchive.u16(cd, p + 32))
            guard p + 46 + nameLen + extraLen + commentLen <= cd.count else {
                throw DatasetError.file(path: path, message: "broken central directory at entry \(i)")
            }
            let name = String(decoding: cd[(p + 46)..<(p + 46 + nameLen)], as: UTF8.self)
            var uncompressed = UInt64(ZipArchive.u32(cd, p + 24)), compressed = UInt64(ZipArchive.u32(cd, p + 20))
            var offset = UInt64(ZipArchive.u32(cd, p + 42))
            // ZIP64 extended information: the 8-byte values of the fields that are 0xFFFFFFFF, in this order.
            var e = p + 46 + nameLen
            let extraEnd = e + extraLen
            while e + 4 <= extraEnd {
                let id = ZipArchive.u16(cd, e), len = Int(ZipArchive.u16(cd, e + 2))
                if id == 0x0001 {
                    var q = e + 4
                    if uncompressed == 0xFFFF_FFFF, q + 8 <= e + 4 + len { uncompressed = ZipArchive.u64(cd, q); q += 8 }
                    if compressed == 0xFFFF_FFFF, q + 8 <= e + 4 + len { compressed = ZipArchive.u64(cd, q); q += 8 }
                    if offset == 0xFFFF_FFFF, q + 8 <= e + 4 + len { offset = ZipArchive.u64(cd, q) }
                }
                e += 4 + len
            }
            if entries[name] == nil {
                entries[name] = Entry(method: ZipArchive.u16(cd, p + 10), flags: ZipArchive.u16(cd, p + 8), crc32: ZipArchive.u32(cd, p + 16),
                                      compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: offset)
                names.append(name)
            }
            p += 46 + nameLen + extraLen + commentLen
        }
        self.entries = entries
        self.names = names
    }

    deinit { try? handle.close() }

    /// Whether the archive has an entry `name`.
    func contains(_ name: String) -> Bool { entries[name] != nil }

    /// The uncompressed bytes of entry `name`.
    func read(_ name: String) throws -> [UInt8] {
        guard let e = entries[name] else {
            throw DatasetError.file(path: path, message: "has no entry '\(name)' (entries are e.g. \(names.prefix(3).joined(separator: ", ")))")
        }
        let what = "entry '\(name)'"
        guard e.flags & 1 == 0 else { throw DatasetError.file(path: path, message: "\(what) is encrypted; encrypted zips are not supported") }
        let local = try ZipArchive.read(handle, at: e.localHeaderOffset, count: 30, path: path)
        guard ZipArchive.u32(local, 0) == 0x0403_4b50 else {
            throw DatasetError.file(path: path, message: "\(what): broken local file header")
        }
        let dataOffset = e.localHeaderOffset + 30 + UInt64(ZipArchive.u16(local, 26)) + UInt64(ZipArchive.u16(local, 28))
        let raw = try ZipArchive.read(handle, at: dataOffset, count: Int(e.compressedSize), path: path)
        let bytes: [UInt8]
        switch e.method {
        case 0: bytes = raw
        case 8: bytes = try inflateRaw(raw, expectedSize: Int(e.uncompressedSize), what: what)
        default:
            throw DatasetError.file(path: path, message: "\(what) uses compression method \(e.method); only stored (0) and deflated (8) entries are supported")
        }
        guard bytes.count == Int(e.uncompressedSize) else {
            throw DatasetError.file(path: path, message: "\(what): \(bytes.count) bytes after decompression, the directory says \(e.uncompressedSize)")
        }
        let crc = bytes.withUnsafeBufferPointer { b in UInt32(crc32(0, b.baseAddress, UInt32(b.count))) }
        guard crc == e.crc32 else { throw DatasetError.file(path: path, message: "\(what): CRC-32 mismatch (corrupt zip)") }
        return bytes
    }

    /// Inflates a raw deflate stream (no zlib/gzip header) of known uncompressed size.
    func inflateRaw(_ input: [UInt8], expectedSize: Int, what: String) throws -> [UInt8] {
        var stream = z_stream()
        guard czlib_inflate_init2(&stream, -15) == Z_OK else {
            throw DatasetError.file(path: path, message: "\(what): zlib inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: expectedSize + 1)
        var input = input
        let (status, produced): (Int32, Int) = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(outBuf.count)
                let r = CZlib.inflate(&stream, Z_FINISH)
                return (r, outBuf.count - Int(stream.avail_out))
            }
        }
        guard status == Z_STREAM_END else {
            let reason = stream.msg.map { String(cString: $0) } ?? "truncated or corrupt data"
            throw DatasetError.file(path: path, message: "\(what): cannot inflate (\(reason))")
        }
        out.removeSubrange(produced...)
        return out
    }

    static func read(_ handle: FileHandle, at offset: UInt64, count: Int, path: String) throws -> [UInt8] {
        do {
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else {
                throw DatasetError.file(path: path, message: "unexpected end of file at offset \(offset) (truncated zip?)")
            }
            return [UInt8](data)
        } catch let e as DatasetError { throw e } catch {
            throw DatasetError.file(path: path, message: "read error at offset \(offset): \(error)")
        }
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }
}
