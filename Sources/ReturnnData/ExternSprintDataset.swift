import Foundation
import ReturnnConfig

/// Data from RASR (Sprint) run as a child process (RETURNN `ExternSprintDataset`).
///
/// RASR's `nn-trainer` is started with upstream's options (`--*.trainer=python-trainer`,
/// `--*.pymod-*`, `--*.python-segment-order-*`, `--*.seed`, partition options) plus the user's
/// `sprintConfigStr`; its embedded Python loads our module (`Resources/returnn_sprint_extern.py`,
/// written to a private temporary directory) which sends each segment through a pipe. Data keys:
/// `data` (features `[T, dim * window]`, divided by `input_stddev`), `classes` (the alignment,
/// sparse `outputDim`), `orth` (the orthography's UTF-8 bytes, sparse 256), and `orth0`, `bpe`,
/// `orth_classes` or `target_maps` keys when configured. Construction runs RASR once to learn the
/// dimensions, the keys and the corpus' segment list (as upstream).
///
/// Order: with `seq_ordering` "default" RASR decides (its own shuffle settings, `partition_epoch`
/// through `--*.corpus.partition`); any other `seq_ordering` is computed here over the corpus'
/// segments (lengths from RASR's segment durations, or from frames seen in earlier epochs) and
/// handed to RASR as a segment-order file, as upstream does for a predefined `seq_list`.
///
/// ```python
/// sprint_trainer_exec_path = "/opt/rasr/arch/linux-x86_64-standard/nn-trainer.linux-x86_64-standard"
/// train = "sprint:--config=rasr.train.config --*.corpus.file=corpus.xml.gz"
/// dev = {"class": "ExternSprintDataset", "sprintTrainerExecPath": sprint_trainer_exec_path,
///        "sprintConfigStr": "--config=rasr.dev.config", "partitionEpoch": 1}
/// ```
public final class ExternSprintDataset: SeqDictDataset {
    /// RETURNN class name.
    public static let className = "ExternSprintDataset"
    /// The Python module name RASR imports.
    public static let moduleName = "returnn_sprint_extern"

    /// Common options.
    public let options: DatasetOptions
    /// Own options.
    public let settings: ExternSprintDatasetSettings
    /// Keys of the first segment, "data" first, then sorted.
    public let dataKeys: [String]
    /// All keys but "data".
    public let targetList: [String]
    /// Label names: `orth` (as upstream, 255 one-character strings), `bpe`, `orth_classes`.
    public let labels: [String: [String]]
    /// RASR's feature dimension (before windowing).
    public let inputDim: Int
    /// RASR's output dimension (`trainer-output-dimension`).
    public let outputDim: Int
    /// The corpus' segment names as RASR listed them.
    public let corpusTags: [String]
    let segmentTimes: [Double]
    let corpusIndex: [String: Int]
    let specs: [String: DataSpec]
    let workDirectory: String
    private var stream: SprintEpochStream?
    private var lastEpochNumSeqs: Int?
    private var order: [Int]?
    private var cache: [Int: SprintSeq] = [:]
    private var tags: [Int: String] = [:]
    private var firstKept = 0
    private var knownFrames: [String: Int] = [:]
    private var orderFile: String?
    private var predefinedOrder = false

    /// The current epoch.
    public private(set) var epoch: Int?

