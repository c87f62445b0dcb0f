/// One data key to dump with `HDFDumpWriter` (what upstream takes from the dataset).
public struct HDFDumpKey: Equatable, Sendable {
    /// Data key in the source dataset ("data", "classes", ...).
    public var name: String
    /// `num_outputs[key][0]`: vocabulary size (sparse) or feature dim (dense).
    public var dim: Int
    /// `num_outputs[key][1]`: axes including time (1 = sparse/scalar frames).
    public var ndim: Int
    /// Stored element type (dtypes are preserved: uint8, int16, int32, float32, ...).
    public var dtype: H5ElementType
    /// Shape of one frame (`get_data_shape`), `[]` for 1-D data.
    public var frameShape: [Int]
    /// Label names (count must equal `dim`); nil writes "<key>-class-<i>" for targets.
    public var labels: [String]?

    /// Creates a key description.
    public init(name: String, dim: Int, ndim: Int, dtype: H5ElementType, frameShape: [Int], labels: [String]? = nil) {
        self.name = name
        self.dim = dim
        self.ndim = ndim
        self.dtype = dtype
        self.frameShape = frameShape
        self.labels = labels
    }
}
