import Foundation
import ReturnnConfig

/// The LibriSpeech corpus read from its own layout (RETURNN `LibriSpeechCorpus`,
/// `returnn/datasets/generating.py`).
///
/// `path` is the LibriSpeech root: `<subdir>/<speaker>/<chapter>/<speaker>-<chapter>-<seq>.flac`
/// with `<speaker>-<chapter>.trans.txt` (lines "`<speaker>-<chapter>-<seq> TEXT`"), or with
/// `use_zip` the archives `<subdir>.zip` as distributed (entries under `LibriSpeech/`). All
/// subdirs starting with `prefix` ("train", "dev-clean", ...) are read; as upstream, the root must
/// also have `train-clean-100` (dir or zip). Sequences are sorted by (subdir, speaker, chapter,
/// seq); sorting orderings use the transcription length. Keys: "data" (with `audio`), "classes"
/// (with targets). Tags follow `seq_tag_format` (default "dev-other-116-288045-0000").
///
/// ```python
/// train = {"class": "LibriSpeechCorpus", "path": "/data/LibriSpeech", "prefix": "train", "use_zip": True,
///          "audio": {"features": "mfcc"}, "targets": "bpe", "bpe": {"bpe_file": "bpe.codes", "vocab_file": "bpe.vocab"},
///          "partition_epoch": 20, "seq_ordering": "laplace:.1000"}
/// ```
public final class LibriSpeechCorpus: SeqDictDataset {
    /// RETURNN class name.
    public static let className = "LibriSpeechCorpus"

    /// One utterance: its subdir, speaker, chapter and number, and transcription.
    public struct Utterance: Sendable, Equatable {
        /// e.g. "train-clean-100".
        public var subdir: String
        /// Speaker id.
        public var speaker: Int
        /// Chapter id.
        public var chapter: Int
        /// Utterance number in the chapter.
        public var seq: Int
        /// The transcription (after `orth_post_process`).
        public var text: String
    }

    /// One `epoch_wise_filter` range with upstream's LibriSpeech options.
    public struct FilterRule: Sendable, Equatable {
        /// First and last epoch (inclusive).
        public var first: Int, last: Int
        /// `subdirs`: keep only these subdirs.
        public var subdirs: [String]?
        /// `max_mean_len` (on transcription lengths).
        public var maxMeanLen: Double?
        /// `use_new_filter`: `EpochWiseFilter`'s search, keeping the order; else upstream's old
        /// search (kept for reproducibility), which leaves the kept sequences sorted by length.
        public var useNewFilter: Bool
    }

    /// Common options.
    public let options: DatasetOptions
    /// `path`: the LibriSpeech root.
    public let path: String
    /// `prefix`: subdirs starting with it are read.
    public let prefix: String
    /// `use_zip`.
    public let useZip: Bool
    /// `use_ogg`: the audio files are `<...>.flac.ogg`.
    public let useOgg: Bool
    /// `audio` (nil: no "data").
    public let audio: ExtractAudioFeatures?
    /// The targets vocabulary (nil: no "classes").
    public let targets: Vocabulary?
    /// `epoch_wise_filter` rules, sorted.
    public let filterRules: [FilterRule]
    /// The utterances in reference order.
    public let utterances: [Utterance]
    /// Tags in reference order.
    public let tags: [String]
    /// "data" and/or "classes".
    public let dataKeys: [String]
    /// `["classes"]` with targets.
    public let targetList: [String]
    /// "classes": the vocabulary's labels.
    public let labels: [String: [String]]

    /// Current epoch.
    public private(set) var epoch: Int?
    var order: [Int] = []
    var loaded: [Int: [String: SeqData]] = [:]
    let zips: [String: ZipArchive]

