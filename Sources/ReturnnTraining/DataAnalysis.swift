import Foundation
import ReturnnConfig
import ReturnnData

/// The `analyze_data` task (upstream `__main__.analyze_data`): log priors of the sparse `target`
/// and mean / standard deviation of the dense `data_key` over a dataset, written as numpy
/// `savetxt` text files `<statistics_save_prefix>.log_priors.txt`, `.mean.txt`, `.std_dev.txt`.
///
/// Options: `analyze_dataset` ("train"), `epoch` (1), `statistics_save_prefix` ("statistics"),
/// `target` ("classes"), `data_key` ("data").
public enum DataAnalysis {
    /// Runs the task.
    public static func run(config: Config, log: Log) throws {
        let which = try config.value("analyze_dataset", default: "train") ?? "train"
        guard ["train", "dev", "eval"].contains(which) else {
            throw EngineError("analyze_dataset must be 'train', 'dev' or 'eval', got '\(which)'")
        }
        guard let ds = try DatasetFactory(config: config).make(configKey: which) else {
            throw EngineError("analyze_data: the config has no '\(which)' dataset")
        }
        let epoch = try config.int("epoch", default: 1) ?? 1
        log.v1("Analyze dataset \(which) epoch \(epoch)")
        try ds.initSeqOrder(epoch: epoch)
        let prefix = try config.value("statistics_save_prefix", default: "statistics") ?? "statistics"
        let target = try config.value("target", default: "classes") ?? "classes"
        let dataKey = try config.value("data_key", default: "data") ?? "data"
        let tspec = try ds.dataSpec(target), dspec = try ds.dataSpec(dataKey)
        guard tspec.sparse else { throw EngineError("analyze_data: target '\(target)' must be sparse (class labels) for the priors") }
        guard !dspec.sparse else { throw EngineError("analyze_data: data_key '\(dataKey)' must be dense for mean/std") }
        var priors = [Double](repeating: 0, count: tspec.dim)
        var mean = [Double](repeating: 0, count: dspec.dim), meanSq = mean
        var targetFrames = 0, dataFrames = 0
        var seq = 0
        while try ds.isLessThanNumSeqs(seq) {
            try ds.loadSeqs(seq, seq + 1)
            let t = try ds.data(seq, key: target)
            for c in BatchFeed.floatValues(t.values) {
                let i = Int(c)
                guard i >= 0 && i < tspec.dim else { throw EngineError("analyze_data: class \(i) out of range in seq \(seq)") }
                priors[i] += 1
            }
            targetFrames += t.length
            let d = try ds.data(seq, key: dataKey)
            let x = BatchFeed.floatValues(d.values)
            let n = d.length
            let newTotal = dataFrames + n
            let f = newTotal == 0 ? 0 : Double(dataFrames) / Double(newTotal)
            var sum = [Double](repeating: 0, count: dspec.dim), sumSq = sum
            for r in 0..<n {
                for k in 0..<dspec.dim { let v = Double(x[r * dspec.dim + k]); sum[k] += v; sumSq[k] += v * v }
            }
            for k in 0..<dspec.dim {
                // Upstream multiplies the sequence's sum by (1 - f) = n / newTotal, which is right
                // only for one-frame sequences; we use the correct running mean (docs/differences.md).
                mean[k] = mean[k] * f + sum[k] / Double(max(newTotal, 1))
                meanSq[k] = meanSq[k] * f + sumSq[k] / Double(max(newTotal, 1))
            }
            dataFrames = newTotal
            seq += 1
        }
        let logPriors = priors.map { Foundation.log($0) - Foundation.log(Double(max(targetFrames, 1))) }
        let std = zip(meanSq, mean).map { ($0 - $1 * $1).squareRoot() }
        log.v1("Finished. \(targetFrames) total target frames, \(dataFrames) total data frames")
        for (suffix, values) in [(".log_priors.txt", logPriors), (".mean.txt", mean), (".std_dev.txt", std)] {
            let path = prefix + suffix
            log.v1("Dump \(suffix.dropFirst().dropLast(4).replacingOccurrences(of: "_", with: " ")) to \(path)")
            try AtomicFile.write(values.map(NumpyText.format).joined(separator: "\n") + "\n", to: path)
        }
    }
}
