import Foundation

/// The command line of `returnn-fuzz`.
struct FuzzOptions {
    /// `config`, `hdf`, `safetensors` or `tfcheckpoint` (or `selftest`).
    var target = ""
    /// Inputs to try.
    var count = 1000
    /// Seed of the run: input `i` of seed `s` is always the same.
    var seed: UInt64 = 1
    /// Index of the first input.
    var start = 0
    /// Seconds one input may take before it counts as a hang.
    var timeout = 10.0
    /// Seed files or directories (files with the target's extension).
    var corpus: [String] = []
    /// Where crashing, hanging and other failing inputs are saved.
    var out = "fuzz-findings"
    /// Scratch directory (default: a new one under the temporary directory).
    var work: String?
    /// Address-space limit of the process reading the inputs, in MiB (0: none), so an input that
    /// makes a reader allocate without bound fails there instead of exhausting the machine.
    var memoryMB = 4096
    /// Files to read as they are, instead of mutated inputs (saved crashers, regression
    /// fixtures): each must be read or refused with an error.
    var replay: [String] = []
    /// Internal: this process reads inputs for a supervising `returnn-fuzz`.
    var isWorker = false

    /// The readers, and `selftest` (a target that crashes and hangs on purpose, to test the fuzzer).
    static let targets = ["config", "hdf", "safetensors", "tfcheckpoint", "selftest"]

    static let usage = """
        usage: returnn-fuzz config|hdf|safetensors|tfcheckpoint [--count N] [--seed S] [--start I] [--timeout SEC]
                            [--corpus FILE_OR_DIR]... [--out DIR] [--work DIR] [--memory-mb MB]
               returnn-fuzz config|hdf|safetensors|tfcheckpoint --replay FILE_OR_DIR... [--timeout SEC] [--out DIR]
        Mutation fuzzing of a reader: input i of seed S is made from the seed files by deterministic
        mutations and read as returnn reads it. Every input must be read or refused with an error:
        a crash, a hang (longer than --timeout) or an error that breaks the rules (config: without a
        location in the file) is saved to --out. Inputs run in a child process, restarted after a
        crash. Exit status 0 when all inputs behaved, 1 otherwise, 2 for a bad command line.
          --count      inputs to try (default 1000)
          --seed       seed of the run (default 1); --start: first input index (default 0)
          --timeout    seconds per input before it counts as a hang (default 10)
          --corpus     seed files: a file, or a directory of *.config / *.hdf / *.safetensors /
                       *.index files (config and safetensors also have built-in seeds; hdf and
                       tfcheckpoint need one; a TF checkpoint's data file must be beside its index)
          --out        where failing inputs are saved (default ./fuzz-findings)
          --memory-mb  address-space limit of the reading process (default 4096, 0 = none)
          --replay     read these files (or the target's files in these directories) as they are,
                       e.g. saved crashers; input i is the i-th file
        """

    /// Parses the arguments after the program name.
    static func parse(_ args: [String]) throws -> FuzzOptions {
        var o = FuzzOptions()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw FuzzError("\(args[i - 1]) needs a value") }
            return args[i]
        }
        func int(_ s: String) throws -> Int {
            guard let n = Int(s), n >= 0 else { throw FuzzError("not a non-negative integer: \(s)") }
            return n
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "--count": o.count = try int(try value())
            case "--seed": o.seed = UInt64(try int(try value()))
            case "--start": o.start = try int(try value())
            case "--timeout":
                guard let t = Double(try value()), t > 0 else { throw FuzzError("--timeout needs a positive number") }
                o.timeout = t
            case "--corpus": o.corpus.append(try value())
            case "--out": o.out = try value()
            case "--work": o.work = try value()
            case "--memory-mb": o.memoryMB = try int(try value())
            case "--worker": o.isWorker = true
            case "--replay": o.replay.append(try value())
            default:
                guard !a.hasPrefix("-"), o.target.isEmpty else { throw FuzzError("unknown argument \(a)") }
                guard targets.contains(a) else { throw FuzzError("unknown target '\(a)'; choose one of \(targets.joined(separator: ", "))") }
                o.target = a
            }
            i += 1
        }
        guard !o.target.isEmpty else { throw FuzzError("name a target: \(targets.joined(separator: ", "))") }
        if !o.replay.isEmpty && !o.isWorker {
            o.replay = try o.files(o.replay, ext: o.inputExtension)
            o.start = 0
            o.count = o.replay.count
        }
        return o
    }

    /// The arguments that make a worker for inputs `start..<start+count` of this run.
    func workerArguments(start: Int, count: Int, work: String) -> [String] {
        [target, "--worker", "--count", String(count), "--seed", String(seed), "--start", String(start),
         "--timeout", String(timeout), "--out", out, "--work", work, "--memory-mb", String(memoryMB)]
            + corpus.flatMap { ["--corpus", $0] } + replay.flatMap { ["--replay", $0] }
    }

    /// The files named by `paths`: files as given, directories by their files ending in `.ext`.
    func files(_ paths: [String], ext: String) throws -> [String] {
        var files: [String] = []
        for c in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: c, isDirectory: &isDir) else { throw FuzzError("no such file or directory: \(c)") }
            files += isDir.boolValue ? try FuzzFiles.files(in: c, ext: ext) : [c]
        }
        return files
    }

    /// The extension of the seed files of a corpus directory.
    var corpusExtension: String { target == "tfcheckpoint" ? "index" : target }

    /// The extension of the target's input files (saved crashers, replayed files).
    var inputExtension: String { target == "tfcheckpoint" ? "tfckpt" : target == "selftest" ? "txt" : target }

    /// The target with its seed files.
    func makeTarget() throws -> any FuzzTarget {
        let files = try self.files(corpus, ext: corpusExtension)
        if !replay.isEmpty { return ReplayTarget(name: target, replay: replay, reader: try makeTarget(seedFiles: files.isEmpty ? replay : files)) }
        return try makeTarget(seedFiles: files)
    }

    /// The target with `seedFiles`.
    private func makeTarget(seedFiles files: [String]) throws -> any FuzzTarget {
        switch target {
        case "config": return try ConfigFuzzTarget(files: files)
        case "hdf": return try HDFFuzzTarget(files: files)
        case "tfcheckpoint": return try TFCheckpointFuzzTarget(files: files)
        case "selftest": return SelfTestTarget()
        default: return try SafetensorsFuzzTarget(files: files)
        }
    }
}
