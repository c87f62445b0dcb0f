/// A Swift scalar that maps to a native HDF5 numeric type; HDF5 converts between the file's
/// type and this one on read and write (e.g. an int16 dataset read as `Int32`).
public protocol H5Scalar: Sendable {
    /// The element type that stores this scalar without conversion.
    static var h5ElementType: H5ElementType { get }
}

extension Float: H5Scalar {
    /// float32.
    public static var h5ElementType: H5ElementType { .float32 }
}

extension Double: H5Scalar {
    /// float64.
    public static var h5ElementType: H5ElementType { .float64 }
}

extension Int8: H5Scalar {
    /// int8.
    public static var h5ElementType: H5ElementType { .int8 }
}

extension UInt8: H5Scalar {
    /// uint8.
    public static var h5ElementType: H5ElementType { .uint8 }
}

extension Int16: H5Scalar {
    /// int16.
    public static var h5ElementType: H5ElementType { .int16 }
}

extension Int32: H5Scalar {
    /// int32.
    public static var h5ElementType: H5ElementType { .int32 }
}

extension Int64: H5Scalar {
    /// int64.
    public static var h5ElementType: H5ElementType { .int64 }
}
