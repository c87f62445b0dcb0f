/// Little-endian field decoding of one message's payload.
struct SprintPayload {
    let bytes: [UInt8]
    var pos = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, pos + n <= bytes.count else {
            throw SprintMessageReader.malformed("a field runs past the end of its message")
        }
        defer { pos += n }
        return bytes[pos..<(pos + n)]
    }

    mutating func byte() throws -> UInt8 { try take(1).first! }

    mutating func uint(_ size: Int) throws -> UInt64 {
        var v: UInt64 = 0
        for (i, b) in try take(size).enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }

    mutating func int64() throws -> Int { Int(Int64(bitPattern: try uint(8))) }
    mutating func count() throws -> Int { Int(try uint(4)) }
    mutating func double() throws -> Double { Double(bitPattern: try uint(8)) }

    mutating func string() throws -> String {
        String(decoding: try take(try count()), as: UTF8.self)
    }

    mutating func shape(dtype expected: UInt8) throws -> [Int] {
        let dtype = try byte()
        guard dtype == expected else {
            throw SprintMessageReader.malformed("array dtype '\(Character(UnicodeScalar(dtype)))', expected '\(Character(UnicodeScalar(expected)))'")
        }
        let ndim = Int(try byte())
        return try (0..<ndim).map { _ in Int(try uint(8)) }
    }

    mutating func floatArray() throws -> ([Float], [Int]) {
        let shape = try shape(dtype: UInt8(ascii: "f"))
        let n = shape.reduce(1, *)
        let raw = try take(n * 4)
        var out = [Float](repeating: 0, count: n)
        out.withUnsafeMutableBytes { dst in raw.withUnsafeBytes { dst.copyMemory(from: $0) } }
        #if _endian(big)
        out = out.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #endif
        return (out, shape)
    }

    mutating func intArray() throws -> [Int32] {
        let shape = try shape(dtype: UInt8(ascii: "i"))
        guard shape.count == 1 else { throw SprintMessageReader.malformed("an int array has \(shape.count) axes, expected 1") }
        let raw = try take(shape[0] * 4)
        var out = [Int32](repeating: 0, count: shape[0])
        out.withUnsafeMutableBytes { dst in raw.withUnsafeBytes { dst.copyMemory(from: $0) } }
        #if _endian(big)
        out = out.map { Int32(littleEndian: $0) }
        #endif
        return out
    }
}
