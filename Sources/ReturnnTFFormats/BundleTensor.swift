/// One tensor of a tensor bundle: element type, shape and values, either raw little-endian bytes
/// (numeric types) or byte strings (`DT_STRING`).
///
/// `dataBytes` is the tensor's encoding in the data file and `crc32c` its checksum (stored masked in
/// the index), as TensorFlow computes them: numeric tensors are their raw bytes and the CRC32C of
/// those; a string tensor is
/// `varint64` lengths, the masked CRC32C of the lengths (each as a little-endian `uint32`), then the
/// string bytes, and its checksum covers the lengths, that masked CRC and the bytes.
public struct BundleTensor: Sendable, Equatable {
    /// The values.
    public enum Values: Sendable, Equatable {
        /// Little-endian row-major bytes of a numeric tensor.
        case raw([UInt8])
        /// The elements of a string tensor, row-major.
        case strings([[UInt8]])
    }

    /// Element type.
    public let dtype: BundleDType
    /// Dimensions, outermost first; `[]` is a scalar.
    public let shape: [Int]
    /// The values.
    public let values: Values

    /// Number of elements (1 for a scalar).
    public var count: Int { shape.reduce(1, *) }

    /// A numeric tensor from raw little-endian bytes; their count must fit `dtype` and `shape`.
    public init(dtype: BundleDType, shape: [Int], bytes: [UInt8]) {
        precondition(dtype != .string, "BundleTensor: use init(strings:shape:) for DT_STRING")
        precondition(shape.allSatisfy { $0 >= 0 }, "BundleTensor: negative dimension in \(shape)")
        precondition(shape.reduce(1, *) * dtype.size! == bytes.count,
                     "BundleTensor: shape \(shape) of \(dtype.tfName) needs \(shape.reduce(1, *) * dtype.size!) bytes, got \(bytes.count)")
        self.dtype = dtype
        self.shape = shape
        values = .raw(bytes)
    }

    /// A string tensor of `shape` (a scalar by default).
    public init(strings: [[UInt8]], shape: [Int]? = nil) {
        let shape = shape ?? []
        precondition(shape.reduce(1, *) == strings.count, "BundleTensor: \(strings.count) strings do not fill shape \(shape)")
        dtype = .string
        self.shape = shape
        values = .strings(strings)
    }

    /// A `DT_FLOAT` tensor.
    public init(float values: [Float], shape: [Int]) {
        self.init(dtype: .float, shape: shape, bytes: Self.littleEndianBytes(values))
    }

    /// A `DT_DOUBLE` tensor.
    public init(double values: [Double], shape: [Int]) {
        self.init(dtype: .double, shape: shape, bytes: Self.littleEndianBytes(values))
    }

    /// A `DT_INT32` tensor.
    public init(int32 values: [Int32], shape: [Int]) {
        self.init(dtype: .int32, shape: shape, bytes: Self.littleEndianBytes(values))
    }

    /// A `DT_INT64` tensor.
    public init(int64 values: [Int64], shape: [Int]) {
        self.init(dtype: .int64, shape: shape, bytes: Self.littleEndianBytes(values))
    }

    /// The raw bytes of a numeric tensor (nil for strings).
    public var rawBytes: [UInt8]? {
        if case .raw(let b) = values { return b }
        return nil
    }

