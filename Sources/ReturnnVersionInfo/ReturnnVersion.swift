/// Version of this implementation, printed where upstream prints its RETURNN version
/// (`describe_returnn_version`, e.g. `1.20171017.163840+git-ab2a1da`).
///
/// The commit and the build date come from `BuildInfo`, which the `BuildInfoPlugin` generates on
/// every build from the checkout's git state (`scripts/build-info.sh`).
public enum ReturnnVersion {
    /// The version number.
    public static let number = "0.1.0"
    /// The git commit the binary was built from: the short hash, `-dirty` when tracked files had
    /// uncommitted changes, or `unknown` (a checkout without `.git`, or no `git`).
    public static let commit = BuildInfo.commit
    /// The UTC day of the build, `YYYY-MM-DD`.
    public static let buildDate = BuildInfo.date
    /// `swift-returnn 0.1.0+git-5479618-dirty (built 2026-08-20)`: shown in
    /// `RETURNN starting up, version ...`, `--version` and the checkpoints' metadata.
    public static let description = "swift-returnn \(number)+git-\(commit) (built \(buildDate))"
}
