/// The element types a tensor bundle entry can have that this library reads and writes
/// (TensorFlow's `DataType` numbers). Other types are reported by name when reading.
public enum BundleDType: Int, Sendable, CaseIterable {
    /// `DT_FLOAT`: 32-bit IEEE float (parameters, optimizer slots).
    case float = 1
    /// `DT_DOUBLE`: 64-bit IEEE float.
    case double = 2
    /// `DT_INT32`.
    case int32 = 3
    /// `DT_STRING`: byte strings.
    case string = 7
    /// `DT_INT64` (`global_step`).
    case int64 = 9

    /// Bytes per element in the data file; nil for strings (variable length).
    public var size: Int? {
        switch self {
        case .float, .int32: return 4
        case .double, .int64: return 8
        case .string: return nil
        }
    }

    /// TensorFlow's name, e.g. `DT_FLOAT`.
    public var tfName: String { Self.tfName(rawValue) }

    /// TensorFlow's name of `DataType` number `n` (`DT_HALF`, ...), or `DataType(n)` if unknown.
    static func tfName(_ n: Int) -> String {
        let names = ["DT_INVALID", "DT_FLOAT", "DT_DOUBLE", "DT_INT32", "DT_UINT8", "DT_INT16", "DT_INT8", "DT_STRING",
                     "DT_COMPLEX64", "DT_INT64", "DT_BOOL", "DT_QINT8", "DT_QUINT8", "DT_QINT32", "DT_BFLOAT16", "DT_QINT16",
                     "DT_QUINT16", "DT_UINT16", "DT_COMPLEX128", "DT_HALF", "DT_RESOURCE", "DT_VARIANT", "DT_UINT32", "DT_UINT64"]
        return names.indices.contains(n) ? names[n] : "DataType(\(n))"
    }
}
