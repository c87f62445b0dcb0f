/// What one data key of a RETURNN HDF file holds (upstream `num_outputs[key]`, dtype, sparsity).
public struct HDFKeyInfo: Equatable, Sendable {
    /// Data key: "data" for `inputs`, else the target key.
    public let name: String
    /// Dataset path inside the file ("inputs" or "targets/data/<key>").
    public let datasetPath: String
    /// Column of this key in `seqLengths`.
    public let column: Int
    /// Element type as stored (RETURNN `get_data_dtype`, e.g. "float32", "uint8").
    public let dtype: H5ElementType
    /// RETURNN `num_outputs[key][0]`: vocabulary size for sparse data, feature dim for dense.
    public let dim: Int
    /// RETURNN `num_outputs[key][1]`: number of axes including time (1 = sparse/scalar per frame).
    public let ndim: Int
    /// Shape of one frame as stored (dataset shape without axis 0); `[]` for 1-D data.
    public let frameShape: [Int]

    /// RETURNN `is_data_sparse`: an integer dtype and `ndim <= 1`.
    public var isSparse: Bool { dtype.isInteger && ndim <= 1 }

    /// RETURNN `get_data_shape`: `[]` if `ndim <= 1`, else `ndim - 1` axes, the last being `dim`
    /// for dense data, the others unknown (nil).
    public var dataShape: [Int?] {
        guard ndim > 1 else { return [] }
        var shape = [Int?](repeating: nil, count: ndim - 1)
        if !isSparse { shape[shape.count - 1] = dim }
        return shape
    }

    /// Number of stored values per frame.
    public var frameElementCount: Int { frameShape.reduce(1, *) }
}
