/// Element type of one data key (RETURNN `get_data_dtype`: numpy dtype names).
public enum DataType: String, Sendable, CaseIterable, Equatable {
    /// `float32`, the default for dense data.
    case float32
    /// `float64`.
    case float64
    /// `int8` (e.g. CopyTaskDataset).
    case int8
    /// `int16`.
    case int16
    /// `int32`, the default for sparse data.
    case int32
    /// `int64`.
    case int64
    /// `uint8` (e.g. byte data in HDF files).
    case uint8

    /// True for the integer types.
    public var isInteger: Bool { self != .float32 && self != .float64 }
}
