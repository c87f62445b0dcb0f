import CZlib
import Foundation

/// Test-side writer of Sprint cache archives, byte by byte from the documented format
/// (`returnn/sprint/cache.py`): header, records with recovery tags, optional file table.
struct SprintCacheTestWriter {
    enum Compression { case none, zlib, gzip }

    private(set) var bytes: [UInt8]
    private(set) var table: [(name: String, pos: Int, size: Int, comp: Int)] = []

    init(fileTable: Bool) {
        bytes = Array("SP_ARC1\0".utf8) + [fileTable ? 1 : 0]
    }

    /// Appends a record holding `payload`, stored as given by `compression`.
    mutating func add(_ name: String, _ payload: [UInt8], compression: Compression = .none) {
        bytes += le32(0xAA55_AA55) + le32(UInt32(name.utf8.count)) + Array(name.utf8)
        let pos = bytes.count
        let stored: [UInt8]
        switch compression {
        case .none: stored = payload
        case .zlib: stored = sprintTestZlib(payload)
        case .gzip: stored = sprintTestGzip(payload)
        }
        let comp = compression == .none ? 0 : stored.count
        bytes += le32(UInt32(payload.count)) + le32(UInt32(comp)) + le32(0) + stored + le32(0x55AA_55AA)
        table.append((name, pos, payload.count, comp))
    }

    /// The archive; with `fileTable` the table plus u64 0 and the u64 table offset follow.
    func finish(fileTable: Bool) -> [UInt8] {
        guard fileTable else { return bytes }
        var out = bytes
        let tablePos = out.count
        out += le32(UInt32(table.count))
        for e in table {
            out += le32(UInt32(e.name.utf8.count)) + Array(e.name.utf8) + le64(UInt64(e.pos)) + le32(UInt32(e.size)) + le32(UInt32(e.comp))
        }
        out += le64(0) + le64(UInt64(tablePos))
        return out
    }

    /// Writes an archive with the given entries to `path`.
    static func write(_ path: String, fileTable: Bool, entries: [(String, [UInt8], Compression)]) {
        var w = SprintCacheTestWriter(fileTable: fileTable)
        for (n, p, c) in entries { w.add(n, p, compression: c) }
        sprintWriteFile(path, contents: Data(w.finish(fileTable: fileTable)))
    }

    /// `vector-f32` payload; frame t has times (0.01 t, 0.01 (t + 1)).
    static func features(_ frames: [[Float]]) -> [UInt8] {
        var b = le32(10) + Array("vector-f32".utf8) + le32(UInt32(frames.count))
        for (t, f) in frames.enumerated() {
            b += le32(UInt32(f.count))
            for x in f { b += le32(x.bitPattern) }
            b += le64((0.01 * Double(t)).bitPattern) + le64((0.01 * Double(t + 1)).bitPattern)
        }
        return b
    }

    enum RLE {
        case explicit([UInt32])
        case run(UInt32, Int)
        case timeReset(UInt32)
    }

    /// An `AALPHRLE` alphabet (packed count, packed id + u32-length symbol) and the packet
    /// timestamp (f64 start, f64 end), as RASR appends them.
    static func alphabetAndTime(_ alphabet: [(UInt32, String)], start: Double, end: Double) -> [UInt8] {
        var b = packed(UInt32(alphabet.count))
        for (id, sym) in alphabet { b += packed(id) + le32(UInt32(sym.utf8.count)) + Array(sym.utf8) }
        return b + le64(start.bitPattern) + le64(end.bitPattern)
    }

    /// `flow-alignment` payload with the run-length scheme.
    static func alignment(_ ops: [RLE], header: String = "ALIGNRLE", trailer: [UInt8] = []) -> [UInt8] {
        var size = 0
        var body = [UInt8]()
        for op in ops {
            switch op {
            case .explicit(let m):
                body.append(UInt8(m.count))
                for x in m { body += le32(x) }
                size += m.count
            case .run(let m, let n):
                body.append(UInt8(bitPattern: Int8(-n)))
                body += le32(m)
                size += n
            case .timeReset(let t):
                body.append(0)
                body += le32(t)
            }
        }
        return alignmentHead(header) + le32(UInt32(size)) + body + trailer
    }

    /// `flow-alignment` payload with the weighted scheme (version 1: u16 weights, 2: f32).
    static func weightedAlignment(version: UInt32, groups: [(time: UInt32?, items: [(UInt32, Float)])]) -> [UInt8] {
        let total = groups.reduce(0) { $0 + $1.items.count }
        var b = alignmentHead("ALIGNRLE") + le32((1 << 31) | version) + packed(UInt32(total))
        for g in groups {
            b += packed(UInt32(g.items.count << 1) | (g.time == nil ? 0 : 1))
            if let t = g.time { b += packed(t) }
            for (e, w) in g.items {
                b += packed(e)
                if version == 1 {
                    let v = UInt16(w * 65535)
                    b += [UInt8(v & 0xff), UInt8(v >> 8)]
                } else {
                    b += le32(w.bitPattern)
                }
            }
        }
        return b
    }

    static func alignmentHead(_ header: String) -> [UInt8] {
        le32(14) + Array("flow-alignment".utf8) + le32(1) + Array(header.utf8)
    }

    static func packed(_ v: UInt32) -> [UInt8] {
        var v = v
        var out = [UInt8]()
        repeat {
            let low = UInt8(v & 0x7f)
            v >>= 7
            out.append(v == 0 ? low : low | 0x80)
        } while v != 0
        return out
    }
}

func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xff) } }
func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8((v >> (8 * UInt64($0))) & 0xff) } }

/// zlib stream (`compress2`).
func sprintTestZlib(_ input: [UInt8]) -> [UInt8] {
    var outLen = compressBound(uLong(input.count))
    var out = [UInt8](repeating: 0, count: Int(outLen))
    let r = compress2(&out, &outLen, input, uLong(input.count), 9)
    precondition(r == Z_OK)
    return Array(out[0..<Int(outLen)])
}

/// gzip member: header, the raw deflate data of the zlib stream, CRC-32 and size.
func sprintTestGzip(_ input: [UInt8]) -> [UInt8] {
    let z = sprintTestZlib(input)
    let raw = Array(z[2..<(z.count - 4)])
    let crc = UInt32(crc32(0, input, uInt(input.count)))
    return [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3] + raw + le32(crc) + le32(UInt32(input.count))
}

/// A fresh temporary directory per test, removed when the value goes away.
final class SprintCacheTempDir {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("returnn-sprint-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) -> String {
        let p = path(name)
        sprintWriteFile(p, contents: Data(text.utf8))
        return p
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Writes `contents` to `path`; traps if the test cannot create the file.
func sprintWriteFile(_ path: String, contents: Data) {
    precondition(FileManager.default.createFile(atPath: path, contents: contents), "cannot write \(path)")
}
