import Foundation

/// numpy arrays between the config sandbox and Swift code outside it: the data pipeline passes
/// audio to config hooks (`ExtractAudioFeatures` `pre_process`/`post_process`) as numpy arrays and
/// reads the arrays they return, and reads norm files as `numpy.loadtxt` does.
public enum NumpyInterop {
    /// A numpy array value of `values` (row-major) with `shape`, dtype float32 or float64.
    public static func array(_ values: [Double], shape: [Int], float32: Bool) -> ConfigValue {
        precondition(values.count == shape.reduce(1, *), "numpy array values do not match the shape")
        return NumpyArray.rounding(values, shape: shape, dtype: float32 ? .float32 : .float64).value
    }

    /// The values (row-major) and shape of a numpy array, or of a (nested) list of numbers;
    /// nil for anything else.
    public static func contents(_ v: ConfigValue) -> (values: [Double], shape: [Int])? {
        guard let a = try? NumpyArray.from(v, dtype: .float64) else { return nil }
        return (a.storage, a.shape)
    }

    /// `numpy.loadtxt(path)`: whitespace-separated numbers, `#` comments; the shape as numpy gives it.
    public static func loadText(path: String) throws -> (values: [Double], shape: [Int]) {
        let p = try BoundArguments("loadtxt", [.str(path)], [], ["fname", "dtype", "comments", "delimiter", "converters", "skiprows", "usecols", "unpack", "ndmin"], required: 1)
        let a = try NumpyModule.loadText(p)
        return (a.storage, a.shape)
    }
}
