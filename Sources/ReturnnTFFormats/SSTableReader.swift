/// Reads an SSTable written by `SSTableWriter`, TensorFlow or LevelDB (uncompressed blocks): checks
/// the footer's magic number, every block's CRC and that keys increase, and returns all entries
/// in key order. Errors name the file and the byte offset of the damaged block.
public enum SSTableReader {
    /// One key/value entry.
    public struct Entry: Equatable, Sendable {
        /// The key (byte string).
        public var key: [UInt8]
        /// The value.
        public var value: [UInt8]
    }

    /// All entries of the table in `bytes`, in key order; `file` names it in errors.
    public static func entries(_ bytes: [UInt8], file: String) throws -> [Entry] {
        let b = bytes[...]
        let footerSize = SSTableWriter.footerSize
        guard bytes.count >= footerSize else {
            throw TFFormatError(.format, "\(file): \(bytes.count) bytes, too short for an SSTable (the footer alone is \(footerSize) bytes; truncated file?)")
        }
        let footerStart = bytes.count - footerSize
        guard ByteCoding.fixed64(b, at: bytes.count - 8) == SSTableWriter.magic else {
            throw TFFormatError(.format, "\(file): not an SSTable (no table magic number at the end; truncated or damaged file, or not a TensorFlow checkpoint index)")
        }
        var pos = footerStart
        let handlesEnd = bytes.count - 8
        guard SSTableBlockHandle.decode(b, at: &pos, end: handlesEnd) != nil, let indexHandle = SSTableBlockHandle.decode(b, at: &pos, end: handlesEnd) else {
            throw TFFormatError(.format, "\(file): the SSTable footer's block handles are malformed (the file is damaged)")
        }
        let index = try blockEntries(b, handle: indexHandle, limit: footerStart, file: file, what: "index block")
        var out: [Entry] = []
        for (i, e) in index.enumerated() {
            var p = e.value.startIndex
            guard let h = SSTableBlockHandle.decode(e.value[...], at: &p, end: e.value.endIndex), p == e.value.endIndex else {
                throw TFFormatError(.format, "\(file): index entry \(i) holds a malformed block handle (the file is damaged)")
            }
            for d in try blockEntries(b, handle: h, limit: footerStart, file: file, what: "data block \(i)") {
                if let last = out.last, !last.key.lexicographicallyPrecedes(d.key) {
                    throw TFFormatError(.format, "\(file): keys are not in increasing order at '\(String(decoding: d.key, as: UTF8.self))' (the file is damaged)")
                }
                out.append(d)
            }
        }
        return out
    }

    /// The entries of the block at `handle`, after checking its range, trailer and CRC.
    static func blockEntries(_ b: ArraySlice<UInt8>, handle: SSTableBlockHandle, limit: Int, file: String, what: String) throws -> [Entry] {
        let at = "\(file): \(what) at byte \(handle.offset)"
        guard handle.offset <= UInt64(limit), handle.size <= UInt64(limit) - handle.offset, Int(handle.size) + 5 <= limit - Int(handle.offset) else {
            throw TFFormatError(.format, "\(at) of \(handle.size) bytes runs past the end of the table (truncated or damaged file)")
        }
        let start = b.startIndex + Int(handle.offset), end = start + Int(handle.size)
        let type = b[end]
        let stored = ByteCoding.fixed32(b, at: end + 1)
        guard CRC32C.mask(CRC32C.checksum(b[start...end])) == stored else {
            throw TFFormatError(.checksum, "\(at): CRC mismatch (the file is damaged)")
        }
        switch type {
        case 0: break
        case 1: throw TFFormatError(.unsupported, "\(at) is Snappy-compressed, which this reader does not support (TensorFlow writes checkpoint indexes uncompressed; re-save the checkpoint with TensorFlow)")
        default: throw TFFormatError(.format, "\(at) has unknown compression type \(type) (the file is damaged)")
        }
        return try parseBlock(b[start..<end], at: at)
    }

    /// Decodes the entries of a block's contents; `at` prefixes errors.
    static func parseBlock(_ c: ArraySlice<UInt8>, at: String) throws -> [Entry] {
        func bad(_ what: String) -> TFFormatError { TFFormatError(.format, "\(at): \(what) (the file is damaged)") }
        guard c.count >= 4 else { throw bad("block of \(c.count) bytes has no restart count") }
        let numRestarts = Int(ByteCoding.fixed32(c, at: c.endIndex - 4))
        guard numRestarts <= (c.count - 4) / 4 else { throw bad("\(numRestarts) restart points do not fit in \(c.count) bytes") }
        let entriesEnd = c.endIndex - 4 - 4 * numRestarts
        for r in 0..<numRestarts {
            let off = Int(ByteCoding.fixed32(c, at: entriesEnd + 4 * r))
            guard off < max(entriesEnd - c.startIndex, 1) else { throw bad("restart point \(r) at \(off) lies outside the entries") }
        }
        var out: [Entry] = []
        var pos = c.startIndex
        var key: [UInt8] = []
        while pos < entriesEnd {
            guard let shared = ByteCoding.varint(c, at: &pos, end: entriesEnd, maxBytes: 5),
                  let nonShared = ByteCoding.varint(c, at: &pos, end: entriesEnd, maxBytes: 5),
                  let valueLength = ByteCoding.varint(c, at: &pos, end: entriesEnd, maxBytes: 5)
            else { throw bad("malformed entry header at offset \(pos - c.startIndex)") }
            guard shared <= UInt64(key.count), nonShared + valueLength <= UInt64(entriesEnd - pos) else {
                throw bad("entry at offset \(pos - c.startIndex) runs past the block or shares more than the previous key")
            }
            key = Array(key[..<Int(shared)]) + c[pos..<(pos + Int(nonShared))]
            pos += Int(nonShared)
            out.append(Entry(key: key, value: Array(c[pos..<(pos + Int(valueLength))])))
            pos += Int(valueLength)
        }
        return out
    }
}
