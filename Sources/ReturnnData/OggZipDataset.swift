import Foundation
import ReturnnConfig

/// Audio and transcriptions from zip files (RETURNN `OggZipDataset`, `returnn/datasets/audio.py`).
///
/// A zip `<name>.zip` holds the meta list `<name>.txt` (a Python literal list of dicts with
/// `text`, `duration` and usually `file` and `seq_name`; see `OggZipEntry`) and the audio files
/// under `<name>/` (without that prefix with `zip_audio_files_have_name_as_prefix=False`). The
/// audio (WAV, FLAC, Ogg/Vorbis; decoded by libsndfile) becomes "data" through `audio` (an
/// `ExtractAudioFeatures` option dict; None: no "data"), the text "classes" through `targets` (a
/// vocabulary dict; None: no "classes") and "orth" (its UTF-8 bytes, sparse dim 256). Tags are
/// `seq_name`, else `file`. Sorting orderings use `int(duration * 100)`.
///
/// `path` is one zip, a list of zips (a `<name>.txt.gz` in the list replaces the meta list of
/// the zip `<name>`), or a directory `<dir>/<name>` with `<dir>/<name>.txt` beside it.
///
/// ```python
/// train = {"class": "OggZipDataset", "path": ["train-clean-100.zip", "train-clean-360.zip"],
///          "audio": {"features": "mfcc", "num_feature_filters": 40, "norm_mean": "mean.txt", "norm_std_dev": "std.txt"},
///          "targets": {"class": "BytePairEncoding", "bpe_file": "bpe.codes", "vocab_file": "bpe.vocab", "unknown_label": None},
///          "partition_epoch": 20, "seq_ordering": "laplace:.1000", "epoch_wise_filter": {(1, 5): {"max_mean_len": 1000}}}
/// ```
public final class OggZipDataset: SeqDictDataset {
    /// RETURNN class name.
    public static let className = "OggZipDataset"

    /// Common options.
    public let options: DatasetOptions
    /// The zip files (or, in directory mode, the directory holding `<name>` and `<name>.txt`).
    public let paths: [String]
    /// Internal names per path (`content_name`, else the zip's base name without ".zip").
    public let names: [String]
    /// Directory mode: files are read from the file system, not from zips.
    public let directoryMode: Bool
    /// Meta lists given as separate `<name>.txt.gz` files, by name.
    public let separateMetaFiles: [String: String]
    /// `audio`: the feature extraction (nil: no "data").
    public let audio: ExtractAudioFeatures?
    /// `targets`: the vocabulary for "classes" (nil: no "classes").
    public let targets: Vocabulary?
    /// `targets_post_process`: a config function str -> str applied to the text before `targets`.
    public let targetsPostProcess: ConfigValue?
    /// `segment_file`: tags to keep (plain or .gz, one per line).
    public let segmentFile: String?
    /// `zip_audio_files_have_name_as_prefix` (True).
    public let zipAudioFilesHaveNameAsPrefix: Bool
    /// `fixed_random_subset`: a fraction in (0, 1) or a number of sequences, drawn once with
    /// `fixed_random_subset_seed` (42).
    public let fixedRandomSubset: Double?
    /// `fixed_random_subset_seed` (42).
    public let fixedRandomSubsetSeed: Int
    /// `epoch_wise_filter`.
    public let epochWiseFilter: EpochWiseFilter?

    /// "data" (with `audio`), "classes" (with `targets`), "orth".
    public let dataKeys: [String]
    /// The keys other than "data".
    public let targetList: [String]
    /// "classes": the vocabulary's labels; "orth": the 256 byte values.
    public let labels: [String: [String]]

    /// Current epoch.
    public private(set) var epoch: Int?
    var corpus: [OggZipEntry]?
    var archives: [ZipArchive]?
    var order: [Int] = []
    var loaded: [Int: [String: SeqData]] = [:]

