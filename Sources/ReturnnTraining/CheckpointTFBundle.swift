import Foundation
import ReturnnTFFormats
import ReturnnTensor

/// A `Checkpoint` in TensorFlow's checkpoint format (`checkpoint_format = "tf"`), the files that
/// upstream RETURNN's TF backend writes and `load`s:
///
/// | file | holds |
/// |---|---|
/// | `<name>.data-00000-of-00001` | the tensor bytes |
/// | `<name>.meta` | empty (a valid, empty `MetaGraphDef`): only so that tools that copy a checkpoint's three files (i6_core's `GetBestTFCheckpointJob`) find it |
/// | `<name>.index` | the SSTable of tensor entries; its presence marks the checkpoint as complete |
///
/// Tensors of the bundle: the parameters under their RETURNN names (`DT_FLOAT`); `global_step`
/// (`DT_INT64` scalar, as upstream); the optimizer state under upstream's TF names, i.e. ours with
/// the prefix `optimize/` (`optimize/output/W/Adam`, `optimize/beta1_power`); and our metadata
/// under `swift_returnn/` (`checkpoint_version`, `epoch` as `DT_INT64`, `returnn_version` as
/// `DT_STRING`, `effective_learning_rate` as `DT_DOUBLE`). Upstream's loader restores the
/// variables of its network and ignores the rest.
public enum CheckpointTFBundle {
    /// `global_step`: the global train step (upstream's variable).
    public static let globalStepName = "global_step"
    /// Prefix of optimizer-state tensors (upstream's `optimize` name scope).
    public static let optimizerPrefix = "optimize/"
    /// Prefix of our metadata tensors.
    public static let metadataPrefix = "swift_returnn/"

    /// `<name>.index`.
    public static func indexPath(_ name: String) -> String { TensorBundle.indexPath(name) }
    /// `<name>.data-00000-of-00001`.
    public static func dataPath(_ name: String) -> String { TensorBundle.dataPath(name) }
    /// `<name>.meta`.
    public static func metaPath(_ name: String) -> String { name + ".meta" }

    /// The bundle of `checkpoint`.
    public static func bundle(_ checkpoint: Checkpoint) -> TensorBundle {
        var t: [String: BundleTensor] = [:]
        for (name, value) in checkpoint.params { t[name] = BundleTensor(float: value.array, shape: value.shape) }
        for (name, value) in checkpoint.optimizerState { t[optimizerPrefix + name] = BundleTensor(float: value.array, shape: value.shape) }
        let m = checkpoint.metadata
        t[globalStepName] = BundleTensor(int64: [Int64(m.globalStep)], shape: [])
        t[metadataPrefix + CheckpointMetadata.Key.formatVersion] = BundleTensor(int64: [Int64(m.formatVersion)], shape: [])
        t[metadataPrefix + CheckpointMetadata.Key.epoch] = BundleTensor(int64: [Int64(m.epoch)], shape: [])
        t[metadataPrefix + CheckpointMetadata.Key.returnnVersion] = BundleTensor(strings: [Array(m.returnnVersion.utf8)])
        if let lr = m.effectiveLearningRate {
            t[metadataPrefix + CheckpointMetadata.Key.effectiveLearningRate] = BundleTensor(double: [lr], shape: [])
        }
        return TensorBundle(tensors: t)
    }

    /// What a bundle holds, split up: parameters (every other numeric tensor, as Float32),
    /// optimizer state (`optimize/...`, prefix removed), `global_step` if present, and our
    /// metadata (nil for a bundle written by another program, e.g. upstream RETURNN).
    public struct Contents {
        /// Parameters by name.
        public var params: [String: Tensor]
        /// Optimizer state by our name.
        public var optimizerState: [String: Tensor]
        /// The `global_step` variable.
        public var globalStep: Int?
        /// Our metadata, if the bundle has it.
        public var metadata: CheckpointMetadata?
    }

    /// Splits `bundle` (read from `file`) into its contents.
    public static func contents(_ bundle: TensorBundle, file: String) throws -> Contents {
        var params: [String: Tensor] = [:], opt: [String: Tensor] = [:]
        var meta: [String: String] = [:]
        var globalStep: Int?
        for (name, t) in bundle.tensors {
            if name == globalStepName {
                guard let v = t.int64Values, v.count == 1 else {
                    throw CheckpointError(.format, "\(file): 'global_step' is a \(t.dtype.tfName) of shape \(t.shape), expected an integer scalar (the file is damaged)")
                }
                globalStep = Int(v[0])
            } else if name.hasPrefix(metadataPrefix) {
                let key = String(name.dropFirst(metadataPrefix.count))
                if let s = t.stringValues, s.count == 1 {
                    meta[key] = String(decoding: s[0], as: UTF8.self)
                } else if let v = t.int64Values, v.count == 1 {
                    meta[key] = String(v[0])
                } else if let v = t.doubleValues, v.count == 1 {
                    meta[key] = String(v[0])
                }
            } else if let values = t.floatValues {
                let value = Tensor(shape: t.shape, values)
                if name.hasPrefix(optimizerPrefix) { opt[String(name.dropFirst(optimizerPrefix.count))] = value } else { params[name] = value }
            }
        }
        if let g = globalStep, meta[CheckpointMetadata.Key.formatVersion] != nil { meta[CheckpointMetadata.Key.globalStep] = String(g) }
        return Contents(params: params, optimizerState: opt, globalStep: globalStep,
                        metadata: try CheckpointMetadata(strings: meta, file: file))
    }

    /// Writes checkpoint `name` in the TF format: data file, `.meta`, then `.index`, each atomically
    /// (temporary file, fsync, rename). An existing `.index` of that name is removed first, so
    /// that a checkpoint being replaced never counts as complete with a new data file.
    public static func write(_ checkpoint: Checkpoint, to name: String) throws {
        let serialized: (index: [UInt8], data: [[UInt8]])
        do { serialized = try bundle(checkpoint).serialized() } catch {
            preconditionFailure("CheckpointTFBundle: cannot encode the bundle protos: \(error)")
        }
        if Checkpoint.isFile(indexPath(name)) {
            guard unlink(indexPath(name)) == 0 else { throw SafetensorsAtomicWrite.ioError("cannot replace", indexPath(name)) }
            SafetensorsAtomicWrite.syncDirectory(of: name)
        }
        try SafetensorsAtomicWrite.write(path: dataPath(name), chunks: serialized.data)
        try SafetensorsAtomicWrite.write(path: metaPath(name), chunks: [])
        try SafetensorsAtomicWrite.write(path: indexPath(name), chunks: [serialized.index])
    }

    /// Reads the bundle of checkpoint `name`; format errors name the damaged file.
    public static func read(_ name: String) throws -> TensorBundle {
        do { return try TensorBundle.read(prefix: name) } catch let e as TFFormatError {
            switch e.kind {
            case .io: throw CheckpointError(.io, e.message)
            case .missing: throw CheckpointError(.missing, e.message)
            default: throw CheckpointError(.format, e.message)
            }
        }
    }

    /// Reads and splits checkpoint `name` (see `contents`).
    public static func load(_ name: String) throws -> Contents {
        try contents(read(name), file: indexPath(name))
    }
}
