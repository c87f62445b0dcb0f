/// A little-endian cursor over one Sprint cache payload (upstream `FileArchive.read_*`).
///
/// Every read checks the remaining size and throws `DatasetError.file` naming the archive path
/// and entry, so truncated entries never read past their end.
struct SprintCacheByteReader {
    /// The payload bytes.
    let bytes: [UInt8]
    /// Archive path (for messages).
    let path: String
    /// Entry name (for messages).
    let entry: String
    /// Current offset into `bytes`.
    var offset = 0

    /// Reader at the start of `bytes`.
    init(_ bytes: [UInt8], path: String, entry: String) {
        self.bytes = bytes
        self.path = path
        self.entry = entry
    }

    /// Bytes left.
    var remaining: Int { bytes.count - offset }

    /// A `DatasetError.file` about this entry.
    func error(_ message: String) -> DatasetError {
        DatasetError.file(path: path, message: "entry '\(entry)': \(message)")
    }

    /// Throws unless `n` more bytes are available.
    func need(_ n: Int, _ what: String) throws {
        guard n >= 0, n <= remaining else {
            throw error("truncated: needs \(n) bytes for \(what) at payload offset \(offset), \(remaining) left")
        }
    }

    /// Little-endian unsigned integer of `n` bytes.
    mutating func uint(_ n: Int, _ what: String) throws -> UInt64 {
        try need(n, what)
        var v: UInt64 = 0
        for i in 0..<n { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += n
        return v
    }

    /// `U32`.
    mutating func u32(_ what: String) throws -> UInt32 { UInt32(try uint(4, what)) }
    /// `u32` (signed, upstream's `read_u32` uses struct format "i").
    mutating func i32(_ what: String) throws -> Int32 { Int32(bitPattern: UInt32(try uint(4, what))) }
    /// `read_char`: a signed byte.
    mutating func i8(_ what: String) throws -> Int8 { Int8(bitPattern: UInt8(try uint(1, what))) }
    /// `read_S16`: an unsigned 16-bit value.
    mutating func u16(_ what: String) throws -> UInt16 { UInt16(try uint(2, what)) }
    /// `read_f32`.
    mutating func f32(_ what: String) throws -> Float { Float(bitPattern: UInt32(try uint(4, what))) }
    /// `read_f64`.
    mutating func f64(_ what: String) throws -> Double { Double(bitPattern: try uint(8, what)) }

    /// `read_packed_U32`: 7 bits per byte, low group first, high bit set on all but the last byte.
    mutating func packedU32(_ what: String) throws -> UInt32 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = UInt64(try uint(1, what))
            result |= (b & 0x7f) << shift
            shift += 7
            if b & 0x80 == 0 { break }
            guard shift < 35 else { throw error("packed integer for \(what) longer than 5 bytes") }
        }
        guard result <= UInt64(UInt32.max) else { throw error("packed integer for \(what) exceeds 32 bits") }
        return UInt32(result)
    }

    /// An ASCII/UTF-8 string of `n` bytes.
    mutating func string(_ n: Int, _ what: String) throws -> String {
        try need(n, what)
        let s = String(decoding: bytes[offset..<(offset + n)], as: UTF8.self)
        offset += n
        return s
    }

    /// A Core `BinaryOutputStream` string: u32 length, then the bytes (no terminator).
    mutating func lengthPrefixedString(_ what: String) throws -> String {
        let n = try u32("length of \(what)")
        return try string(Int(n), what)
    }

    /// `n` vector elements of `type` (little-endian), converted to Float and appended to `out`.
    mutating func elements(_ type: SprintCacheVectorType, _ n: Int, into out: inout [Float], _ what: String) throws {
        if type == .f32 { return try f32s(n, into: &out, what) }
        let w = type.byteWidth
        try need(n * w, what)
        for _ in 0..<n {
            let v = try uint(w, what)
            switch type {
            case .f32: out.append(Float(bitPattern: UInt32(v)))
            case .f64: out.append(Float(Double(bitPattern: v)))
            case .s8: out.append(Float(Int8(bitPattern: UInt8(v))))
            case .u8, .u16, .u32: out.append(Float(v))
            case .s16: out.append(Float(Int16(bitPattern: UInt16(v))))
            case .s32: out.append(Float(Int32(bitPattern: UInt32(v))))
            }
        }
    }

    /// `n` float32 values appended to `out`.
    mutating func f32s(_ n: Int, into out: inout [Float], _ what: String) throws {
        try need(n * 4, what)
        bytes.withUnsafeBytes { raw in
            for i in 0..<n {
                out.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * i, as: UInt32.self))))
            }
        }
        offset += 4 * n
    }
}
