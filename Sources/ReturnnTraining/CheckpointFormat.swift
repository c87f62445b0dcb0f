import ReturnnConfig

/// The file format training saves models in (`checkpoint_format`, a swift-returnn option).
///
/// - `"tf"`: TensorFlow's checkpoint format, as upstream RETURNN's TF backend writes it:
///   `<name>.index` + `<name>.data-00000-of-00001` (+ an empty `<name>.meta`), see
///   `CheckpointTFBundle`. Upstream RETURNN can `load` these files, and i6_core's
///   `ReturnnTrainingJob` finds them (`models/epoch.NNN.index`).
/// - `"safetensors"`: `<name>.safetensors` + `<name>.opt.safetensors`.
///
/// Default: `"tf"` when the config declares the TF backend (`use_tensorflow = True` or
/// `backend = "tensorflow"`), else `"safetensors"`. Loading never depends on this option: a model
/// is read in the format found on disk (`detect`).
///
/// ```python
/// checkpoint_format = "safetensors"
/// ```
public enum CheckpointFormat: String, Sendable, CaseIterable {
    /// TensorFlow tensor bundle (`.index` + `.data-00000-of-00001`).
    case tf
    /// safetensors (`.safetensors` + `.opt.safetensors`).
    case safetensors

    /// Reads `checkpoint_format` (default from `use_tensorflow` / `backend`, see the type).
    public init(config: Config) throws {
        let backend = try config.value("backend", default: nil)
        let useTF = try config.bool("use_tensorflow", default: false) ?? false
        let fallback: CheckpointFormat = useTF || backend == "tensorflow" ? .tf : .safetensors
        guard let v = try config.value("checkpoint_format", default: nil) else {
            self = fallback
            return
        }
        guard let f = CheckpointFormat(rawValue: v) else {
            throw ConfigError(.value, "checkpoint_format = '\(v)': expected \"tf\" (TensorFlow's .index/.data files) or \"safetensors\"",
                              at: config.location(of: "checkpoint_format"))
        }
        self = f
    }

    /// The format of the files of checkpoint `name` on disk: `tf` if `<name>.index` exists, else
    /// `safetensors` if `<name>.safetensors` exists; nil if neither.
    public static func detect(_ name: String) -> CheckpointFormat? {
        if Checkpoint.isFile(CheckpointTFBundle.indexPath(name)) { return .tf }
        if Checkpoint.isFile(Checkpoint.paramsPath(name)) { return .safetensors }
        return nil
    }
}
