/// Typed flat storage for one of the numeric element types of RETURNN HDF files.
public enum HDFValues: Equatable, Sendable {
    /// float32 values.
    case float32([Float])
    /// float64 values.
    case float64([Double])
    /// int8 values.
    case int8([Int8])
    /// uint8 values.
    case uint8([UInt8])
    /// int16 values.
    case int16([Int16])
    /// int32 values.
    case int32([Int32])
    /// int64 values.
    case int64([Int64])

    /// Wraps an array of any supported scalar.
    public init<T: H5Scalar>(_ values: [T]) {
        switch T.h5ElementType {
        case .float32: self = .float32(values as! [Float])
        case .float64: self = .float64(values as! [Double])
        case .int8: self = .int8(values as! [Int8])
        case .uint8: self = .uint8(values as! [UInt8])
        case .int16: self = .int16(values as! [Int16])
        case .int32: self = .int32(values as! [Int32])
        case .int64: self = .int64(values as! [Int64])
        default: preconditionFailure("H5Scalar types are numeric")
        }
    }

    /// `count` zeros of a numeric `type`; nil for non-numeric types.
    public static func zeros(_ type: H5ElementType, count: Int) -> HDFValues? {
        switch type {
        case .float32: return .float32(.init(repeating: 0, count: count))
        case .float64: return .float64(.init(repeating: 0, count: count))
        case .int8: return .int8(.init(repeating: 0, count: count))
        case .uint8: return .uint8(.init(repeating: 0, count: count))
        case .int16: return .int16(.init(repeating: 0, count: count))
        case .int32: return .int32(.init(repeating: 0, count: count))
        case .int64: return .int64(.init(repeating: 0, count: count))
        default: return nil
        }
    }

    /// The element type.
    public var elementType: H5ElementType {
        switch self {
        case .float32: return .float32
        case .float64: return .float64
        case .int8: return .int8
        case .uint8: return .uint8
        case .int16: return .int16
        case .int32: return .int32
        case .int64: return .int64
        }
    }

    /// Number of values.
    public var count: Int {
        switch self {
        case .float32(let v): return v.count
        case .float64(let v): return v.count
        case .int8(let v): return v.count
        case .uint8(let v): return v.count
        case .int16(let v): return v.count
        case .int32(let v): return v.count
        case .int64(let v): return v.count
        }
    }

    /// The values converted to `Double` (exact for all stored types but int64 beyond 2^53).
    public var doubles: [Double] {
        switch self {
        case .float32(let v): return v.map { Double($0) }
        case .float64(let v): return v
        case .int8(let v): return v.map { Double($0) }
        case .uint8(let v): return v.map { Double($0) }
        case .int16(let v): return v.map { Double($0) }
        case .int32(let v): return v.map { Double($0) }
        case .int64(let v): return v.map { Double($0) }
        }
    }

    /// Calls `body` with the raw bytes of the values.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch self {
        case .float32(let v): return try v.withUnsafeBytes(body)
        case .float64(let v): return try v.withUnsafeBytes(body)
        case .int8(let v): return try v.withUnsafeBytes(body)
        case .uint8(let v): return try v.withUnsafeBytes(body)
        case .int16(let v): return try v.withUnsafeBytes(body)
        case .int32(let v): return try v.withUnsafeBytes(body)
        case .int64(let v): return try v.withUnsafeBytes(body)
        }
    }

    /// Calls `body` with the mutable raw bytes of the values.
    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        switch self {
        case .float32(var v): defer { self = .float32(v) }; return try v.withUnsafeMutableBytes(body)
        case .float64(var v): defer { self = .float64(v) }; return try v.withUnsafeMutableBytes(body)
        case .int8(var v): defer { self = .int8(v) }; return try v.withUnsafeMutableBytes(body)
        case .uint8(var v): defer { self = .uint8(v) }; return try v.withUnsafeMutableBytes(body)
        case .int16(var v): defer { self = .int16(v) }; return try v.withUnsafeMutableBytes(body)
        case .int32(var v): defer { self = .int32(v) }; return try v.withUnsafeMutableBytes(body)
        case .int64(var v): defer { self = .int64(v) }; return try v.withUnsafeMutableBytes(body)
        }
    }

    /// The values in the flat range `range`, same type.
    func sliced(_ range: Range<Int>) -> HDFValues {
        switch self {
        case .float32(let v): return .float32(Array(v[range]))
        case .float64(let v): return .float64(Array(v[range]))
        case .int8(let v): return .int8(Array(v[range]))
        case .uint8(let v): return .uint8(Array(v[range]))
        case .int16(let v): return .int16(Array(v[range]))
        case .int32(let v): return .int32(Array(v[range]))
        case .int64(let v): return .int64(Array(v[range]))
        }
    }

    /// The values at flat `indices`, same type.
    func gathered(_ indices: [Int]) -> HDFValues {
        switch self {
        case .float32(let v): return .float32(indices.map { v[$0] })
        case .float64(let v): return .float64(indices.map { v[$0] })
        case .int8(let v): return .int8(indices.map { v[$0] })
        case .uint8(let v): return .uint8(indices.map { v[$0] })
        case .int16(let v): return .int16(indices.map { v[$0] })
        case .int32(let v): return .int32(indices.map { v[$0] })
        case .int64(let v): return .int64(indices.map { v[$0] })
        }
    }
}
