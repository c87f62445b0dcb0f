/// CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78), the checksum of TensorFlow's
/// file formats, computed slice-by-8 with tables built once.
///
/// TensorFlow stores it *masked* (`mask`) everywhere: in TFRecord frames, SSTable block trailers and
/// a tensor bundle's `BundleEntryProto.crc32c`, because a CRC stored next to the data it covers
/// would otherwise make CRCs of CRCs degenerate.
public enum CRC32C {
    /// The reflected polynomial.
    static let polynomial: UInt32 = 0x82F6_3B78
    /// TensorFlow's and LevelDB's mask delta.
    static let maskDelta: UInt32 = 0xA282_EAD8

    /// Eight 256-entry tables: `tables[0]` is the byte-wise table, `tables[k][b]` advances the CRC
    /// of byte `b` followed by `k` zero bytes.
    static let tables: [[UInt32]] = {
        var t = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ polynomial : c >> 1 }
            t[0][i] = c
        }
        for k in 1..<8 {
            for i in 0..<256 { t[k][i] = (t[k - 1][i] >> 8) ^ t[0][Int(t[k - 1][i] & 0xFF)] }
        }
        return t
    }()

    /// The CRC-32C of `bytes`.
    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        extend(0, bytes)
    }

    /// The CRC-32C of the concatenation of the data that gave `crc` and `bytes`.
    public static func extend<C: Collection>(_ crc: UInt32, _ bytes: C) -> UInt32 where C.Element == UInt8 {
        if let r = bytes.withContiguousStorageIfAvailable({ extend(crc, UnsafeRawBufferPointer($0)) }) { return r }
        return Array(bytes).withUnsafeBytes { extend(crc, $0) }
    }

    /// The CRC-32C of the data that gave `crc` followed by `buffer`.
    public static func extend(_ crc: UInt32, _ buffer: UnsafeRawBufferPointer) -> UInt32 {
        var c = ~crc
        let n = buffer.count
        var i = 0
        tables.withUnsafeBufferPointer { tabs in
            let t0 = tabs[0], t1 = tabs[1], t2 = tabs[2], t3 = tabs[3]
            let t4 = tabs[4], t5 = tabs[5], t6 = tabs[6], t7 = tabs[7]
            while n - i >= 8 {
                let lo = c ^ UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                let hi = UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self))
                c = t7[Int(lo & 0xFF)] ^ t6[Int((lo >> 8) & 0xFF)] ^ t5[Int((lo >> 16) & 0xFF)] ^ t4[Int(lo >> 24)]
                    ^ t3[Int(hi & 0xFF)] ^ t2[Int((hi >> 8) & 0xFF)] ^ t1[Int((hi >> 16) & 0xFF)] ^ t0[Int(hi >> 24)]
                i += 8
            }
            while i < n {
                c = (c >> 8) ^ t0[Int((c ^ UInt32(buffer[i])) & 0xFF)]
                i += 1
            }
        }
        return ~c
    }

    /// TensorFlow's masked form of a CRC: rotated right by 15 bits plus a constant.
    public static func mask(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ maskDelta
    }

    /// Inverse of `mask`.
    public static func unmask(_ masked: UInt32) -> UInt32 {
        let rot = masked &- maskDelta
        return (rot >> 17) | (rot << 15)
    }
}
