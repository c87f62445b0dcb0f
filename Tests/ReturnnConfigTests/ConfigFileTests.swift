import Foundation
import Testing
@testable import ReturnnConfig

/// `open()` and `gzip.open()` read files (vocabularies, segment lists); writing is refused.
@Suite struct ConfigFileTests {
    @Test func readTextBinaryAndGzip() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("a 0\nb 1\r\nc 2\n".utf8).write(to: dir.appendingPathComponent("vocab.txt"))
        // "hello\nworld\n" gzipped (Python: gzip.compress(b"hello\nworld\n", mtime=0))
        let gz: [UInt8] = [31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 203, 72, 205, 201, 201, 231, 42, 207, 47, 202, 73, 225, 2, 0, 255, 93, 197, 196, 12, 0, 0, 0]
        try Data(gz).write(to: dir.appendingPathComponent("l.txt.gz"))
        let d = ValueFormatting.strRepr(dir.path)
        let c = try loadPython("""
            import gzip
            d = \(d)
            with open(d + '/vocab.txt') as f:
                lines = f.read().splitlines()
            num_labels = len(lines)
            with open(d + '/vocab.txt', 'rb') as f:
                raw = f.read()[:4]
            f = open(d + '/vocab.txt')
            first = f.readline()
            rest = [l.strip() for l in f]
            f.close()
            with gzip.open(d + '/l.txt.gz', 'rt') as g:
                words = [l.strip() for l in g]
            with gzip.open(d + '/l.txt.gz') as g:
                gbytes = g.read()
            """)
        #expect(c.typed["num_labels"]?.repr == "3")
        #expect(c.typed["lines"]?.repr == "['a 0', 'b 1', 'c 2']")
        #expect(c.typed["raw"]?.repr == "b'a 0\\n'")
        #expect(c.typed["first"]?.repr == "'a 0\\n'")
        #expect(c.typed["rest"]?.repr == "['b 1', 'c 2']")
        #expect(c.typed["words"]?.repr == "['hello', 'world']")
        #expect(c.typed["gbytes"]?.repr == "b'hello\\nworld\\n'")
    }

    @Test func writingAndMissingFilesAreLocatedErrors() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.txt").path
        for mode in ["w", "a", "x", "r+", "wb"] {
            let e = configError { _ = try loadPython("\n\nf = open(\(ValueFormatting.strRepr(path)), '\(mode)')") }
            #expect(e?.message.contains("a config can write no file") == true, "\(mode): \(String(describing: e))")
            #expect(e?.location?.line == 4)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        let e = configError { _ = try loadPython("with open('/no/such/vocab') as f:\n  pass") }
        #expect(e?.message == "[Errno 2] No such file or directory: '/no/such/vocab'")
        let fallback = try loadPython("try:\n  f = open('/no/such/vocab')\nexcept IOError:\n  x = 'default'")
        #expect(fallback.typed["x"]?.repr == "'default'")
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        let closed = configError { _ = try loadPython("f = open(\(ValueFormatting.strRepr(path)))\nf.close()\nf.read()") }
        #expect(closed?.message.contains("closed file") == true)
    }
}
