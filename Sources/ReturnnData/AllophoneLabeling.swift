import Foundation

/// Maps Sprint alignment mixtures (allophone index + state × 2^26) to class labels
/// (upstream `returnn/sprint/cache.py` `AllophoneLabeling`).
///
/// With a `state_tying_file` ("<allophone>.<state> <label>" per line) the label is the tied
/// state of the raw mixture; with only a `phoneme_file` it is the index of the allophone's
/// central phoneme (the text before `{`). One of the two files is required.
public struct AllophoneLabeling: Sendable {
    /// Offset of one HMM state in a mixture index.
    public static let stateStride = 1 << 26

    /// `silence_phone`, e.g. "si".
    public let silencePhone: String
    /// `allophone_file`.
    public let allophoneFile: String
    /// Allophones: the file's non-empty lines not starting with '#'.
    public let allophones: [String]
    /// Allophone count used to split mixtures into allophone and state, counted as upstream's
    /// `FileArchive.set_allophones` (stripped lines not starting with '#', empty ones included).
    public let archiveAllophoneCount: Int
    /// Index of `<silence>{#+#}@i@f` in `allophones`.
    public let silenceAllophoneIndex: Int
    /// Phonemes (all lines of `phoneme_file`), if given.
    public let phonemes: [String]?
    /// Phoneme → index (the last occurrence wins, as upstream).
    public let phonemeIndex: [String: Int]?
    /// "<allophone>.<state>" → label from `state_tying_file`, if given.
    public let stateTying: [String: Int]?
    /// Number of states per allophone in the tying (max state suffix + 1).
    public let numAlloStates: Int?
    /// Raw mixture index → label, for every allophone state present in the tying.
    public let stateTyingByMixture: [Int: Int]
    /// Label of silence.
    public let silenceLabelIndex: Int
    /// Number of labels (`num_labels`).
    public let numLabels: Int

    /// `AllophoneLabeling(silence_phone, allophone_file, phoneme_file=None, state_tying_file=None)`;
    /// throws `DatasetError` naming the file and line for missing files, malformed lines, or a
    /// missing silence entry.
    public init(silencePhone: String, allophoneFile: String, phonemeFile: String? = nil, stateTyingFile: String? = nil) throws {
        guard phonemeFile != nil || stateTyingFile != nil else {
            throw DatasetError.invalidOption(dataset: "AllophoneLabeling", option: "allophone_labeling",
                                             message: "needs phoneme_file or state_tying_file (or both)")
        }
        func read(_ p: String) throws -> String {
            guard let d = FileManager.default.contents(atPath: p) else {
                throw DatasetError.file(path: p, message: "cannot read (missing or unreadable)")
            }
            return String(decoding: d, as: UTF8.self)
        }
        func lines(_ text: String) -> [String] {
            var ls = text.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
                l.hasSuffix("\r") ? String(l.dropLast()) : String(l)
            }
            if ls.last == "" { ls.removeLast() }
            return ls
        }
        let alloLines = lines(try read(allophoneFile))
        allophones = alloLines.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        archiveAllophoneCount = alloLines.filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }.count
        var alloIndex = [String: Int]()
        for (i, a) in allophones.enumerated() { alloIndex[a] = i }
        let silAllo = silencePhone + "{#+#}@i@f"
        guard let sil = alloIndex[silAllo] else {
            throw DatasetError.file(path: allophoneFile, message: "no silence allophone '\(silAllo)' (silence_phone '\(silencePhone)')")
        }
        self.silencePhone = silencePhone
        self.allophoneFile = allophoneFile
        silenceAllophoneIndex = sil
        var silLabel: Int?
        var num: Int?
        if let pf = phonemeFile {
            let ph = lines(try read(pf))
            var idx = [String: Int]()
            for (i, p) in ph.enumerated() { idx[p] = i }
            phonemes = ph
            phonemeIndex = idx
            if stateTyingFile == nil {
                guard let s = idx[silencePhone] else {
                    throw DatasetError.file(path: pf, message: "silence phone '\(silencePhone)' is not listed")
                }
                silLabel = s
                num = ph.count
            }
        } else {
            phonemes = nil
            phonemeIndex = nil
        }
        if let sf = stateTyingFile {
            var tying = [String: Int]()
            var maxState = -1
            for (n, line) in lines(try read(sf)).enumerated() {
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2, let v = Int(parts[1]) else {
                    throw DatasetError.file(path: sf, message: "line \(n + 1): expected '<allophone>.<state> <label>', got '\(line)'")
                }
                let key = String(parts[0])
                guard let dot = key.lastIndex(of: "."), let s = Int(key[key.index(after: dot)...]) else {
                    throw DatasetError.file(path: sf, message: "line \(n + 1): key '\(key)' does not end in .<state>")
                }
                tying[key] = v
                maxState = Swift.max(maxState, s)
            }
            guard let s = tying[silAllo + ".0"] else {
                throw DatasetError.file(path: sf, message: "no entry for silence state '\(silAllo).0'")
            }
            let states = maxState + 1
            var byMix = [Int: Int]()
            for (a, name) in allophones.enumerated() {
                for st in 0..<states {
                    if let l = tying["\(name).\(st)"] { byMix[a + st * Self.stateStride] = l }
                }
            }
            stateTying = tying
            numAlloStates = states
            stateTyingByMixture = byMix
            silLabel = s
            num = tying.values.max()! + 1
        } else {
            stateTying = nil
            numAlloStates = nil
            stateTyingByMixture = [:]
        }
        silenceLabelIndex = silLabel!
        numLabels = num!
    }

    /// Whether labels come from the state tying directly by raw mixture (upstream's `align_raw` path).
    public var usesStateTying: Bool { !stateTyingByMixture.isEmpty }

    /// Upstream `FileArchive.get_state`: subtracts 2^26 while the index is not a valid allophone
    /// (at most 6 states); `nil` when the mixture does not decode to an allophone.
    public func allophoneAndState(mixture: Int) -> (allophone: Int, state: Int)? {
        var mix = mixture
        var state = 0
        for s in 0..<6 {
            state = s
            if mix >= archiveAllophoneCount { mix -= Self.stateStride } else { break }
        }
        guard mix >= 0, mix < allophones.count else { return nil }
        return (mix, state)
    }

    /// The label of an allophone state (`get_label_idx`); `nil` when not in the tying / phoneme list.
    public func labelIndex(allophone: Int, state: Int) -> Int? {
        if usesStateTying { return stateTyingByMixture[allophone + state * Self.stateStride] }
        guard allophone >= 0, allophone < allophones.count, let phIdx = phonemeIndex else { return nil }
        let a = allophones[allophone]
        guard let brace = a.firstIndex(of: "{") else { return nil }
        return phIdx[String(a[..<brace])]
    }

    /// The label of a raw alignment mixture as `SprintCacheDataset` reads it: the tied state of the
    /// raw mixture with a state tying, else the phoneme of `allophoneAndState(mixture)`.
    public func label(mixture: Int) -> Int? {
        if usesStateTying { return stateTyingByMixture[mixture] }
        guard let (a, s) = allophoneAndState(mixture: mixture) else { return nil }
        return labelIndex(allophone: a, state: s)
    }
}