    /// Starts RASR once (epoch 1's options, no order file) to read the dimensions, the segment
    /// list and the first segment's keys, then stops it.
    public init(settings: ExternSprintDatasetSettings, options: DatasetOptions) throws {
        self.settings = settings
        self.options = options
        workDirectory = try Self.makeWorkDirectory()
        do {
            let module = "\(workDirectory)/\(Self.moduleName).py"
            guard FileManager.default.createFile(atPath: module, contents: Data(PackageResources.returnn_sprint_extern_py)) else {
                throw DatasetError.file(path: module, message: "cannot write the RASR-side Python module")
            }
            let child = try SprintChildProcess(arguments: try Self.arguments(settings: settings, options: options, epoch: nil, ownOrder: false, orderFile: nil, moduleDirectory: workDirectory),
                                               forwardOutput: settings.forwardOutput)
            let probe = SprintEpochStream(child: child, dataset: options.name, epoch: nil, stopAfter: 1)
            defer { probe.stop() }
            let ini = try probe.waitForInit(timeout: settings.childTimeout)
            guard try probe.waitFor(0, timeout: settings.childTimeout), let first = probe.segment(0) else {
                throw probe.failure("sent no segment; check the corpus and segment list in sprintConfigStr")
            }
            guard ini.inputDim > 0 else { throw probe.failure("reported feature dimension \(ini.inputDim)") }
            inputDim = ini.inputDim
            outputDim = ini.outputDim
            corpusTags = ini.names
            segmentTimes = ini.times.count == ini.names.count ? ini.times : []
            var index = [String: Int]()
            for (i, t) in ini.names.enumerated() where index[t] == nil { index[t] = i }
            corpusIndex = index
            var specs = [String: DataSpec]()
            var labels = [String: [String]]()
            specs["data"] = .dense(inputDim * options.window)
            if first.arrays["classes"] != nil { specs["classes"] = .sparse(Swift.max(outputDim, 1)) }
            let orthLabels = (0..<255).map { String(UnicodeScalar(UInt8($0))) }
            if first.strings["orth"] != nil {
                specs["orth"] = .sparse(256, dtype: .uint8)
                labels["orth"] = orthLabels
                if settings.strAddFinalZero && settings.targetMaps["orth"] == nil { specs["orth0"] = .sparse(256, dtype: .uint8); labels["orth0"] = orthLabels }
                if let bpe = settings.bpe { specs["bpe"] = .sparse(bpe.numLabels); labels["bpe"] = bpe.labels }
                if let v = settings.orthVocab { specs["orth_classes"] = .sparse(v.numLabels); labels["orth_classes"] = v.labels }
            } else if settings.bpe != nil || settings.orthVocab != nil {
                throw DatasetError.invalidOption(dataset: options.name, option: settings.bpe != nil ? "bpe" : "orth_vocab",
                                                 message: "needs the orthography, but RASR sends none (use a target mode that passes orthographies)")
            }
            for (key, map) in settings.targetMaps {
                guard first.strings[key] != nil else {
                    throw DatasetError.invalidOption(dataset: options.name, option: "target_maps",
                                                     message: "key '\(key)' is not a string target RASR sends; it sends \(first.strings.keys.sorted())")
                }
                specs[key] = .sparse(map.count)
                labels[key] = map.sorted { $0.value < $1.value }.map { $0.key }
            }
            self.specs = specs
            self.labels = labels
            dataKeys = ["data"] + specs.keys.filter { $0 != "data" }.sorted()
            targetList = Array(dataKeys.dropFirst())
        } catch {
            try? FileManager.default.removeItem(atPath: workDirectory)
            throw error
        }
    }

    deinit {
        stream?.stop()
        try? FileManager.default.removeItem(atPath: workDirectory)
    }

