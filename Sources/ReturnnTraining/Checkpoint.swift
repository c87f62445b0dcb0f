import Foundation
import ReturnnTensor

/// A saved model: parameters by RETURNN variable name (`output/W`, `lstm0/rec/W_re`), the
/// optimizer state by name, and `CheckpointMetadata`.
///
/// A checkpoint named `<name>` (e.g. `net-model/network.003`, see `ModelFiles`) is stored in one
/// of two formats (`CheckpointFormat`):
/// - TF (`checkpoint_format = "tf"`): `<name>.index` + `<name>.data-00000-of-00001` + `<name>.meta`,
///   see `CheckpointTFBundle`; the `.index`, written last, marks a complete checkpoint.
/// - safetensors: `<name>.safetensors` (parameters + metadata) and `<name>.opt.safetensors`
///   (optimizer state + metadata), the optimizer file first and the parameter file last, each
///   atomically, so the parameter file appearing marks a complete checkpoint.
///
/// Reading takes the format found on disk (the TF files if `<name>.index` exists); `delete`
/// removes the files of both.
public struct Checkpoint: Sendable, Equatable {
    /// Suffix of the parameter file.
    public static let paramsSuffix = ".safetensors"
    /// Suffix of the optimizer-state file.
    public static let optimizerSuffix = ".opt.safetensors"

    /// Parameters by RETURNN variable name.
    public var params: [String: Tensor]
    /// Optimizer state by name (e.g. `output/W/adam_m`); empty for plain SGD.
    public var optimizerState: [String: Tensor]
    /// Epoch, global step, versions, learning rate.
    public var metadata: CheckpointMetadata

    /// A checkpoint of `params`, `optimizerState` and `metadata`.
    public init(params: [String: Tensor], optimizerState: [String: Tensor] = [:], metadata: CheckpointMetadata) {
        self.params = params
        self.optimizerState = optimizerState
        self.metadata = metadata
    }

    /// `<name>.safetensors`.
    public static func paramsPath(_ name: String) -> String { name + paramsSuffix }

    /// `<name>.opt.safetensors`.
    public static func optimizerPath(_ name: String) -> String { name + optimizerSuffix }

    /// The checkpoint name for a path a user gave (`load`, `preload_from_files`): strips a
    /// trailing `.opt.safetensors`, `.safetensors`, `.index`, `.meta` or `.data-00000-of-00001`
    /// (as upstream strips `.index` and `.meta`); other paths are returned unchanged.
    public static func name(fromPath path: String) -> String {
        for suffix in [optimizerSuffix, paramsSuffix, ".index", ".meta", ".data-00000-of-00001"] where path.hasSuffix(suffix) {
            return String(path.dropLast(suffix.count))
        }
        return path
    }

    /// The file that makes checkpoint `name` loadable: `<name>.index` (TF format) or
    /// `<name>.safetensors` if it exists, else `name` itself if that is an existing file (a
    /// safetensors file under another name); nil if none.
    public static func paramsFile(_ name: String) -> String? {
        if isFile(CheckpointTFBundle.indexPath(name)) { return CheckpointTFBundle.indexPath(name) }
        if isFile(paramsPath(name)) { return paramsPath(name) }
        if isFile(name) { return name }
        return nil
    }

    /// Whether checkpoint `name` is complete: in the TF format its `.index` exists (the optimizer
    /// state is inside; a bundle without it, e.g. from upstream, resumes with a fresh optimizer, as
    /// upstream does); in safetensors its parameter file exists and, with `requireOptimizerState`
    /// (the default, needed to resume training), its optimizer file.
    public static func exists(_ name: String, requireOptimizerState: Bool = true) -> Bool {
        if isFile(CheckpointTFBundle.indexPath(name)) { return true }
        return isFile(paramsPath(name)) && (!requireOptimizerState || isFile(optimizerPath(name)))
    }

