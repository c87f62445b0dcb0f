/// TensorFlow's record framing (TFRecord), used by TensorBoard event files: each record is
///
///     uint64 length (little-endian) | uint32 masked CRC32C of the 8 length bytes
///     data (length bytes)          | uint32 masked CRC32C of the data
public enum TFRecord {
    /// Bytes of framing around each record (8 + 4 + 4).
    public static let overhead = 16

    /// The framed bytes of one record holding `data`.
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + overhead)
        ByteCoding.appendFixed64(UInt64(data.count), to: &out)
        ByteCoding.appendFixed32(CRC32C.mask(CRC32C.checksum(out[0..<8])), to: &out)
        out.append(contentsOf: data)
        ByteCoding.appendFixed32(CRC32C.mask(CRC32C.checksum(data)), to: &out)
        return out
    }

    /// The records of a whole file content; `file` names it in errors. A damaged length or data
    /// CRC, or a truncated last record, throws with the record's number and byte offset.
    public static func records(_ bytes: [UInt8], file: String) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        var pos = 0
        let b = bytes[...]
        while pos < bytes.count {
            let n = out.count
            guard bytes.count - pos >= 12 else {
                throw TFFormatError(.format, "\(file): record \(n) at byte \(pos) is truncated (\(bytes.count - pos) bytes left, a record header needs 12)")
            }
            let length = ByteCoding.fixed64(b, at: pos)
            guard CRC32C.mask(CRC32C.checksum(b[pos..<(pos + 8)])) == ByteCoding.fixed32(b, at: pos + 8) else {
                throw TFFormatError(.checksum, "\(file): record \(n) at byte \(pos): the CRC of its length does not match (the file is damaged)")
            }
            guard length <= UInt64(bytes.count - pos - 16) else {
                throw TFFormatError(.format, "\(file): record \(n) at byte \(pos) claims \(length) bytes, but only \(max(0, bytes.count - pos - 16)) follow (truncated file?)")
            }
            let start = pos + 12, end = start + Int(length)
            guard CRC32C.mask(CRC32C.checksum(b[start..<end])) == ByteCoding.fixed32(b, at: end) else {
                throw TFFormatError(.checksum, "\(file): record \(n) at byte \(pos): the CRC of its \(length) data bytes does not match (the file is damaged)")
            }
            out.append(Array(b[start..<end]))
            pos = end + 4
        }
        return out
    }
}