    /// The values as Float32: FLOAT as stored, DOUBLE/INT32/INT64 converted; nil for strings.
    public var floatValues: [Float]? {
        guard let b = rawBytes else { return nil }
        return b.withUnsafeBytes { src in
            switch dtype {
            case .float: return (0..<count).map { Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
            case .double: return (0..<count).map { Float(Double(bitPattern: UInt64(littleEndian: src.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)))) }
            case .int32: return (0..<count).map { Float(Int32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self))) }
            case .int64: return (0..<count).map { Float(Int64(littleEndian: src.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self))) }
            case .string: return nil
            }
        }
    }

    /// The values as Double: DOUBLE as stored, FLOAT/INT32/INT64 converted; nil for strings.
    public var doubleValues: [Double]? {
        guard let b = rawBytes else { return nil }
        if dtype == .double {
            return b.withUnsafeBytes { src in (0..<count).map { Double(bitPattern: UInt64(littleEndian: src.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self))) } }
        }
        if let ints = int64Values { return ints.map(Double.init) }
        return floatValues?.map(Double.init)
    }

    /// The values as Int64 for INT64 and INT32 tensors; nil for other types.
    public var int64Values: [Int64]? {
        guard let b = rawBytes else { return nil }
        return b.withUnsafeBytes { src in
            switch dtype {
            case .int64: return (0..<count).map { Int64(littleEndian: src.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self)) }
            case .int32: return (0..<count).map { Int64(Int32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self))) }
            default: return nil
            }
        }
    }

    /// The elements of a string tensor (nil for numeric ones).
    public var stringValues: [[UInt8]]? {
        if case .strings(let s) = values { return s }
        return nil
    }

    /// The tensor's bytes in the data file.
    public var dataBytes: [UInt8] {
        switch values {
        case .raw(let b): return b
        case .strings(let s):
            var out: [UInt8] = []
            for e in s { ByteCoding.appendVarint(UInt64(e.count), to: &out) }
            ByteCoding.appendFixed32(CRC32C.mask(Self.lengthsCRC(s)), to: &out)
            for e in s { out.append(contentsOf: e) }
            return out
        }
    }

    /// The checksum of the tensor, stored masked (`CRC32C.mask`) in its `BundleEntryProto`.
    public var crc32c: UInt32 {
        switch values {
        case .raw(let b): return CRC32C.checksum(b)
        case .strings(let s):
            var crc = Self.lengthsCRC(s)
            var masked: [UInt8] = []
            ByteCoding.appendFixed32(CRC32C.mask(crc), to: &masked)
            crc = CRC32C.extend(crc, masked)
            for e in s { crc = CRC32C.extend(crc, e) }
            return crc
        }
    }

    /// CRC32C over the element lengths, each as a little-endian `uint32` (`uint64` above 4 GiB),
    /// as TensorFlow computes it.
    static func lengthsCRC(_ s: [[UInt8]]) -> UInt32 {
        var crc: UInt32 = 0
        var b: [UInt8] = []
        for e in s {
            b.removeAll(keepingCapacity: true)
            if e.count <= Int(UInt32.max) { ByteCoding.appendFixed32(UInt32(e.count), to: &b) } else { ByteCoding.appendFixed64(UInt64(e.count), to: &b) }
            crc = CRC32C.extend(crc, b)
        }
        return crc
    }

    /// Decodes a string tensor of `count` elements from its data-file bytes, checking the CRC of the
    /// lengths; nil if malformed.
    static func decodeStrings(_ d: ArraySlice<UInt8>, count: Int) -> [[UInt8]]? {
        var pos = d.startIndex
        var lengths: [Int] = []
        for _ in 0..<count {
            guard let n = ByteCoding.varint(d, at: &pos, end: d.endIndex), n <= UInt64(d.count) else { return nil }
            lengths.append(Int(n))
        }
        guard d.endIndex - pos >= 4 else { return nil }
        let storedMask = ByteCoding.fixed32(d, at: pos)
        pos += 4
        guard lengths.reduce(0, +) == d.endIndex - pos else { return nil }
        var out: [[UInt8]] = []
        for n in lengths {
            out.append(Array(d[pos..<(pos + n)]))
            pos += n
        }
        guard CRC32C.mask(lengthsCRC(out)) == storedMask else { return nil }
        return out
    }

    /// Raw bytes of `values` in little-endian order (the host order on every supported platform).
    static func littleEndianBytes<T>(_ values: [T]) -> [UInt8] {
        precondition(1.littleEndian == 1, "BundleTensor: big-endian hosts are not supported")
        return values.withUnsafeBytes { Array($0) }
    }
}