    /// Writes the checkpoint in `format` (see the type); the directory of `name` is created if
    /// needed.
    public func save(to name: String, format: CheckpointFormat = .safetensors) throws {
        let dir = (name as NSString).deletingLastPathComponent
        if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw CheckpointError(.io, "cannot create the model directory \(dir): \(error.localizedDescription) (check the 'model' option and permissions)")
            }
        }
        switch format {
        case .tf:
            try CheckpointTFBundle.write(self, to: name)
        case .safetensors:
            try Self.file(optimizerState, metadata: metadata, content: "optimizer").write(to: Self.optimizerPath(name))
            try Self.file(params, metadata: metadata, content: "params").write(to: Self.paramsPath(name))
        }
    }

    /// Loads checkpoint `name` for resuming training, in the format found on disk.
    ///
    /// TF format: parameters, optimizer state and metadata from the bundle; a bundle without our
    /// metadata (written by upstream RETURNN) gets its epoch from the name and its global step from
    /// `global_step`, and `isForeign` is set. safetensors: both files must exist, carry our
    /// metadata, and agree on epoch and global step.
    public static func load(from name: String) throws -> (checkpoint: Checkpoint, isForeign: Bool) {
        if isFile(CheckpointTFBundle.indexPath(name)) {
            let c = try CheckpointTFBundle.load(name)
            if let m = c.metadata {
                return (Checkpoint(params: c.params, optimizerState: c.optimizerState, metadata: m), false)
            }
            let meta = inferredMetadata(name, globalStep: c.globalStep)
            return (Checkpoint(params: c.params, optimizerState: c.optimizerState, metadata: meta), true)
        }
        return (try loadSafetensors(from: name), false)
    }

    /// Loads any checkpoint `name` with all it holds (`returnn convert-checkpoint`): the TF bundle,
    /// or the safetensors parameter file plus the optimizer file when present. Metadata missing
    /// from a foreign file is inferred (`inferredMetadata`); `isForeign` tells.
    public static func loadAll(from name: String) throws -> (checkpoint: Checkpoint, isForeign: Bool) {
        if isFile(CheckpointTFBundle.indexPath(name)) { return try load(from: name) }
        let (params, meta) = try loadParams(from: name)
        var opt: [String: Tensor] = [:]
        if isFile(optimizerPath(name)) { opt = try readTensors(optimizerPath(name)).0 }
        if let meta { return (Checkpoint(params: params, optimizerState: opt, metadata: meta), false) }
        return (Checkpoint(params: params, optimizerState: opt, metadata: inferredMetadata(name, globalStep: nil)), true)
    }

    /// Metadata for a file without ours: the epoch from the name (`ModelFiles.epochFromFilename`,
    /// 0 if it has none), the given global step (else 0), no learning rate, an empty version.
    static func inferredMetadata(_ name: String, globalStep: Int?) -> CheckpointMetadata {
        CheckpointMetadata(epoch: ModelFiles.epochFromFilename(name) ?? 0, globalStep: globalStep ?? 0, returnnVersion: "")
    }

    /// Loads both safetensors files of checkpoint `name` (see `load`).
    static func loadSafetensors(from name: String) throws -> Checkpoint {
        let paramsFile = paramsPath(name), optFile = optimizerPath(name)
        guard isFile(paramsFile) else {
            throw CheckpointError(.missing, "model \(name): the parameter file \(paramsFile) does not exist (check the 'model'/'load' option, or start without this model)")
        }
        guard isFile(optFile) else {
            throw CheckpointError(.missing, "model \(name): the optimizer-state file \(optFile) does not exist, so training cannot resume from it (import its parameters with 'import_model_train_epoch1' or 'load' instead)")
        }
        let (params, pMeta) = try readTensors(paramsFile)
        let (opt, oMeta) = try readTensors(optFile)
        guard let pMeta else {
            throw CheckpointError(.format, "\(paramsFile): no swift-returnn checkpoint metadata (epoch, global step); a foreign file can only be imported (use 'load' or 'preload_from_files')")
        }
        guard let oMeta else {
            throw CheckpointError(.format, "\(optFile): no swift-returnn checkpoint metadata (epoch, global step); delete the model \(name) or use another epoch")
        }
        guard pMeta.epoch == oMeta.epoch, pMeta.globalStep == oMeta.globalStep else {
            throw CheckpointError(.format, "model \(name): the parameter file (epoch \(pMeta.epoch), step \(pMeta.globalStep)) and the optimizer-state file (epoch \(oMeta.epoch), step \(oMeta.globalStep)) do not belong together; delete \(optFile) and \(paramsFile) or use another epoch")
        }
        return Checkpoint(params: params, optimizerState: opt, metadata: pMeta)
    }

    /// Loads the parameters of checkpoint `name` only (an import, or a non-training task): the
    /// TF bundle if `<name>.index` exists, else `<name>.safetensors`, or `name` itself if that is a
    /// file. The metadata is nil for a file written by another program; for an upstream TF
    /// checkpoint it is inferred (epoch from the name, global step from `global_step`).
    public static func loadParams(from name: String) throws -> (params: [String: Tensor], metadata: CheckpointMetadata?) {
        if isFile(CheckpointTFBundle.indexPath(name)) {
            let c = try CheckpointTFBundle.load(name)
            return (c.params, c.metadata ?? c.globalStep.map { inferredMetadata(name, globalStep: $0) })
        }
        guard let file = paramsFile(name) else {
            throw CheckpointError(.missing, "model \(name): none of \(CheckpointTFBundle.indexPath(name)), \(paramsPath(name)) or \(name) exists (check the option that names this model)")
        }
        return try readTensors(file)
    }

    /// Deletes checkpoint `name` in both formats (the file that marks it as existing first: the
    /// `.index`, the parameter file; then the rest and leftover temporary files). Returns the bytes
    /// freed.
    @discardableResult
    public static func delete(_ name: String) throws -> Int {
        var freed = 0
        let suffix = SafetensorsAtomicWrite.temporarySuffix
        let tf = [CheckpointTFBundle.indexPath(name), CheckpointTFBundle.dataPath(name), CheckpointTFBundle.metaPath(name)]
        let st = [paramsPath(name), optimizerPath(name)]
        for path in tf + st + (tf + st).map({ $0 + suffix }) where isFile(path) {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard unlink(path) == 0 else { throw SafetensorsAtomicWrite.ioError("cannot delete", path) }
            freed += size
        }
        SafetensorsAtomicWrite.syncDirectory(of: name)
        return freed
    }

    /// A safetensors file of F32 `tensors` with `metadata` and `content`.
    static func file(_ tensors: [String: Tensor], metadata: CheckpointMetadata, content: String) -> SafetensorsFile {
        var meta = metadata.strings
        meta[CheckpointMetadata.Key.content] = content
        return SafetensorsFile(tensors: tensors.mapValues { SafetensorsTensor($0) }, metadata: meta).withChecksums()
    }

    /// Reads `file` as Float32 tensors plus our metadata (nil if absent).
    static func readTensors(_ file: String) throws -> ([String: Tensor], CheckpointMetadata?) {
        let f = try SafetensorsFile.read(path: file)
        try f.verifyChecksums(file: file)
        var out: [String: Tensor] = [:]
        for (name, t) in f.tensors { out[name] = try t.tensor(name: "\(file): tensor '\(name)'") }
        return (out, try CheckpointMetadata(strings: f.metadata, file: file))
    }

    /// Whether `path` is an existing regular file (or a link to one).
    static func isFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }
}
