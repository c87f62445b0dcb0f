/// numpy's `repr` for arrays made outside the config language (what upstream's logs print).
public enum NumpyRepr {
    /// `repr(numpy.array(values, dtype="int32"))`, wrapped at numpy's line width 75:
    /// `array([1, 0, 1], dtype=int32)`.
    public static func int32(_ values: [Int]) -> String { int32(values, shape: [values.count]) }

    /// The same for an array of `shape` (row-major `values`), e.g. the hypotheses of a beam.
    public static func int32(_ values: [Int], shape: [Int]) -> String {
        NumpyFormatting.repr(NumpyArray(values.map(Double.init), shape: shape, dtype: .int32))
    }
}
