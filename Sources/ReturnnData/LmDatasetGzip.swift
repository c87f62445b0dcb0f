import CZlib
import Foundation

/// Reads gzip (and zlib) compressed files for `LmDataset` corpora, as Python's `gzip.GzipFile`.
///
/// Several concatenated gzip members are read one after another (as `gzip` does); trailing zero
/// padding after the last member is ignored. Corrupt or truncated input throws `DatasetError.file`.
public enum LmDatasetGzip {
    /// Size of one inflate output block.
    static let blockSize = 1 << 16

    /// The decompressed bytes of the file at `path`.
    public static func decompress(path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.file(path: path, message: "cannot read gzipped file; check the path")
        }
        return try decompress([UInt8](data), path: path)
    }

    /// Inflates `input` (gzip or zlib stream, possibly several gzip members); `path` names it in errors.
    public static func decompress(_ input: [UInt8], path: String) throws -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(input.count * 3)
        var block = [UInt8](repeating: 0, count: blockSize)
        var stream = z_stream()
        guard czlib_inflate_init2(&stream, 15 + 32) == Z_OK else {
            throw DatasetError.file(path: path, message: "zlib could not start inflating (out of memory?)")
        }
        defer { inflateEnd(&stream) }
        var consumed = 0
        var mutableInput = input
        try mutableInput.withUnsafeMutableBufferPointer { inBuf in
            try block.withUnsafeMutableBufferPointer { outBuf in
                while consumed < inBuf.count {
                    // A new member: skip zero padding after a complete member, as Python's gzip does.
                    if consumed > 0 && inBuf[consumed...].allSatisfy({ $0 == 0 }) { return }
                    stream.next_in = inBuf.baseAddress! + consumed
                    stream.avail_in = uInt(inBuf.count - consumed)
                    var status: Int32 = Z_OK
                    repeat {
                        stream.next_out = outBuf.baseAddress!
                        stream.avail_out = uInt(outBuf.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                            let why = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                            throw DatasetError.file(path: path, message: "corrupt gzip data (\(why)); re-create the file")
                        }
                        let produced = outBuf.count - Int(stream.avail_out)
                        output.append(contentsOf: outBuf[0..<produced])
                        if status == Z_BUF_ERROR && produced == 0 {
                            throw DatasetError.file(path: path, message: "truncated gzip data (unexpected end of file); re-create the file")
                        }
                    } while status != Z_STREAM_END
                    consumed = inBuf.count - Int(stream.avail_in)
                    inflateReset(&stream)
                }
            }
        }
        return output
    }
}
