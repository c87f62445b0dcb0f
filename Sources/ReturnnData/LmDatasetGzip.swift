import Foundation
import ReturnnConfig

/// Reads gzip (and zlib) compressed files for `LmDataset` corpora (through `Gzip`); corrupt or
/// truncated input throws `DatasetError.file` naming the file.
public enum LmDatasetGzip {
    /// The decompressed bytes of the file at `path`.
    public static func decompress(path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.file(path: path, message: "cannot read gzipped file; check the path")
        }
        return try decompress([UInt8](data), path: path)
    }

    /// Inflates `input` (gzip or zlib stream, possibly several gzip members); `path` names it in errors.
    public static func decompress(_ input: [UInt8], path: String) throws -> [UInt8] {
        do { return try Gzip.decompress(input) } catch { throw DatasetError.file(path: path, message: error.description) }
    }
}