    /// Reads the transcriptions now (as upstream's constructor); `seqTagFormat` is a Python
    /// %-format over `subdir`, `speaker`, `chapter`, `seq`; `orthPostProcess` a config function.
    public init(path: String, prefix: String, audio: ExtractAudioFeatures?, targets: Vocabulary?, useZip: Bool = false,
                useOgg: Bool = false, orthPostProcess: ConfigValue? = nil, fixedRandomSubset: Double? = nil,
                filterRules: [FilterRule] = [], seqTagFormat: String = "%(subdir)s-%(speaker)i-%(chapter)i-%(seq)04i",
                options: DatasetOptions) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        guard ["train", "dev", "test"].contains(String(prefix.split(separator: "-", omittingEmptySubsequences: false).first ?? "")) else {
            throw bad("prefix", "must start with train, dev or test (e.g. \"dev-clean\"), got '\(prefix)'")
        }
        guard audio != nil || targets != nil else { throw bad("audio", "with audio=None and no targets there is no data to read") }
        let fm = FileManager.default
        guard fm.fileExists(atPath: path + "/train-clean-100" + (useZip ? ".zip" : "")) else {
            throw bad("path", "'\(path)' has no train-clean-100\(useZip ? ".zip" : ""); give the LibriSpeech root (upstream requires it too)")
        }
        let entries = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted().filter { $0.hasPrefix(prefix) }
        var zips = [String: ZipArchive]()
        var utts = [Utterance]()
        var seen = [String: Int]()
        func parse(_ text: String, subdir: String, file: String) throws {
            for line in LmDatasetVocabulary.splitLines(text) {
                guard let space = line.firstIndex(of: " ") else {
                    throw DatasetError.file(path: file, message: "line '\(line)' is not '<speaker>-<chapter>-<seq> TEXT'")
                }
                let ids = line[..<space].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
                guard ids.count == 3, let sp = ids[0], let ch = ids[1], let sq = ids[2] else {
                    throw DatasetError.file(path: file, message: "'\(line[..<space])' is not <speaker>-<chapter>-<seq>")
                }
                var txt = String(line[line.index(after: space)...])
                if let f = orthPostProcess {
                    guard let s = try f.call([.str(txt)]).stringValue else { throw bad("orth_post_process", "must return a str") }
                    txt = s
                }
                // A later line with the same id replaces the earlier one (upstream's dict).
                let key = "\(subdir)/\(sp)/\(ch)/\(sq)"
                if let old = seen[key] { utts[old].text = txt; continue }
                seen[key] = utts.count
                utts.append(Utterance(subdir: subdir, speaker: sp, chapter: ch, seq: sq, text: txt))
            }
        }
        if useZip {
            for file in entries where file.hasSuffix(".zip") {
                let name = String(file.dropLast(4))
                let zip = try ZipArchive(path: "\(path)/\(file)")
                zips[name] = zip
                for entry in zip.names {
                    let parts = entry.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                    guard parts[0] == "LibriSpeech", parts.count >= 2 else {
                        throw DatasetError.file(path: zip.path, message: "entry '\(entry)' is not under LibriSpeech/ (not a LibriSpeech zip?)")
                    }
                    guard parts[1].hasPrefix(prefix) else { continue }
                    guard parts[1] == name else {
                        throw DatasetError.file(path: zip.path, message: "entry '\(entry)' belongs to subdir \(parts[1]), not \(name)")
                    }
                    if entry.hasSuffix(".trans.txt") {
                        try parse(String(decoding: try zip.read(entry), as: UTF8.self), subdir: name, file: "\(zip.path):\(entry)")
                    }
                }
            }
        } else {
            for subdir in entries {
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: "\(path)/\(subdir)", isDirectory: &isDir), isDir.boolValue else { continue }
                for speaker in ((try? fm.contentsOfDirectory(atPath: "\(path)/\(subdir)")) ?? []).sorted() {
                    for chapter in ((try? fm.contentsOfDirectory(atPath: "\(path)/\(subdir)/\(speaker)")) ?? []).sorted() {
                        let dir = "\(path)/\(subdir)/\(speaker)/\(chapter)"
                        for f in ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted() where f.hasSuffix(".trans.txt") {
                            try parse(try VocabularyTable.readText("\(dir)/\(f)"), subdir: subdir, file: "\(dir)/\(f)")
                        }
                    }
                }
            }
        }
        guard !utts.isEmpty else {
            throw DatasetError.file(path: path, message: "no transcriptions found for prefix '\(prefix)'\(useZip ? " in \(prefix)*.zip" : " in \(prefix)*/*/*/*.trans.txt")")
        }
        utts.sort { (a, b) in (a.subdir, a.speaker, a.chapter, a.seq) < (b.subdir, b.speaker, b.chapter, b.seq) }
        if let subset = fixedRandomSubset {
            let n = subset < 1 ? Int(Double(utts.count) * subset) : Int(subset)
            guard n > 0, subset < 1 || subset == subset.rounded() else {
                throw bad("fixed_random_subset", "\(subset) selects no sequence of \(utts.count) (or is not an integer >= 1)")
            }
            var rnd = NumpyRandomState(seed: UInt32(42))
            rnd.shuffle(&utts)
            utts = Array(utts.prefix(n))
        }
        let env = ConfigEnvironment(environment: [:], argv: [], userName: "", uid: 0, output: { _ in })
        let formatter = Config(environment: env)
        let at = SourceLocation(file: "<seq_tag_format>", line: 1, column: 1)
        tags = try utts.map { u in
            let v = try formatter.evaluate("fmt % {'subdir': subdir, 'speaker': speaker, 'chapter': chapter, 'seq': seq}",
                                           locals: [("fmt", .str(seqTagFormat)), ("subdir", .str(u.subdir)), ("speaker", .int(u.speaker)),
                                                    ("chapter", .int(u.chapter)), ("seq", .int(u.seq))], location: at)
            guard let s = v.stringValue else { throw bad("seq_tag_format", "does not give a str") }
            return s
        }
        self.options = options
        self.path = path
        self.prefix = prefix
        self.useZip = useZip
        self.useOgg = useOgg
        self.audio = audio
        self.targets = targets
        self.filterRules = filterRules.sorted { ($0.first, $0.last) < ($1.first, $1.last) }
        self.utterances = utts
        self.zips = zips
        var keys = [String]()
        if audio != nil { keys.append("data") }
        if targets != nil { keys.append("classes") }
        dataKeys = keys
        targetList = targets != nil ? ["classes"] : []
        labels = targets.map { ["classes": $0.labels] } ?? [:]
    }

    /// The vocabulary of "classes" is the targets vocabulary itself.
    public func vocabulary(for key: String) -> Vocabulary? { key == "classes" ? targets : nil }

    /// Dense float32 "data", sparse "classes".
    public func dataSpec(_ key: String) throws -> DataSpec {
        try checkKey(key)
        return key == "data" ? .dense(audio!.featureDimension) : .sparse(targets!.numLabels)
    }

    func textLength(_ i: Int) -> Int { utterances[i].text.unicodeScalars.count }

    /// Orders the utterances for `epoch`, then applies the `epoch_wise_filter` rules.
    @discardableResult
    public func initSeqOrder(epoch: Int?) throws -> Bool {
        self.epoch = epoch
        loaded = [:]
        guard let epoch else { order = []; return true }
        order = try options.seqOrder(epoch: epoch, numSeqs: utterances.count, seqLength: { self.textLength($0) }, allTags: { self.tags })
        for rule in filterRules where rule.first <= epoch && epoch <= rule.last {
            if let subdirs = rule.subdirs {
                order = order.filter { subdirs.contains(utterances[$0].subdir) }
                guard !order.isEmpty else {
                    throw DatasetError.invalidOption(dataset: name, option: "epoch_wise_filter", message: "subdirs \(subdirs) leave no sequence in epoch \(epoch)")
                }
            }
            guard let maxMean = rule.maxMeanLen, maxMean != 0 else { continue }
            if rule.useNewFilter {
                order = EpochWiseFilter.maxMeanLen(order, maxMean, seqLength: textLength)
            } else {
                // Upstream's old search: cmp = mean(first num) > max_mean_len (a bool), which returns
                // the first probed num whose mean is not above the maximum.
                let sorted = order.map { (textLength($0), $0) }.sorted { $0 < $1 }
                var prefix = [0.0]
                for (l, _) in sorted { prefix.append(prefix.last! + Double(l)) }
                var low = 1, high = sorted.count + 1, num: Int? = nil
                while low < high {
                    let mid = (low + high) / 2
                    if prefix[mid] / Double(mid) > maxMean { high = mid } else { num = mid; break }
                }
                order = sorted.prefix(num ?? low).map { $0.1 }
            }
        }
        return true
    }

    /// Starts `epoch` with a given order of reference indices.
    public func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws {
        if let b = corpusOrder.first(where: { $0 < 0 || $0 >= utterances.count }) {
            throw DatasetError.invalidOption(dataset: name, option: "seq_order", message: "corpus index \(b) outside [0, \(utterances.count))")
        }
        self.epoch = epoch
        loaded = [:]
        order = corpusOrder
    }

    /// Sequences in this epoch.
    public var numSeqs: Int? { order.count }
    /// All utterances.
    public var totalNumSeqs: Int? { utterances.count }

    func reference(_ seqIdx: Int) throws -> Int {
        try entry(of: order, at: seqIdx, epoch: epoch)
    }

    /// Decodes and extracts sequences `[start, end)`; earlier ones are dropped.
    public func loadSeqs(_ start: Int, _ end: Int) throws {
        for k in loaded.keys where k < start { loaded[k] = nil }
        for i in start..<Swift.min(end, order.count) where loaded[i] == nil { loaded[i] = try seqData(try reference(i)) }
    }

    func seqData(_ ref: Int) throws -> [String: SeqData] {
        let u = utterances[ref]
        var out = [String: SeqData]()
        if let audio {
            let id = "\(u.speaker)-\(u.chapter)-" + String(format: "%04d", u.seq)
            var file = "\(u.subdir)/\(u.speaker)/\(u.chapter)/\(id).flac"
            if useOgg { file += ".ogg" }
            let bytes: [UInt8], name: String
            if useZip {
                guard let zip = zips[u.subdir] else { throw DatasetError.file(path: path, message: "no zip for subdir \(u.subdir)") }
                name = "\(zip.path):LibriSpeech/\(file)"
                bytes = try zip.read("LibriSpeech/\(file)")
            } else {
                name = "\(path)/\(file)"
                guard let d = FileManager.default.contents(atPath: name) else { throw DatasetError.file(path: name, message: "cannot read the audio file") }
                bytes = [UInt8](d)
            }
            out["data"] = try audio.seqData(file: bytes, name: name, seqName: tags[ref], dataset: self.name)
        }
        if let targets {
            let ids: [Int]
            do { ids = try targets.getSeq(u.text) } catch {
                throw DatasetError.invalidData(dataset: name, message: "sequence '\(tags[ref])': cannot map the text '\(u.text)' to targets: \(error)")
            }
            out["classes"] = SeqData(.int32(ids.map { Int32($0) }), shape: [ids.count])
        }
        return out
    }

    /// Every key of sequence `seqIdx`, loaded once and kept until `loadSeqs` moves on.
    public func seqDict(_ seqIdx: Int) throws -> [String: SeqData] {
        if let s = loaded[seqIdx] { return s }
        let s = try seqData(try reference(seqIdx))
        loaded[seqIdx] = s
        return s
    }



    /// The tag (`seq_tag_format`).
    public func tag(_ seqIdx: Int) throws -> String { tags[try reference(seqIdx)] }
    /// Tags in reference order.
    public func allTags() throws -> [String] { tags }
    /// The reference index of sequence `seqIdx`.
    public func corpusSeqIdx(_ seqIdx: Int) throws -> Int? { try reference(seqIdx) }
}
