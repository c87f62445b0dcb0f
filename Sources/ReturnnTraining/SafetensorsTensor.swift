import ReturnnTensor

/// One tensor of a safetensors file: element type, shape and the raw little-endian row-major
/// bytes.
///
/// Converts from and to our `Tensor` (F32; F64/I32/I64 convert on reading) and to integer
/// values (I64/I32), e.g. for step counters in optimizer state.
public struct SafetensorsTensor: Sendable, Equatable {
    /// Element type.
    public let dtype: SafetensorsDType
    /// Dimensions, outermost first; `[]` is a scalar.
    public let shape: [Int]
    /// `count * dtype.size` bytes, little-endian, row-major.
    public let bytes: [UInt8]

    /// Number of elements (the product of `shape`; 1 for a scalar).
    public var count: Int { shape.reduce(1, *) }

    /// Wraps raw bytes; `bytes.count` must equal `count * dtype.size`.
    public init(dtype: SafetensorsDType, shape: [Int], bytes: [UInt8]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "SafetensorsTensor: negative dimension in \(shape)")
        precondition(shape.reduce(1, *) * dtype.size == bytes.count,
                     "SafetensorsTensor: shape \(shape) of \(dtype.rawValue) needs \(shape.reduce(1, *) * dtype.size) bytes, got \(bytes.count)")
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// An F32 tensor with the values and shape of `tensor`.
    public init(_ tensor: Tensor) {
        self.init(dtype: .f32, shape: tensor.shape, bytes: tensor.withUnsafeBufferPointer { Self.littleEndianBytes($0) })
    }

    /// An I64 tensor of `shape` holding `values` in row-major order.
    public init(int64 values: [Int64], shape: [Int]) {
        self.init(dtype: .i64, shape: shape, bytes: values.withUnsafeBufferPointer { Self.littleEndianBytes($0) })
    }

    /// An I32 tensor of `shape` holding `values` in row-major order.
    public init(int32 values: [Int32], shape: [Int]) {
        self.init(dtype: .i32, shape: shape, bytes: values.withUnsafeBufferPointer { Self.littleEndianBytes($0) })
    }

    /// An F64 tensor of `shape` holding `values` in row-major order.
    public init(float64 values: [Double], shape: [Int]) {
        self.init(dtype: .f64, shape: shape, bytes: values.withUnsafeBufferPointer { Self.littleEndianBytes($0) })
    }

    /// The values as a Float32 `Tensor`: F32 as stored, F64/I32/I64 converted.
    /// Other element types throw, naming `name` (the tensor's name, for the message).
    public func tensor(name: String = "tensor") throws -> Tensor {
        var out = Tensor(uninitialized: shape)
        let n = count
        switch dtype {
        case .f32:
            out.withUnsafeMutableBufferPointer { dst in
                bytes.withUnsafeBytes { src in
                    for i in 0..<n { dst[i] = Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
                }
            }
        case .f64:
            out.withUnsafeMutableBufferPointer { dst in
                bytes.withUnsafeBytes { src in
                    for i in 0..<n { dst[i] = Float(Double(bitPattern: UInt64(littleEndian: src.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))) }
                }
            }
        case .i32, .i64:
            let ints = try int64Values(name: name)
            out.withUnsafeMutableBufferPointer { dst in for i in 0..<n { dst[i] = Float(ints[i]) } }
        default:
            throw CheckpointError(.format, "\(name): element type \(dtype.rawValue) cannot be read as a float tensor (supported: F32, F64, I32, I64); convert the file to F32")
        }
        return out
    }

    /// The values as 64-bit integers (I64 as stored, I32 widened); other types throw.
    public func int64Values(name: String = "tensor") throws -> [Int64] {
        let n = count
        switch dtype {
        case .i64:
            return bytes.withUnsafeBytes { src in
                (0..<n).map { Int64(littleEndian: src.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self)) }
            }
        case .i32:
            return bytes.withUnsafeBytes { src in
                (0..<n).map { Int64(Int32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self))) }
            }
        default:
            throw CheckpointError(.format, "\(name): element type \(dtype.rawValue) is not an integer type (expected I64 or I32)")
        }
    }

    /// The values as Doubles (F64 as stored; F32, I32, I64 converted); other types throw.
    public func doubleValues(name: String = "tensor") throws -> [Double] {
        let n = count
        switch dtype {
        case .f64:
            return bytes.withUnsafeBytes { src in
                (0..<n).map { Double(bitPattern: UInt64(littleEndian: src.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self))) }
            }
        case .i32, .i64:
            return try int64Values(name: name).map(Double.init)
        default:
            return try tensor(name: name).array.map(Double.init)
        }
    }

    /// Raw bytes of `values` in little-endian order (the host order on every supported platform).
    private static func littleEndianBytes<T>(_ values: UnsafeBufferPointer<T>) -> [UInt8] {
        precondition(1.littleEndian == 1, "SafetensorsTensor: big-endian hosts are not supported")
        return Array(UnsafeRawBufferPointer(values))
    }
}
