/// One sequence's data for one key: typed values plus shape `[time, feature dims...]`.
///
/// Sparse data has shape `[T]` (class indices), dense data `[T, dim]` (or more axes).
/// Storage is row-major and contiguous.
public struct SeqData: Sendable, Equatable {
    /// Typed flat storage.
    public enum Values: Sendable, Equatable {
        /// float32 values.
        case float32([Float])
        /// float64 values.
        case float64([Double])
        /// int8 values.
        case int8([Int8])
        /// int16 values.
        case int16([Int16])
        /// int32 values.
        case int32([Int32])
        /// int64 values.
        case int64([Int64])
        /// uint8 values.
        case uint8([UInt8])

        /// Number of stored elements.
        public var count: Int {
            switch self {
            case .float32(let a): return a.count
            case .float64(let a): return a.count
            case .int8(let a): return a.count
            case .int16(let a): return a.count
            case .int32(let a): return a.count
            case .int64(let a): return a.count
            case .uint8(let a): return a.count
            }
        }

        /// Element type.
        public var dtype: DataType {
            switch self {
            case .float32: return .float32
            case .float64: return .float64
            case .int8: return .int8
            case .int16: return .int16
            case .int32: return .int32
            case .int64: return .int64
            case .uint8: return .uint8
            }
        }
    }

    /// Flat values.
    public var values: Values
    /// Shape, time axis first.
    public var shape: [Int]

    /// Wraps values with a shape; the element count must match the shape.
    public init(_ values: Values, shape: [Int]) {
        precondition(!shape.isEmpty, "SeqData needs at least the time axis")
        precondition(shape.reduce(1, *) == values.count, "SeqData: \(values.count) values do not fill shape \(shape)")
        self.values = values
        self.shape = shape
    }

    /// Sparse float-free convenience: int32 class indices of shape `[T]`.
    public static func int32(_ v: [Int32]) -> SeqData { SeqData(.int32(v), shape: [v.count]) }

    /// Dense float32 frames of shape `[T, dim]`.
    public static func float32(_ v: [Float], dim: Int) -> SeqData {
        precondition(dim > 0 && v.count % dim == 0, "SeqData.float32: \(v.count) values not a multiple of dim \(dim)")
        return SeqData(.float32(v), shape: [v.count / dim, dim])
    }

    /// Number of frames (the time axis).
    public var length: Int { shape[0] }

    /// Elements per frame (product of the feature axes; 1 for sparse data).
    public var frameSize: Int { shape.dropFirst().reduce(1, *) }

    /// Element type.
    public var dtype: DataType { values.dtype }

    /// Values as Double, for tests and printing (exact for all stored types).
    public var doubles: [Double] {
        switch values {
        case .float32(let a): return a.map(Double.init)
        case .float64(let a): return a
        case .int8(let a): return a.map(Double.init)
        case .int16(let a): return a.map(Double.init)
        case .int32(let a): return a.map(Double.init)
        case .int64(let a): return a.map(Double.init)
        case .uint8(let a): return a.map(Double.init)
        }
    }

    /// Values as Int (for integer data; floats are truncated).
    public var ints: [Int] {
        switch values {
        case .float32(let a): return a.map { Int($0) }
        case .float64(let a): return a.map { Int($0) }
        case .int8(let a): return a.map(Int.init)
        case .int16(let a): return a.map(Int.init)
        case .int32(let a): return a.map(Int.init)
        case .int64(let a): return a.map(Int.init)
        case .uint8(let a): return a.map(Int.init)
        }
    }

    /// Frames `[start, end)` (`x[start:end]`).
    public func frames(_ start: Int, _ end: Int) -> SeqData {
        precondition(0 <= start && start <= end && end <= length, "SeqData.frames: [\(start), \(end)) outside [0, \(length)]")
        let fs = frameSize
        let r = (start * fs)..<(end * fs)
        var s = shape
        s[0] = end - start
        switch values {
        case .float32(let a): return SeqData(.float32(Array(a[r])), shape: s)
        case .float64(let a): return SeqData(.float64(Array(a[r])), shape: s)
        case .int8(let a): return SeqData(.int8(Array(a[r])), shape: s)
        case .int16(let a): return SeqData(.int16(Array(a[r])), shape: s)
        case .int32(let a): return SeqData(.int32(Array(a[r])), shape: s)
        case .int64(let a): return SeqData(.int64(Array(a[r])), shape: s)
        case .uint8(let a): return SeqData(.uint8(Array(a[r])), shape: s)
        }
    }
}
