/// Version of this implementation, printed where upstream prints its RETURNN version.
public enum ReturnnVersion {
    /// The version number.
    public static let number = "0.1.0"
    /// `swift-returnn <version>`, shown in `RETURNN starting up, version ...` and `--version`.
    public static let description = "swift-returnn \(number)"
}