    /// Builds the dataset; the zips are opened and the meta lists read on the first epoch.
    public init(paths: [String], names: [String], directoryMode: Bool, separateMetaFiles: [String: String] = [:],
                audio: ExtractAudioFeatures?, targets: Vocabulary?, targetsPostProcess: ConfigValue? = nil,
                segmentFile: String? = nil, zipAudioFilesHaveNameAsPrefix: Bool = true, fixedRandomSubset: Double? = nil,
                fixedRandomSubsetSeed: Int = 42, epochWiseFilter: EpochWiseFilter? = nil, options: DatasetOptions) throws {
        precondition(paths.count == names.count, "one internal name per path")
        guard !paths.isEmpty else {
            throw DatasetError.invalidOption(dataset: options.name, option: "path", message: "no zip file given")
        }
        if let s = fixedRandomSubset, !(s > 0) {
            throw DatasetError.invalidOption(dataset: options.name, option: "fixed_random_subset", message: "must be a fraction in (0, 1) or a number of sequences >= 1, got \(s)")
        }
        self.options = options
        self.paths = paths
        self.names = names
        self.directoryMode = directoryMode
        self.separateMetaFiles = separateMetaFiles
        self.audio = audio
        self.targets = targets
        self.targetsPostProcess = targetsPostProcess
        self.segmentFile = segmentFile
        self.zipAudioFilesHaveNameAsPrefix = zipAudioFilesHaveNameAsPrefix
        self.fixedRandomSubset = fixedRandomSubset
        self.fixedRandomSubsetSeed = fixedRandomSubsetSeed
        self.epochWiseFilter = epochWiseFilter
        var keys = [String](), labels = [String: [String]]()
        if audio != nil { keys.append("data") }
        if let targets { keys.append("classes"); labels["classes"] = targets.labels }
        keys.append("orth")
        labels["orth"] = (0..<256).map { String(UnicodeScalar(UInt8($0))) }
        dataKeys = keys
        targetList = keys.filter { $0 != "data" }
        self.labels = labels
    }

    /// The vocabulary of "classes" is `targets` itself (BPE, SentencePieces, ... keep their rules).
    public func vocabulary(for key: String) -> Vocabulary? {
        if key == "classes", let targets { return targets }
        return labels[key].map { Vocabulary.fromLabels($0) }
    }

    /// Reads the meta lists (once): segment filter per zip, then `fixed_random_subset`.
    public func loadCorpus() throws {
        guard corpus == nil else { return }
        var segments: Set<String>? = nil
        if let f = segmentFile {
            let text = f.hasSuffix(".gz") ? String(decoding: try LmDatasetGzip.decompress(path: f), as: UTF8.self) : try VocabularyTable.readText(f)
            segments = Set(LmDatasetVocabulary.splitLines(text))
        }
        var archives = [ZipArchive]()
        if !directoryMode { archives = try paths.map { try ZipArchive(path: $0) } }
        self.archives = archives
        var entries = [OggZipEntry]()
        for (i, name) in names.enumerated() {
            let metaName = "\(name).txt"
            let source: String, bytes: [UInt8]
            if let gz = separateMetaFiles[name] {
                source = gz
                bytes = try LmDatasetGzip.decompress(path: gz)
            } else if directoryMode {
                source = "\(paths[i])/\(metaName)"
                guard let d = FileManager.default.contents(atPath: source) else {
                    throw DatasetError.file(path: source, message: "cannot read the meta list")
                }
                bytes = [UInt8](d)
            } else {
                source = "\(paths[i]):\(metaName)"
                guard archives[i].contains(metaName) else {
                    throw DatasetError.file(path: paths[i], message: "has no meta list '\(metaName)'; an OggZip holds <name>.txt and <name>/ for <name>.zip (or set content_name)")
                }
                bytes = try archives[i].read(metaName)
            }
            var part = try OggZipEntry.parseList(bytes, source: source, zipIndex: i)
            if audio != nil, part[0].file == nil {
                throw DatasetError.file(path: source, message: "the entries have no 'file', but audio features are enabled; set audio=None for text only")
            }
            if let segments { part = part.filter { segments.contains($0.tag) } }
            entries += part
        }
        guard !entries.isEmpty else {
            throw DatasetError.invalidData(dataset: name, message: "no sequences in \(paths.joined(separator: ", "))\(segmentFile.map { " after the segment_file filter \($0)" } ?? "")")
        }
        if let subset = fixedRandomSubset {
            let n = subset < 1 ? Int(Double(entries.count) * subset) : Int(subset)
            guard n > 0, subset < 1 || subset == subset.rounded() else {
                throw DatasetError.invalidOption(dataset: name, option: "fixed_random_subset", message: "\(subset) selects no sequence of \(entries.count) (or is not an integer >= 1)")
            }
            var rnd: NumpyRandomState
            do { rnd = try NumpyRandomState(seed: fixedRandomSubsetSeed) } catch {
                throw DatasetError.invalidOption(dataset: name, option: "fixed_random_subset_seed", message: "\(error)")
            }
            rnd.shuffle(&entries)
            entries = Array(entries.prefix(n))
        }
        corpus = entries
    }

    /// Sparse "classes"/"orth", dense float32 "data" of the feature dimension.
    public func dataSpec(_ key: String) throws -> DataSpec {
        try checkKey(key)
        switch key {
        case "data": return .dense(audio!.featureDimension)
        case "classes": return .sparse(targets!.numLabels)
        default: return .sparse(256, dtype: .uint8)
        }
    }

