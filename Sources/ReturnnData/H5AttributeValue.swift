/// The value of an HDF5 attribute: scalar or 1-D array of integers, floats or strings.
///
/// Integers of any width and sign are read as `Int64` (h5py stores Python ints as int64);
/// `ints([a, b])` is what RETURNN writes for `targets/size` (`[dim, ndim]`).
public enum H5AttributeValue: Equatable, Sendable {
    /// A scalar integer.
    case int(Int64)
    /// A 1-D integer array.
    case ints([Int64])
    /// A scalar float.
    case double(Double)
    /// A 1-D float array.
    case doubles([Double])
    /// A scalar string (written as variable-length UTF-8, as h5py does for `str`).
    case string(String)
    /// A 1-D string array (variable-length UTF-8).
    case strings([String])

    /// The integer of `.int`, or of a one-element `.ints`; nil otherwise.
    public var intValue: Int64? {
        switch self {
        case .int(let v): return v
        case .ints(let v) where v.count == 1: return v[0]
        default: return nil
        }
    }
}
