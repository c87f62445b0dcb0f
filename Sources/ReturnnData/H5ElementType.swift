import CHDF5

/// Element type of an HDF5 dataset or attribute, as far as RETURNN's files use them.
///
/// Numeric cases map to numpy's dtype names (`numpyName`), which RETURNN reports as
/// `get_data_dtype`. Strings are either fixed-length (numpy `S<n>`, NULLPAD) or variable-length
/// (h5py's `special_dtype(vlen=str)`, UTF-8).
public enum H5ElementType: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// IEEE float, 4 bytes ("float32").
    case float32
    /// IEEE float, 8 bytes ("float64").
    case float64
    /// Signed 1-byte integer ("int8").
    case int8
    /// Unsigned 1-byte integer ("uint8").
    case uint8
    /// Signed 2-byte integer ("int16").
    case int16
    /// Signed 4-byte integer ("int32").
    case int32
    /// Signed 8-byte integer ("int64").
    case int64
    /// Fixed-length byte string of the given width ("S<width>").
    case fixedString(width: Int)
    /// Variable-length string.
    case variableString
    /// Any other HDF5 type (unsigned 2/4/8-byte ints, compounds, ...): readable only as raw
    /// metadata; data access throws. The text describes the type.
    case unsupported(String)

    /// numpy's name of the type ("float32", "S12", "str" for vlen strings).
    public var numpyName: String {
        switch self {
        case .float32: return "float32"
        case .float64: return "float64"
        case .int8: return "int8"
        case .uint8: return "uint8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .fixedString(let width): return "S\(width)"
        case .variableString: return "str"
        case .unsupported(let text): return text
        }
    }

    /// Same as `numpyName`.
    public var description: String { numpyName }

    /// Whether this is an integer type (RETURNN's sparse test: `"int" in dtype`).
    public var isInteger: Bool {
        switch self {
        case .int8, .uint8, .int16, .int32, .int64: return true
        default: return false
        }
    }

    /// Whether this is a numeric (integer or float) type.
    public var isNumeric: Bool {
        switch self {
        case .float32, .float64: return true
        default: return isInteger
        }
    }

    /// Bytes per element for numeric types, the width for fixed strings, else nil.
    public var byteSize: Int? {
        switch self {
        case .int8, .uint8: return 1
        case .int16: return 2
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        case .fixedString(let width): return width
        case .variableString, .unsupported: return nil
        }
    }

    /// The numeric type for a numpy dtype name ("float32", "uint8", ...), or nil.
    public init?(numpyName: String) {
        switch numpyName {
        case "float32": self = .float32
        case "float64": self = .float64
        case "int8": self = .int8
        case "uint8": self = .uint8
        case "int16": self = .int16
        case "int32": self = .int32
        case "int64": self = .int64
        default: return nil
        }
    }

    /// The native in-memory HDF5 type id of a numeric type (a library constant, never closed).
    var nativeNumericType: hid_t? {
        switch self {
        case .float32: return chdf5_native_float()
        case .float64: return chdf5_native_double()
        case .int8: return chdf5_native_int8()
        case .uint8: return chdf5_native_uint8()
        case .int16: return chdf5_native_int16()
        case .int32: return chdf5_native_int32()
        case .int64: return chdf5_native_int64()
        default: return nil
        }
    }

    /// Classifies an HDF5 datatype id (call under `H5Library.locked`).
    static func classify(_ type: hid_t) -> H5ElementType {
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_FLOAT:
            if size == 4 { return .float32 }
            if size == 8 { return .float64 }
            return .unsupported("float\(size * 8)")
        case H5T_INTEGER:
            let signed = H5Tget_sign(type) == H5T_SGN_2
            switch (size, signed) {
            case (1, true): return .int8
            case (1, false): return .uint8
            case (2, true): return .int16
            case (4, true): return .int32
            case (8, true): return .int64
            default: return .unsupported("\(signed ? "int" : "uint")\(size * 8)")
            }
        case H5T_STRING:
            if H5Tis_variable_str(type) > 0 { return .variableString }
            return .fixedString(width: Int(size))
        default:
            return .unsupported("HDF5 type class \(H5Tget_class(type).rawValue)")
        }
    }
}
