import CZlib

/// zlib/gzip decompression of compressed Sprint cache entries (upstream `zlib.decompress(data, 15 + 32)`).
enum SprintCacheInflate {
    /// Inflates a complete zlib or gzip stream `input` whose uncompressed size is expected to be
    /// `expectedSize` (a hint for the first buffer; the result may be longer). Throws with `what`
    /// (file and entry) in the message for corrupt or truncated streams.
    static func inflate(_ input: [UInt8], expectedSize: Int, path: String, what: String) throws -> [UInt8] {
        var stream = z_stream()
        guard czlib_inflate_init2(&stream, 15 + 32) == Z_OK else {
            throw DatasetError.file(path: path, message: "\(what): zlib inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Swift.max(expectedSize, 64))
        var produced = 0
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = UInt32(inBuf.count)
            while true {
                if produced == out.count { out.append(contentsOf: [UInt8](repeating: 0, count: out.count)) }
                let r: Int32 = out.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress! + produced
                    stream.avail_out = UInt32(outBuf.count - produced)
                    let r = CZlib.inflate(&stream, Z_NO_FLUSH)
                    produced = outBuf.count - Int(stream.avail_out)
                    return r
                }
                if r == Z_STREAM_END { return r }
                if r == Z_OK { continue }
                if r == Z_BUF_ERROR && stream.avail_out > 0 { return Z_DATA_ERROR }  // input ended early
                if r == Z_BUF_ERROR { continue }
                return r
            }
        }
        guard status == Z_STREAM_END else {
            let reason = stream.msg.map { String(cString: $0) } ?? (status == Z_DATA_ERROR ? "truncated or corrupt stream" : "zlib error \(status)")
            throw DatasetError.file(path: path, message: "\(what): cannot decompress (\(reason))")
        }
        out.removeSubrange(produced...)
        return out
    }
}
