/// Little-endian fixed-width integers and LevelDB/protobuf varints, appended to a byte array or
/// read from one, as TensorFlow's file formats store them.
enum ByteCoding {
    /// Appends `v` as 4 little-endian bytes.
    static func appendFixed32(_ v: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Appends `v` as 8 little-endian bytes.
    static func appendFixed64(_ v: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Appends `v` as a varint (7 bits per byte, low bits first, high bit set on all but the last).
    static func appendVarint(_ v: UInt64, to out: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// The 4 little-endian bytes at `offset` (the caller checks the range).
    static func fixed32(_ b: ArraySlice<UInt8>, at offset: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(b[offset + k]) << (8 * UInt32(k)) }
        return v
    }

    /// The 8 little-endian bytes at `offset` (the caller checks the range).
    static func fixed64(_ b: ArraySlice<UInt8>, at offset: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(b[offset + k]) << (8 * UInt64(k)) }
        return v
    }

    /// Decodes a varint of at most `maxBytes` bytes starting at `offset`, which is advanced past
    /// it; nil if it runs past `end` or is longer than allowed.
    static func varint(_ b: ArraySlice<UInt8>, at offset: inout Int, end: Int, maxBytes: Int = 10) -> UInt64? {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        var i = offset
        while i < end && Int(shift / 7) < maxBytes {
            let byte = b[i]
            v |= UInt64(byte & 0x7F) << shift
            i += 1
            if byte < 0x80 {
                offset = i
                return v
            }
            shift += 7
        }
        return nil
    }
}
