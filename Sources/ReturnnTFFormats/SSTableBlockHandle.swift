/// Where a block lies in an SSTable file: offset and size of its contents (without the 5-byte
/// trailer of compression type and masked CRC), stored as two varints.
struct SSTableBlockHandle: Equatable {
    /// Longest encoding (two 10-byte varints).
    static let maxEncodedLength = 20

    /// Byte offset of the block in the file.
    var offset: UInt64
    /// Size of the block contents.
    var size: UInt64

    /// The two varints.
    var encoded: [UInt8] {
        var out: [UInt8] = []
        ByteCoding.appendVarint(offset, to: &out)
        ByteCoding.appendVarint(size, to: &out)
        return out
    }

    /// Decodes a handle at `pos` (advanced past it); nil if malformed.
    static func decode(_ b: ArraySlice<UInt8>, at pos: inout Int, end: Int) -> SSTableBlockHandle? {
        guard let o = ByteCoding.varint(b, at: &pos, end: end), let s = ByteCoding.varint(b, at: &pos, end: end) else { return nil }
        return SSTableBlockHandle(offset: o, size: s)
    }
}
