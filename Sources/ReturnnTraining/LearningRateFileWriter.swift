import Foundation
import ReturnnConfig

/// Writes a `learning_rate_file` exactly as RETURNN's `LearningRateControl.save` does:
/// `better_repr(epoch_data)` plus a newline, where epochs and error keys are sorted, a dict whose
/// items together have at least 40 characters is written one item per line with trailing commas,
/// floats use Python's shortest round-trip repr (`0.1`, `1e-05`, `2.0`) and nan/inf are written as
/// `float('nan')` / `float('inf')`.
///
/// ```
/// {
/// 1: EpochData(learningRate=0.01, error={
/// ':meta:epoch_num_train_steps': 34,
/// 'dev_score': 0.066,
/// }),
/// 2: EpochData(learningRate=0.01, error={'dev_score': 0.0116, 'train_score': 0.02}),
/// }
/// ```
public enum LearningRateFileWriter {
    /// The complete file text, including the final newline.
    public static func text(_ epochData: [Int: EpochData]) -> String {
        let items = epochData.keys.sorted().map { "\($0): " + repr(epochData[$0]!) }
        return dictRepr(items) + "\n"
    }

    /// `repr(EpochData)`: `EpochData(learningRate=<float>, error=<dict>)`, meta entries included
    /// in the dict as `':meta:<name>'`.
    public static func repr(_ data: EpochData) -> String {
        let keys = data.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }  // UTF-8 order = code point order
        let items = keys.map { keyRepr($0) + ": " + valueRepr(data.values[$0]!, style: data.style(of: $0)) }
        return "EpochData(learningRate=\(floatRepr(data.learningRate)), error=\(dictRepr(items)))"
    }

    /// Python's `better_repr` of a float: the shortest round-trip repr, `float('nan')`,
    /// `float('inf')`, `float('-inf')`.
    public static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "float('nan')" }
        if d.isInfinite { return d < 0 ? "float('-inf')" : "float('inf')" }
        return ConfigValue.float(d).repr
    }

    /// Python's repr of a str key; printable ASCII without quotes or backslashes takes a fast path.
    static func keyRepr(_ key: String) -> String {
        if key.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E && $0 != 0x27 && $0 != 0x5C }) { return "'" + key + "'" }
        return ConfigValue.str(key).repr
    }

    /// A value as written for its style.
    static func valueRepr(_ d: Double, style: EpochData.ValueStyle) -> String {
        switch style {
        case .float: return floatRepr(d)
        case .int:
            if let i = Int(exactly: d) { return String(i) }
            return floatRepr(d)
        case .float32:
            let f = Float(d)
            return f.isFinite ? PythonRepr.float32(f) : floatRepr(d)
        }
    }

    /// `better_repr` of a dict given its `key: value` item strings (already sorted).
    static func dictRepr(_ items: [String]) -> String {
        if items.reduce(0, { $0 + $1.unicodeScalars.count }) >= 40 {
            return "{\n" + items.map { $0 + ",\n" }.joined() + "}"
        }
        return "{" + items.joined(separator: ", ") + "}"
    }

    /// Writes the file: `<path>.new_tmp` first (created with missing directories), fsynced, then
    /// renamed over `path`, so a crash never leaves a half-written file; when writing fails (a
    /// full disk), the temporary file is removed and the previous file stays.
    public static func write(_ epochData: [Int: EpochData], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw LearningRateControlError(.io, "cannot create the directory '\(directory)' of the learning_rate_file: \(error.localizedDescription); check the path and permissions")
            }
        }
        let tmp = path + ".new_tmp"
        let bytes = Array(text(epochData).utf8)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError("cannot create '\(tmp)'") }
        // Every failure below removes the temporary file (a full disk must not leave an empty
        // `.new_tmp` behind); the previous file stays as it was.
        var isOpen = true
        do {
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { buf in Foundation.write(fd, buf.baseAddress! + written, bytes.count - written) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ioError("cannot write '\(tmp)'")
                }
                written += n
            }
            guard fsync(fd) == 0 else { throw ioError("cannot sync '\(tmp)'") }
            isOpen = false
            guard close(fd) == 0 else { throw ioError("cannot close '\(tmp)'") }
            guard rename(tmp, path) == 0 else { throw ioError("cannot rename '\(tmp)' to '\(path)'") }
            SafetensorsAtomicWrite.syncDirectory(of: path)
        } catch {
            if isOpen { close(fd) }
            unlink(tmp)
            throw error
        }
    }

    private static func ioError(_ what: String) -> LearningRateControlError {
        let reason = String(cString: strerror(errno))
        return LearningRateControlError(.io, "learning_rate_file: \(what): \(reason); check free disk space and permissions")
    }
}
