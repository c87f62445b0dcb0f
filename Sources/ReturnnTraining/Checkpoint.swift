import Foundation
import ReturnnTensor

/// A saved model: parameters by RETURNN variable name (`output/W`, `lstm0/rec/W_re`), the
/// optimizer state by name, and `CheckpointMetadata`.
///
/// A checkpoint named `<name>` (e.g. `net-model/network.003`, see `ModelFiles`) is two files:
/// `<name>.safetensors` (parameters + metadata) and `<name>.opt.safetensors` (optimizer state
/// + metadata). `save` writes the optimizer file first and the parameter file last, each
/// atomically, so the parameter file appearing marks a complete checkpoint; `exists` asks for
/// both files, `delete` removes the parameter file first.
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
    /// trailing `.opt.safetensors` or `.safetensors`; other paths are returned unchanged.
    public static func name(fromPath path: String) -> String {
        for suffix in [optimizerSuffix, paramsSuffix] where path.hasSuffix(suffix) {
            return String(path.dropLast(suffix.count))
        }
        return path
    }

    /// The parameter file of checkpoint `name`: `<name>.safetensors` if it exists, else `name`
    /// itself if that is an existing file (a safetensors file under another name); nil if neither.
    public static func paramsFile(_ name: String) -> String? {
        if isFile(paramsPath(name)) { return paramsPath(name) }
        if isFile(name) { return name }
        return nil
    }

    /// Whether checkpoint `name` is complete: its parameter file exists and, with
    /// `requireOptimizerState` (the default, needed to resume training), its optimizer file.
    public static func exists(_ name: String, requireOptimizerState: Bool = true) -> Bool {
        isFile(paramsPath(name)) && (!requireOptimizerState || isFile(optimizerPath(name)))
    }

    /// Writes both files (optimizer state first, parameters last), each atomically; the
    /// directory of `name` is created if needed.
    public func save(to name: String) throws {
        let dir = (name as NSString).deletingLastPathComponent
        if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw CheckpointError(.io, "cannot create the model directory \(dir): \(error.localizedDescription) (check the 'model' option and permissions)")
            }
        }
        try Self.file(optimizerState, metadata: metadata, content: "optimizer").write(to: Self.optimizerPath(name))
        try Self.file(params, metadata: metadata, content: "params").write(to: Self.paramsPath(name))
    }

    /// Loads both files of checkpoint `name` (for resuming training). Both must exist, carry
    /// our metadata, and agree on epoch and global step.
    public static func load(from name: String) throws -> Checkpoint {
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

    /// Loads the parameters of checkpoint `name` only (an import, or a non-training task):
    /// `<name>.safetensors`, or `name` itself if that is a file. The metadata is nil for a file
    /// written by another program.
    public static func loadParams(from name: String) throws -> (params: [String: Tensor], metadata: CheckpointMetadata?) {
        guard let file = paramsFile(name) else {
            throw CheckpointError(.missing, "model \(name): neither \(paramsPath(name)) nor \(name) exists (check the option that names this model)")
        }
        return try readTensors(file)
    }

    /// Deletes checkpoint `name` (parameter file first, so it stops counting as existing, then
    /// the optimizer file and leftover temporary files). Returns the bytes freed.
    @discardableResult
    public static func delete(_ name: String) throws -> Int {
        var freed = 0
        let suffix = SafetensorsAtomicWrite.temporarySuffix
        for path in [paramsPath(name), optimizerPath(name), paramsPath(name) + suffix, optimizerPath(name) + suffix] where isFile(path) {
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
        return SafetensorsFile(tensors: tensors.mapValues { SafetensorsTensor($0) }, metadata: meta)
    }

    /// Reads `file` as Float32 tensors plus our metadata (nil if absent).
    static func readTensors(_ file: String) throws -> ([String: Tensor], CheckpointMetadata?) {
        let f = try SafetensorsFile.read(path: file)
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
