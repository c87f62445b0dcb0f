import Foundation
import ReturnnConfig

/// The `search_output_file` of the `search` task, written as RETURNN's `Engine.search` does:
/// entries are collected per corpus sequence index and written at the end, in index order.
///
/// - format `"txt"` (`search_output_file_format`, the default): one line per sequence, the
///   entry's `str()` (the hypothesis text, or `[(score, 'text'), ...]` for an n-best list);
///   only one output layer.
/// - format `"py"`: a Python dict literal, `{\n'<seq tag>': <better_repr(entry)>,\n...}\n`, read
///   back by i6_core's search jobs and RETURNN's `TextDictDataset`.
/// - a path ending in `.gz` is gzip-compressed.
///
/// The file appears atomically in `finish()` (temporary file, fsync, rename); nothing is written
/// before, and a failed write leaves no temporary file. Like upstream, the file must not exist
/// yet, and the corpus indices must be `0..<n` without gaps.
///
/// ```swift
/// let out = try SearchOutputFile(path: "search.py.gz", format: .py)
/// try out.append(seqTag: "corpus/rec1/1", corpusSeqIndex: 0, entry: .nBest([.init(score: -1.25, text: "hello world")]))
/// try out.finish()
/// ```
public final class SearchOutputFile {
    /// `search_output_file_format`.
    public enum Format: String, Sendable {
        /// One line per sequence.
        case txt
        /// A Python dict literal from seq tag to entry.
        case py
    }

    /// Where the file goes.
    public let path: String
    /// How it is written.
    public let format: Format
    private var entries: [Int: (tag: String, entry: SearchOutputEntry)] = [:]

    /// Prepares the file (writes nothing yet). Throws when `path` exists already.
    public init(path: String, format: Format) throws {
        if FileManager.default.fileExists(atPath: path) {
            throw EngineError("search_output_file '\(path)' exists already; remove it or choose another file name " +
                              "(the search does not overwrite it)")
        }
        self.path = path
        self.format = format
    }

    /// Reads `search_output_file_format` ("txt" or "py").
    public static func format(named name: String) throws -> Format {
        guard let f = Format(rawValue: name) else {
            throw EngineError("search_output_file_format must be \"txt\" or \"py\", got '\(name)'")
        }
        return f
    }

    /// Records the entry of one sequence; `corpusSeqIndex` (the dataset's corpus sequence index)
    /// gives its place in the file.
    public func append(seqTag: String, corpusSeqIndex: Int, entry: SearchOutputEntry) throws {
        if case .layers = entry, format == .txt {
            throw EngineError("search_output_file_format \"txt\" holds one output layer only; with several search_output_layer " +
                              "names set search_output_file_format = \"py\"")
        }
        if let old = entries[corpusSeqIndex] {
            throw EngineError("search output: corpus sequence index \(corpusSeqIndex) came twice (seq tags '\(old.tag)' and " +
                              "'\(seqTag)'); the dataset must give each sequence once")
        }
        entries[corpusSeqIndex] = (seqTag, entry)
    }

    /// The number of sequences recorded.
    public var count: Int { entries.count }

    /// The complete file text (before compression).
    public func text() throws -> String {
        guard !entries.isEmpty else {
            throw EngineError("search output: no sequence was searched, so there is nothing to write to '\(path)'; check the dataset")
        }
        if let gap = (0..<entries.count).first(where: { entries[$0] == nil }) {
            throw EngineError("search output: corpus sequence index \(gap) is missing (\(entries.count) sequences, indices " +
                              "\(entries.keys.min()!)...\(entries.keys.max()!)); search the whole dataset (no partition or " +
                              "seq_list) to write '\(path)'")
        }
        var out = format == .py ? "{\n" : ""
        for i in 0..<entries.count {
            let (tag, entry) = entries[i]!
            switch format {
            case .txt: out += entry.str! + "\n"
            case .py: out += PythonRepr.string(tag) + ": " + entry.betterRepr + ",\n"
            }
        }
        if format == .py { out += "}\n" }
        return out
    }

    /// Writes the file (gzip-compressed for a `.gz` path), atomically.
    public func finish() throws {
        var bytes = Array(try text().utf8)
        if path.hasSuffix(".gz") {
            do { bytes = try Gzip.compress(bytes) } catch { throw EngineError("search output '\(path)': \(error)") }
        }
        try SafetensorsAtomicWrite.write(path: path, chunks: [bytes])
    }
}
