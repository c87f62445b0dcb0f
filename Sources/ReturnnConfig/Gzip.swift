import CZlib
import Foundation

/// Reads gzip (and zlib) compressed bytes, as Python's `gzip.GzipFile`: several concatenated gzip
/// members are read one after another, trailing zero padding after the last member is ignored.
/// Used by `gzip.open` in configs and by datasets that read gzipped corpora; `compress` writes one
/// gzip member as Python's `gzip.open(path, "wt")` does (level 9), for `.gz` output files.
public enum Gzip {
    /// Why inflating failed.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong and what to do.
        public let description: String
    }

    /// Size of one inflate output block.
    static let blockSize = 1 << 16

    /// Inflates `input` (gzip or zlib stream, possibly several gzip members).
    public static func decompress(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(input.count * 3)
        var block = [UInt8](repeating: 0, count: blockSize)
        var stream = z_stream()
        guard czlib_inflate_init2(&stream, 15 + 32) == Z_OK else {
            throw Failure(description: "zlib could not start inflating (out of memory?)")
        }
        defer { inflateEnd(&stream) }
        var consumed = 0
        var mutableInput = input
        var failure: Failure?
        mutableInput.withUnsafeMutableBufferPointer { inBuf in
            block.withUnsafeMutableBufferPointer { outBuf in
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
                            failure = Failure(description: "corrupt gzip data (\(why)); re-create the file")
                            return
                        }
                        let produced = outBuf.count - Int(stream.avail_out)
                        output.append(contentsOf: outBuf[0..<produced])
                        if status == Z_BUF_ERROR && produced == 0 {
                            failure = Failure(description: "truncated gzip data (unexpected end of file); re-create the file")
                            return
                        }
                    } while status != Z_STREAM_END
                    consumed = inBuf.count - Int(stream.avail_in)
                    inflateReset(&stream)
                }
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Deflates `input` into one gzip member (zlib's header: no file name, mtime 0), compression
    /// level 9 as Python's `gzip.open` default.
    public static func compress(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard czlib_deflate_init2(&stream, 9, 15 + 16) == Z_OK else {
            throw Failure(description: "zlib could not start deflating (out of memory?)")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8]()
        var block = [UInt8](repeating: 0, count: blockSize)
        var mutableInput = input
        var status: Int32 = Z_OK
        mutableInput.withUnsafeMutableBufferPointer { inBuf in
            block.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                repeat {
                    stream.next_out = outBuf.baseAddress!
                    stream.avail_out = uInt(outBuf.count)
                    status = deflate(&stream, Z_FINISH)
                    output.append(contentsOf: outBuf[0..<(outBuf.count - Int(stream.avail_out))])
                } while status == Z_OK || (status == Z_BUF_ERROR && stream.avail_out == 0)
            }
        }
        guard status == Z_STREAM_END else { throw Failure(description: "zlib could not deflate (error \(status))") }
        return output
    }
}
