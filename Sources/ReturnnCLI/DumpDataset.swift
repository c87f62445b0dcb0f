import Foundation
import ReturnnConfig
import ReturnnData

/// `returnn dump-dataset ...`: iterates a dataset and prints its sequences (upstream
/// `tools/dump-dataset.py`) or writes them into an HDF file (upstream `tools/hdf_dump.py`).
///
/// Exit status 0 on success, 1 for a user error (bad config, file, key, option), 2 for a
/// malformed command line. Messages go to stderr as `returnn dump-dataset: error: ...`.
enum DumpDataset {
    /// Runs the command with the arguments after `dump-dataset`; returns the exit status.
    static func run(_ args: [String], environment: ConfigEnvironment) -> Int32 {
        let options: DumpDatasetOptions
        do { options = try DumpDatasetOptions.parse(args) } catch {
            writeError("\(error)\n\(DumpDatasetOptions.usage)")
            return 2
        }
        if options.help {
            print(DumpDatasetOptions.usage)
            return 0
        }
        do {
            let opening = Date()
            let dataset = try makeDataset(options, environment: environment)
            if options.kind == .null {
                print("Dataset created in \(String(format: "%.3f", Date().timeIntervalSince(opening))) s.")
            }
            switch options.kind {
            case .hdf:
                let n = try HDFDatasetDumper.dump(dataset, to: options.out!, epoch: options.epoch,
                                                  startSeq: options.startSeq, endSeq: options.endSeq)
                print("Dumped \(n) seqs of epoch \(options.epoch) to \(options.out!).")
            case .stdout, .null:
                try iterate(dataset, options)
            }
            return 0
        } catch let e as DumpDatasetOptions.UsageError {
            writeError(e.description)
            return 2
        } catch {
            writeError("\(error)")
            return 1
        }
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.writeOutput("returnn dump-dataset: error: " + text + "\n")
    }

    /// The dataset named by the source: a dict string, HDF file(s), or a config and `--dataset`.
    static func makeDataset(_ o: DumpDatasetOptions, environment: ConfigEnvironment) throws -> any Dataset {
        let src = o.source.trimmingCharacters(in: .whitespaces)
        let isHDF = src.split(separator: ",").allSatisfy { $0.hasSuffix(".hdf") }
        if src.hasPrefix("{") || isHDF {
            guard o.dataset == "train" else {
                throw DumpDatasetOptions.UsageError(description: "--dataset is only used with a config file, not with '\(src)'")
            }
            print("Using dataset \(src).")
            let factory = DatasetFactory(config: nil)
            guard let d = try factory.make(string: src, name: "train", at: SourceLocation(file: "<command line>", line: 0, column: 0)) else {
                throw DatasetError.invalidOption(dataset: "train", option: "dataset", message: "'\(src)' gives no dataset")
            }
            return d
        }
        print("Using config file \(DumpDatasetFormat.pyRepr(src)).")
        let config = Config(environment: environment)
        try config.load(file: src)
        guard let d = try DatasetFactory(config: config).make(configKey: o.dataset) else {
            throw ConfigError(.key, "config \(src) defines no dataset '\(o.dataset)' (or it is None); use --dataset train|dev|eval")
        }
        return d
    }

    /// The `--type stdout` / `null` loop of dump-dataset.py.
    static func iterate(_ dataset: any Dataset, _ o: DumpDatasetOptions) throws {
        print("Epoch: \(o.epoch)")
        try dataset.initSeqOrder(epoch: o.epoch)
        print("Dataset keys: [\(dataset.dataKeys.map(DumpDatasetFormat.pyRepr).joined(separator: ", "))]")
        print("Dataset target keys: [\(dataset.targetList.map(DumpDatasetFormat.pyRepr).joined(separator: ", "))]")
        try dataset.checkKey(o.key)
        print(o.kind == .stdout ? "Dump to stdout" : "No dump.")
        let start = Date()
        var frames = 0
        var seqIdx = o.startSeq
        while try dataset.isLessThanNumSeqs(seqIdx), o.endSeq.map({ seqIdx <= $0 }) ?? true {
            try dataset.loadSeqs(seqIdx, seqIdx + 1)
            if o.kind == .stdout {
                let frac = dataset.completeFrac(seqIdx)
                let elapsed = Date().timeIntervalSince(start)
                let prefix = "\(seqIdx)/\(dataset.numSeqs.map(String.init) ?? "?")"
                var progress = prefix + " (" + String(format: "%.02f", frac * 100) + "%)"
                if frac > 0 { progress += " (\(DumpDatasetFormat.hms(elapsed / frac - elapsed)))" }
                let data = try dataset.data(seqIdx, key: o.key)
                print("seq \(progress) tag: \(try dataset.tag(seqIdx))")
                print("seq \(progress) data: \(DumpDatasetFormat.numpyRepr(data))")
                for target in dataset.targetList {
                    let t = try dataset.data(seqIdx, key: target)
                    var extra = ""
                    if let labels = dataset.labels[target], labels.count > 1, t.shape.count == 1 {
                        let words = try t.ints.map { i -> String in
                            guard i >= 0 && i < labels.count else {
                                throw DatasetError.invalidData(dataset: dataset.name, message: "seq \(seqIdx) key '\(target)': class \(i) outside the \(labels.count) labels")
                            }
                            return labels[i]
                        }
                        extra = " (\(DumpDatasetFormat.pyRepr(words.joined(separator: " "))))"
                    }
                    print("seq \(seqIdx) target \(DumpDatasetFormat.pyRepr(target)): \(DumpDatasetFormat.numpyRepr(t))\(extra)")
                }
            } else {
                // Unlike upstream's null type, read every key: a full pass that checks the data too.
                for k in dataset.dataKeys { frames += try dataset.data(seqIdx, key: k).length }
            }
            seqIdx += 1
        }
        let more = try dataset.isLessThanNumSeqs(seqIdx) ? "True" : "False"
        let seconds = Date().timeIntervalSince(start)
        print("Done. Total time \(DumpDatasetFormat.hms(seconds)). More seqs which we did not dumped: \(more)")
        if o.kind == .null {
            print("Read \(seqIdx - o.startSeq) seqs, \(frames) frames over all keys in \(String(format: "%.3f", seconds)) s.")
        }
    }
}
