/// Command line of `returnn dump-dataset` (upstream `tools/dump-dataset.py` and `tools/hdf_dump.py`).
struct DumpDatasetOptions: Equatable {
    /// What to do with each sequence.
    enum Kind: String, CaseIterable {
        /// Print tag, data and targets (dump-dataset.py `--type stdout`).
        case stdout
        /// Write all sequences into one HDF file (hdf_dump.py).
        case hdf
        /// Only iterate (dump-dataset.py `--type null`).
        case null
    }

    /// A config file, a dataset dict string (`{...}`) or HDF file(s) (`a.hdf[,b.hdf]`).
    var source = ""
    /// Which dataset of the config (`train`, `dev`, `eval`, or any config key).
    var dataset = "train"
    /// Epoch (1).
    var epoch = 1
    /// First seq index (0).
    var startSeq = 0
    /// Last seq index, inclusive; nil = all (default 10 for stdout/null, all for hdf).
    var endSeq: Int? = 10
    /// `--type` (stdout).
    var kind = Kind.stdout
    /// Output HDF file for `--type hdf`.
    var out: String?
    /// Data key printed as "data" (`--key`, default "data").
    var key = "data"
    /// `-h`/`--help`.
    var help = false

    static let usage = """
        usage: returnn dump-dataset CONFIG_OR_DATASET [--dataset train|dev|eval] [--epoch N] [--startseq N]
                                    [--endseq N] [--type stdout|hdf|null] [--out FILE.hdf] [--key KEY]
          CONFIG_OR_DATASET  a config file, a dataset dict "{'class': ...}", or HDF file(s) "a.hdf,b.hdf"
          --dataset          dataset of the config (default train)
          --epoch            epoch (default 1)
          --startseq         first seq index (default 0)
          --endseq           last seq index, inclusive, -1 = all (default 10; with --type hdf: all)
          --type             stdout: print seqs as tools/dump-dataset.py; hdf: write --out as tools/hdf_dump.py;
                             null: only iterate
          --out              output HDF file for --type hdf
          --key              data key printed as the data (default data)
        """

    /// A malformed command line (exit status 2).
    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses the arguments after `dump-dataset`.
    static func parse(_ args: [String]) throws -> DumpDatasetOptions {
        var o = DumpDatasetOptions()
        var endSeqGiven = false
        var positional = [String]()
        var i = 0
        func next(_ flag: String) throws -> String {
            i += 1
            guard i < args.count else { throw UsageError(description: "\(flag) needs a value") }
            return args[i]
        }
        func int(_ flag: String) throws -> Int {
            let v = try next(flag)
            guard let n = Int(v) else { throw UsageError(description: "\(flag) needs an integer, got '\(v)'") }
            return n
        }
        while i < args.count {
            var a = args[i]
            if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
                let value = String(a[a.index(after: eq)...])
                a = String(a[..<eq])
                return try parse(Array(args[..<i]) + [a, value] + Array(args[(i + 1)...]))
            }
            switch a {
            case "-h", "--help": o.help = true
            case "--dataset": o.dataset = try next(a)
            case "--epoch": o.epoch = try int(a)
            case "--startseq": o.startSeq = try int(a)
            case "--endseq":
                let e = try int(a)
                o.endSeq = e < 0 ? nil : e
                endSeqGiven = true
            case "--type":
                let t = try next(a)
                guard let k = Kind(rawValue: t) else {
                    throw UsageError(description: "unknown --type '\(t)'; use one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                o.kind = k
            case "--out": o.out = try next(a)
            case "--key": o.key = try next(a)
            default:
                if a.hasPrefix("-") && a.count > 1 { throw UsageError(description: "unknown option '\(a)'") }
                positional.append(a)
            }
            i += 1
        }
        if o.help { return o }
        guard positional.count == 1 else {
            throw UsageError(description: positional.isEmpty ? "missing CONFIG_OR_DATASET" : "expected one CONFIG_OR_DATASET, got \(positional)")
        }
        o.source = positional[0]
        guard o.epoch >= 1 else { throw UsageError(description: "--epoch must be >= 1, got \(o.epoch)") }
        guard o.startSeq >= 0 else { throw UsageError(description: "--startseq must be >= 0, got \(o.startSeq)") }
        if o.kind == .hdf {
            guard o.out != nil else { throw UsageError(description: "--type hdf needs --out FILE.hdf") }
            if !endSeqGiven { o.endSeq = nil }
        } else if o.out != nil {
            throw UsageError(description: "--out is only used with --type hdf")
        }
        return o
    }
}