    /// Orders the corpus for `epoch`, then applies `epoch_wise_filter`.
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        self.epoch = epoch
        loaded = [:]
        guard epoch != nil else { order = []; return true }
        try loadCorpus()
        let c = corpus!
        let length = { (i: Int) in Int(c[i].duration * 100) }
        order = try options.seqOrder(epoch: epoch, numSeqs: c.count, seqLength: length, allTags: { c.map(\.tag) })
        if let epochWiseFilter { order = epochWiseFilter.filter(epoch: epoch, order: order, seqLength: length) }
        return true
    }

    /// Starts `epoch` with a given order of corpus indices.
    public func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws {
        try loadCorpus()
        if let b = corpusOrder.first(where: { $0 < 0 || $0 >= corpus!.count }) {
            throw DatasetError.invalidOption(dataset: name, option: "seq_order", message: "corpus index \(b) outside [0, \(corpus!.count))")
        }
        self.epoch = epoch
        loaded = [:]
        order = corpusOrder
    }

    /// Sequences in this epoch.
    public var numSeqs: Int? { order.count }

    /// Sequences of the corpus (after segment filter and subset; nil if it cannot be read).
    public var totalNumSeqs: Int? {
        try? loadCorpus()
        return corpus?.count
    }

    func corpusIndex(_ seqIdx: Int) throws -> Int {
        try entry(of: order, at: seqIdx, epoch: epoch)
    }

    /// Decodes and extracts sequences `[start, end)`; earlier ones are dropped.
    public func loadSeqs(_ start: Int, _ end: Int) throws {
        for k in loaded.keys where k < start { loaded[k] = nil }
        for i in start..<Swift.min(end, order.count) where loaded[i] == nil { loaded[i] = try corpusSeq(try corpusIndex(i)) }
    }

    /// All data of corpus sequence `index` (upstream `get_corpus_seq`).
    public func corpusSeq(_ index: Int) throws -> [String: SeqData] {
        try loadCorpus()
        let e = corpus![index]
        var out = [String: SeqData]()
        if let audio {
            guard let file = e.file else { throw DatasetError.invalidData(dataset: name, message: "sequence '\(e.tag)' has no 'file'") }
            let inner = zipAudioFilesHaveNameAsPrefix ? "\(names[e.zipIndex])/\(file)" : file
            let bytes: [UInt8], where_: String
            if directoryMode {
                where_ = "\(paths[0])/\(inner)"
                guard let d = FileManager.default.contents(atPath: where_) else { throw DatasetError.file(path: where_, message: "cannot read the audio file") }
                bytes = [UInt8](d)
            } else {
                where_ = "\(paths[e.zipIndex]):\(inner)"
                bytes = try archives![e.zipIndex].read(inner)
            }
            out["data"] = try audio.seqData(file: bytes, name: where_, seqName: e.tag, dataset: name)
        }
        if let targets {
            var text = e.text
            if let f = targetsPostProcess {
                let r: ConfigValue
                do { r = try f.call([.str(text)]) } catch var err as ConfigError {
                    err.message = "dataset '\(name)': targets_post_process failed on '\(text)': \(err.message)"
                    if err.location == nil { err.location = f.location }
                    throw err
                }
                guard let s = r.stringValue else {
                    throw DatasetError.invalidOption(dataset: name, option: "targets_post_process", message: "must return a str, got \(r.typeName)")
                }
                text = s
            }
            let ids: [Int]
            do { ids = try targets.getSeq(text) } catch {
                throw DatasetError.invalidData(dataset: name, message: "sequence '\(e.tag)': cannot map the text '\(text)' to targets: \(error)")
            }
            out["classes"] = SeqData(.int32(ids.map { Int32($0) }), shape: [ids.count])
        }
        let orth = Array(e.text.utf8)
        out["orth"] = SeqData(.uint8(orth), shape: [orth.count])
        return out
    }

    /// Every key of sequence `seqIdx`, loaded once and kept until `loadSeqs` moves on.
    public func seqDict(_ seqIdx: Int) throws -> [String: SeqData] {
        if let s = loaded[seqIdx] { return s }
        let s = try corpusSeq(try corpusIndex(seqIdx))
        loaded[seqIdx] = s
        return s
    }



    /// `seq_name`, else `file`.
    public func tag(_ seqIdx: Int) throws -> String { corpus![try corpusIndex(seqIdx)].tag }

    /// Tags in corpus order (reads the meta lists).
    public func allTags() throws -> [String] {
        try loadCorpus()
        return corpus!.map(\.tag)
    }

    /// The corpus index of sequence `seqIdx`.
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? { try corpusIndex(seqIdx) }
}
