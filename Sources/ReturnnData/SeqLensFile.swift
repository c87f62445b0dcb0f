import Foundation

/// Reader of `seq_order_seq_lens_file`: a Python dict literal `{'tag': length, ...}` (as written by
/// `repr(dict)`), giving the lengths used for sorting instead of the dataset's own.
public enum SeqLensFile {
    /// Reads and parses the file (plain text; gzipped files are not supported: unzip them first).
    public static func load(path: String) throws -> [String: Double] {
        if path.hasSuffix(".gz") {
            throw DatasetError.file(path: path, message: "gzipped seq_order_seq_lens_file is not supported; unzip it first")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.file(path: path, message: "cannot read seq_order_seq_lens_file; check the path")
        }
        return try parse(Array(data), path: path)
    }

    /// Parses `{'tag': 12, "other": 3.5, ...}` (single- or double-quoted keys with backslash escapes,
    /// int or float values).
    public static func parse(_ bytes: [UInt8], path: String = "<string>") throws -> [String: Double] {
        var p = 0
        func fail(_ m: String) -> DatasetError {
            DatasetError.file(path: path, message: "seq lens dict, byte \(p): \(m); expected a Python dict literal {'tag': length, ...}")
        }
        func skipSpace() { while p < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[p]) { p += 1 } }
        func expect(_ c: UInt8) throws {
            skipSpace()
            guard p < bytes.count, bytes[p] == c else { throw fail("expected '\(Character(UnicodeScalar(c)))'") }
            p += 1
        }
        func string() throws -> String {
            skipSpace()
            guard p < bytes.count, bytes[p] == 0x27 || bytes[p] == 0x22 else { throw fail("expected a quoted tag") }
            let q = bytes[p]
            p += 1
            var out = [UInt8]()
            while p < bytes.count, bytes[p] != q {
                if bytes[p] == 0x5c, p + 1 < bytes.count {
                    p += 1
                    switch bytes[p] {
                    case 0x6e: out.append(0x0a)
                    case 0x74: out.append(0x09)
                    case 0x72: out.append(0x0d)
                    case 0x78 where p + 2 < bytes.count:
                        guard let v = UInt8(String(decoding: bytes[(p + 1)...(p + 2)], as: UTF8.self), radix: 16) else {
                            throw fail("bad \\x escape")
                        }
                        out.append(contentsOf: Array(String(UnicodeScalar(v)).utf8))
                        p += 2
                    default: out.append(bytes[p])
                    }
                } else {
                    out.append(bytes[p])
                }
                p += 1
            }
            guard p < bytes.count else { throw fail("unterminated string") }
            p += 1
            return String(decoding: out, as: UTF8.self)
        }
        func number() throws -> Double {
            skipSpace()
            let start = p
            while p < bytes.count, "+-0123456789.eE".utf8.contains(bytes[p]) { p += 1 }
            guard let v = Double(String(decoding: bytes[start..<p], as: UTF8.self)) else { throw fail("expected a number") }
            return v
        }
        var res = [String: Double]()
        try expect(0x7b)
        skipSpace()
        if p < bytes.count, bytes[p] == 0x7d {
            p += 1
        } else {
            while true {
                let k = try string()
                try expect(0x3a)
                res[k] = try number()
                skipSpace()
                guard p < bytes.count else { throw fail("unterminated dict") }
                if bytes[p] == 0x2c {
                    p += 1
                    skipSpace()
                    if p < bytes.count, bytes[p] == 0x7d { p += 1; break }
                    continue
                }
                try expect(0x7d)
                break
            }
        }
        skipSpace()
        guard p == bytes.count else { throw fail("trailing content") }
        return res
    }
}
