import Foundation
import ReturnnTFFormats

/// Names of per-epoch model files and the search for existing ones (RETURNN's
/// `EngineBase.epoch_model_filename`, `get_existing_models`, `config_get_final_epoch` and
/// `util.model_epoch_from_filename`).
public enum ModelFiles {
    /// `model + (".pretrain" if isPretrain) + ".%03d" % epoch`: `model.001`,
    /// `model.pretrain.002`, `model.1234`. The checkpoint files add `.index` /
    /// `.data-00000-of-00001` / `.meta` or `.safetensors` / `.opt.safetensors` (see `Checkpoint`).
    public static func epochModelFilename(model: String, epoch: Int, isPretrain: Bool = false) -> String {
        model + (isPretrain ? ".pretrain" : "") + "." + epochString(epoch)
    }

    /// `"%03d" % epoch`.
    static func epochString(_ epoch: Int) -> String {
        let s = String(abs(epoch))
        let padded = s.count < 3 ? String(repeating: "0", count: 3 - s.count) + s : s
        return epoch < 0 ? "-" + padded.dropFirst() : padded
    }

    /// The last epoch models are searched for: `num_epochs` (RETURNN default 5), raised to
    /// `load_epoch` if that is larger (`config_get_final_epoch`). 0 means no limit.
    public static func finalEpoch(numEpochs: Int, loadEpoch: Int?) -> Int {
        guard let loadEpoch else { return numEpochs }
        return max(numEpochs, loadEpoch)
    }

    /// Existing models by epoch for `model` over epochs `1...finalEpoch`: for each epoch the
    /// plain name is tried first, then the `.pretrain` name; the first that exists wins.
    /// A model exists when `exists(name)` says so, by default `Checkpoint.exists` with
    /// `requireOptimizerState` (true when resuming training, as RETURNN's PyTorch engine).
    ///
    /// `finalEpoch == 0` (`num_epochs = 0`, no limit) searches the model's directory for any
    /// epoch; upstream would search no epoch at all there and never resume.
    public static func existingModels(model: String, finalEpoch: Int, requireOptimizerState: Bool = true,
                                      exists: ((String) -> Bool)? = nil) -> [Int: String]
    {
        guard !model.isEmpty else { return [:] }
        let exists = exists ?? { Checkpoint.exists($0, requireOptimizerState: requireOptimizerState) }
        let epochs = finalEpoch > 0 ? Array(1...finalEpoch) : epochsInDirectory(model: model)
        var found: [Int: String] = [:]
        for epoch in epochs {
            for isPretrain in [false, true] {
                let name = epochModelFilename(model: model, epoch: epoch, isPretrain: isPretrain)
                if exists(name) {
                    found[epoch] = name
                    break
                }
            }
        }
        return found
    }

    /// The highest existing epoch and its model name (see `existingModels`).
    public static func lastEpochModel(model: String, finalEpoch: Int, requireOptimizerState: Bool = true,
                                      exists: ((String) -> Bool)? = nil) -> (epoch: Int, name: String)?
    {
        existingModels(model: model, finalEpoch: finalEpoch, requireOptimizerState: requireOptimizerState, exists: exists)
            .max { $0.key < $1.key }.map { (epoch: $0.key, name: $0.value) }
    }

    /// Epochs `e >= 1` for which a file `<model>[.pretrain].<%03d e>.index` or `.safetensors` lies
    /// in the model's directory, sorted.
    static func epochsInDirectory(model: String) -> [Int] {
        let dir = (model as NSString).deletingLastPathComponent
        let base = (model as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir) else { return [] }
        var epochs = Set<Int>()
        for file in names {
            guard let suffix = [Checkpoint.paramsSuffix, TensorBundle.indexSuffix].first(where: { file.hasSuffix($0) }) else { continue }
            var stem = String(file.dropLast(suffix.count))
            for prefix in [base + ".pretrain.", base + "."] where stem.hasPrefix(prefix) {
                stem = String(stem.dropFirst(prefix.count))
                if let e = Int(stem), e >= 1, epochString(e) == stem { epochs.insert(e) }
                break
            }
        }
        return epochs.sorted()
    }

    /// The epoch in a model name, as RETURNN's `model_epoch_from_filename`: if `<name>.index`,
    /// `<name>.meta` or `<name>.safetensors` is a symbolic link (e.g. i6_core's `checkpoint.index`
    /// to the best epoch), the links are followed first; then the number after the last `.` that is
    /// followed by a digit in the file's base name (`model.pretrain.007` → 7, `model.012` → 12).
    /// Nil if there is none.
    public static func epochFromFilename(_ name: String) -> Int? {
        var name = name
        var hops = 0
        let suffixes = [TensorBundle.indexSuffix, ".meta", Checkpoint.paramsSuffix]
        linkLoop: while hops < 32 {
            for suffix in suffixes {
                guard let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: name + suffix), dest.hasSuffix(suffix) else { continue }
                let stem = String(dest.dropLast(suffix.count))
                name = stem.hasPrefix("/") ? stem : ((name as NSString).deletingLastPathComponent as NSString).appendingPathComponent(stem)
                hops += 1
                continue linkLoop
            }
            break
        }
        let base = Array((name as NSString).lastPathComponent.utf8)
        let isDigit = { (b: UInt8) in b >= 48 && b <= 57 }
        var i = base.count - 2
        while i >= 0 {
            if base[i] == UInt8(ascii: "."), isDigit(base[i + 1]) {
                var j = i + 1
                var value = 0
                while j < base.count, isDigit(base[j]) {
                    let (v, o) = value.multipliedReportingOverflow(by: 10)
                    guard !o else { return nil }
                    value = v + Int(base[j] - 48)
                    j += 1
                }
                return value
            }
            i -= 1
        }
        return nil
    }
}
