/// Static description of one data key (RETURNN `num_outputs[key] = (dim, ndim)` plus dtype/shape).
public struct DataSpec: Sendable, Equatable {
    /// Number of classes (sparse) or last-axis size (dense); RETURNN `get_data_dim`.
    public var dim: Int
    /// Whether values are class indices; RETURNN `is_data_sparse`.
    public var sparse: Bool
    /// Element type; RETURNN `get_data_dtype` (sparse default int32, dense default float32).
    public var dtype: DataType
    /// Shape per frame without the time axis; RETURNN `get_data_shape` (`[]` sparse, `[dim]` dense).
    public var shape: [Int]

    /// Full description.
    public init(dim: Int, sparse: Bool, dtype: DataType, shape: [Int]) {
        self.dim = dim
        self.sparse = sparse
        self.dtype = dtype
        self.shape = shape
    }

    /// Sparse class indices with `dim` classes (`(dim, 1)`), int32 by default.
    public static func sparse(_ dim: Int, dtype: DataType = .int32) -> DataSpec {
        DataSpec(dim: dim, sparse: true, dtype: dtype, shape: [])
    }

    /// Dense frames of size `dim` (`(dim, 2)`), float32 by default.
    public static func dense(_ dim: Int, dtype: DataType = .float32) -> DataSpec {
        DataSpec(dim: dim, sparse: false, dtype: dtype, shape: [dim])
    }

    /// RETURNN's `ndim` in `num_outputs`: 1 for sparse `[T]`, else 1 + feature axes.
    public var ndim: Int { sparse ? 1 : 1 + shape.count }
}