    static func makeWorkDirectory() throws -> String {
        let tmp = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        var template = Array("\(tmp)returnn-sprint-XXXXXX".utf8CString)
        guard let p = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw DatasetError.file(path: NSTemporaryDirectory(), message: "cannot create a temporary directory for the RASR module")
        }
        return String(cString: p)
    }

    /// The full command line for `epoch` (upstream `_build_sprint_args`).
    static func arguments(settings: ExternSprintDatasetSettings, options: DatasetOptions, epoch: Int?, ownOrder: Bool,
                          orderFile: String?, moduleDirectory: String) throws -> [String] {
        var args = settings.execPath
        do {
            args += try settings.configArgs.tokens(environment: settings.environment)
        } catch let e as ShellWordsError {
            throw DatasetError.invalidOption(dataset: options.name, option: "sprintConfigStr", message: e.message)
        }
        args.append("--*.seed=\(options.randomSeed(epoch: epoch ?? 1) - 1)")
        if options.partitionEpoch > 1 && !ownOrder {
            args += ["--*.corpus.partition=\(options.partitionEpoch)",
                     "--*.corpus.select-partition=\(((epoch ?? 1) - 1) % options.partitionEpoch)"]
        }
        let config = "action:ExternSprintDataset,c2p_fd:\(SprintChildProcess.childToParentFd),p2c_fd:\(SprintChildProcess.parentToChildFd)"
        args += [
            "--*.python-segment-order=true",
            "--*.python-segment-order-pymod-path=\(moduleDirectory)",
            "--*.python-segment-order-pymod-name=\(moduleName)",
            "--*.python-segment-order-with-segment-info=true",
            "--*.use-data-source=false",
            "--*.trainer=python-trainer",
            "--*.pymod-path=\(moduleDirectory)",
            "--*.pymod-name=\(moduleName)",
            "--*.pymod-config=\(config)",
        ]
        if let orderFile {
            args += ["--*.corpus.segment-order-shuffle=false", "--*.corpus.segment-order-sort-by-time-length=false",
                     "--*.corpus.segments.file=\(orderFile)", "--*.corpus.segment-order=\(orderFile)"]
        }
        return args
    }

    /// Spec of `key`.
    public func dataSpec(_ key: String) throws -> DataSpec {
        guard let s = specs[key] else { throw DatasetError.unknownDataKey(dataset: name, key: key, available: dataKeys) }
        return s
    }

    /// The vocabulary of `bpe` / `orth_classes`, else labels.
    public func vocabulary(for key: String) -> Vocabulary? {
        if key == "bpe", let v = settings.bpe { return v }
        if key == "orth_classes", let v = settings.orthVocab { return v }
        return labels[key].map { Vocabulary.fromLabels($0) }
    }

    /// Whether this dataset computes the order itself (any `seq_ordering` but "default").
    var ownsOrder: Bool {
        if case .default = options.seqOrdering { return options.seqTagsFilter != nil }
        return true
    }

    /// Starts RASR for `epoch` (stopping the previous child first; SIGKILL if it had not finished,
    /// as upstream). Returns false when nothing changed (same epoch, nothing read yet).
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        if epoch != nil, epoch == self.epoch, stream != nil, firstKept == 0, cache.isEmpty, !predefinedOrder {
            return false
        }
        var newOrder: [Int]?
        if epoch != nil && ownsOrder {
            newOrder = try options.seqOrder(epoch: epoch, numSeqs: corpusTags.count, seqLength: { try self.lengthForSorting($0) },
                                            allTags: { self.corpusTags })
        }
        try start(epoch: epoch, order: newOrder)
        predefinedOrder = false
        return true
    }

    /// Starts `epoch` with the given corpus indices in that order (upstream `seq_list`).
    public func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws {
        if let bad = corpusOrder.first(where: { $0 < 0 || $0 >= corpusTags.count }) {
            throw DatasetError.invalidOption(dataset: name, option: "seq_order", message: "corpus index \(bad) outside [0, \(corpusTags.count))")
        }
        try start(epoch: epoch, order: corpusOrder)
        predefinedOrder = true
    }

    private func start(epoch: Int?, order newOrder: [Int]?) throws {
        if let p = stream?.progress, p.complete { lastEpochNumSeqs = p.received }
        stream?.stop()
        stream = nil
        cache = [:]
        tags = [:]
        firstKept = 0
        if let f = orderFile { try? FileManager.default.removeItem(atPath: f); orderFile = nil }
        self.epoch = epoch
        order = newOrder
        guard epoch != nil else { return }
        if let newOrder {
            let path = "\(workDirectory)/segment-order.epoch\(epoch!).txt"
            let text = newOrder.map { corpusTags[$0] + "\n" }.joined()
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw DatasetError.file(path: path, message: "cannot write the segment order for RASR")
            }
            orderFile = path
        }
        let args = try Self.arguments(settings: settings, options: options, epoch: epoch, ownOrder: newOrder != nil,
                                      orderFile: orderFile, moduleDirectory: workDirectory)
        let child = try SprintChildProcess(arguments: args, forwardOutput: settings.forwardOutput)
        stream = SprintEpochStream(child: child, dataset: name, epoch: epoch)
    }

    func lengthForSorting(_ i: Int) throws -> Int {
        if let n = knownFrames[corpusTags[i]] { return n }
        if !segmentTimes.isEmpty { return Int((segmentTimes[i] * 100).rounded()) }
        throw DatasetError.invalidOption(dataset: name, option: "seq_ordering",
                                         message: "'\(options.seqOrdering)' needs lengths; RASR gave no segment durations and segment '\(corpusTags[i])' was not read yet")
    }

    /// Sequences in this epoch: known with an own order, else once RASR finished.
    public var numSeqs: Int? {
        if let order { return order.count }
        guard let p = stream?.progress, p.complete else { return nil }
        return p.received
    }

    /// The corpus' segment count.
    public var totalNumSeqs: Int? { corpusTags.count }

    /// `numSeqs`, else the last complete epoch's count (as upstream), else `estimated_num_seqs`,
    /// else the segment count divided by `partition_epoch`.
    public var estimatedNumSeqs: Int? {
        numSeqs ?? lastEpochNumSeqs ?? options.estimatedNumSeqs ?? (corpusTags.count + options.partitionEpoch - 1) / options.partitionEpoch
    }

    /// Waits for RASR as needed.
    public func isLessThanNumSeqs(_ n: Int) throws -> Bool {
        if let order { return n < order.count }
        guard let stream else { return false }
        return try stream.waitFor(n, timeout: settings.childTimeout)
    }

    /// Waits until `[start, end)` arrived (or the epoch ended) and frees earlier sequences.
    public func loadSeqs(_ start: Int, _ end: Int) throws {
        guard let stream else {
            throw DatasetError.unavailable(dataset: name, message: "no epoch started; call initSeqOrder(epoch:) first")
        }
        if start > firstKept {
            for k in cache.keys where k < start { cache[k] = nil }
            stream.drop(before: start)
            firstKept = start
        }
        if end > start { _ = try stream.waitFor(end - 1, timeout: settings.childTimeout) }
    }

    func seq(_ idx: Int) throws -> SprintSeq {
        if let s = cache[idx] { return s }
        guard let stream else {
            throw DatasetError.unavailable(dataset: name, message: "no epoch started; call initSeqOrder(epoch:) first")
        }
        guard idx >= firstKept else {
            throw DatasetError.unavailable(dataset: name, message: "seq \(idx) was already released (loadSeqs moved on to \(firstKept)); RASR's data is read once per epoch")
        }
        guard try stream.waitFor(idx, timeout: settings.childTimeout), let raw = stream.segment(idx) else {
            throw DatasetError.unavailable(dataset: name, message: "seq \(idx) is beyond the end of epoch \(epoch.map(String.init) ?? "none") (\(stream.progress.received) seqs)")
        }
        let expected = order.map { corpusTags[$0[idx]] }
        let s = try SprintSeq(raw, index: idx, expectedTag: expected, dataset: self)
        knownFrames[s.tag] = s.frames
        tags[idx] = s.tag
        cache[idx] = s
        return s
    }

    /// Every key of sequence `seqIdx` (waiting for RASR as needed).
    public func seqDict(_ seqIdx: Int) throws -> [String: SeqData] { try seq(seqIdx).data }

    /// The segment's full name (`seq-N` when RASR gave none).
    public func tag(_ seqIdx: Int) throws -> String { try tags[seqIdx] ?? seq(seqIdx).tag }

    /// The corpus' segment names.
    public func allTags() throws -> [String] { corpusTags }

    /// The segment's index in RASR's segment list.
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? {
        if let order { return seqIdx < order.count ? order[seqIdx] : nil }
        return corpusIndex[try tag(seqIdx)]
    }
}
