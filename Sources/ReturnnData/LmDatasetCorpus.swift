import Foundation

/// The lines of an `LmDataset` corpus: all files' bytes in one buffer plus each line's offset and
/// byte length (RETURNN `_orths_offsets_and_lens`), loaded as upstream `LmDataset._lazy_init`.
///
/// Plain files: lines split at `\n`, not stripped; empty lines dropped with `skipEmptyLines`; a
/// last line without a final newline is kept (upstream silently drops it). Gzipped files (`.gz`):
/// every line is stripped of ASCII whitespace first, then empty ones dropped with `skipEmptyLines`.
/// Lengths are byte lengths (used by the "sorted" orderings).
public struct LmDatasetCorpus: Sendable {
    /// Bytes of all (decompressed) files.
    public private(set) var bytes: [UInt8] = []
    /// Start of every line in `bytes`.
    public private(set) var offsets: [Int] = []
    /// Byte length of every line.
    public private(set) var lengths: [Int] = []
    /// Number of lines taken from each file.
    public private(set) var linesPerFile: [Int] = []

    /// Number of lines.
    public var count: Int { offsets.count }

    /// Reads `files` in order.
    public init(files: [String], skipEmptyLines: Bool) throws {
        for path in files {
            let before = offsets.count
            if path.hasSuffix(".gz") {
                addStripped(try LmDatasetGzip.decompress(path: path), skipEmptyLines: skipEmptyLines)
            } else {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw DatasetError.file(path: path, message: "cannot read LmDataset corpus_file; check the path")
                }
                self.addPlain([UInt8](data), skipEmptyLines: skipEmptyLines)
            }
            linesPerFile.append(offsets.count - before)
        }
    }

    mutating func addPlain(_ data: [UInt8], skipEmptyLines: Bool) {
        let base = bytes.count
        bytes.append(contentsOf: data)
        var start = 0
        let n = data.count
        data.withUnsafeBufferPointer { p in
            var i = 0
            while i < n {
                if p[i] == 0x0A {
                    if i > start || !skipEmptyLines {
                        offsets.append(base + start)
                        lengths.append(i - start)
                    }
                    start = i + 1
                }
                i += 1
            }
        }
        if start < n {
            offsets.append(base + start)
            lengths.append(n - start)
        }
    }

    static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }

    mutating func addStripped(_ data: [UInt8], skipEmptyLines: Bool) {
        var start = 0
        let n = data.count
        while start < n {
            var end = start
            while end < n && data[end] != 0x0A { end += 1 }
            var a = start
            var b = end
            while a < b && LmDatasetCorpus.isASCIISpace(data[a]) { a += 1 }
            while b > a && LmDatasetCorpus.isASCIISpace(data[b - 1]) { b -= 1 }
            if b > a || !skipEmptyLines {
                offsets.append(bytes.count)
                lengths.append(b - a)
                bytes.append(contentsOf: data[a..<b])
            }
            start = end + 1
        }
    }

    /// Bytes of line `i`.
    public func line(_ i: Int) -> ArraySlice<UInt8> {
        bytes[offsets[i]..<(offsets[i] + lengths[i])]
    }
}
