import Testing
@testable import ReturnnTFFormats

@Suite struct SSTableTests {
    /// Keys that share long prefixes (as variable names do), in increasing order.
    static func keys(_ n: Int) -> [[UInt8]] {
        (0..<n).map { i in Array("layer\(i / 100)/rec/W_\(String(i % 100, radix: 16))_\(i)".utf8) }
            .sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test func roundTripWithManyKeysAndBlocks() throws {
        let keys = Self.keys(2000)
        var w = SSTableWriter(blockSize: 1024, restartInterval: 16)
        for (i, k) in keys.enumerated() { w.add(key: k, value: Array("value \(i)".utf8) + [UInt8](repeating: UInt8(i % 251), count: i % 7)) }
        let bytes = w.finish()
        let entries = try SSTableReader.entries(bytes, file: "t")
        #expect(entries.map(\.key) == keys)
        for (i, e) in entries.enumerated() { #expect(e.value == Array("value \(i)".utf8) + [UInt8](repeating: UInt8(i % 251), count: i % 7)) }
        // Several data blocks: the index block has one entry per data block.
        var pos = bytes.count - SSTableWriter.footerSize
        _ = SSTableBlockHandle.decode(bytes[...], at: &pos, end: bytes.count)
        let indexHandle = SSTableBlockHandle.decode(bytes[...], at: &pos, end: bytes.count)!
        let index = try SSTableReader.blockEntries(bytes[...], handle: indexHandle, limit: bytes.count - 48, file: "t", what: "index")
        #expect(index.count > 20)
        // Index keys separate the blocks: >= the last key of their block, < the first of the next.
        var p0 = index[0].value.startIndex
        let first = SSTableBlockHandle.decode(index[0].value[...], at: &p0, end: index[0].value.endIndex)!
        #expect(first.offset == 0)
    }

    @Test func blockRestartPoints() throws {
        var b = SSTableBlockBuilder(restartInterval: 4)
        let keys = Self.keys(10)
        for k in keys { b.add(key: k, value: [1]) }
        let block = b.finish()
        let n = Int(ByteCoding.fixed32(block[...], at: block.count - 4))
        #expect(n == 3)  // entries 0, 4, 8
        let parsed = try SSTableReader.parseBlock(block[...], at: "b")
        #expect(parsed.map(\.key) == keys)
        // A restart entry stores its whole key (shared = 0).
        let r1 = Int(ByteCoding.fixed32(block[...], at: block.count - 4 - 4 * n + 4))
        #expect(block[r1] == 0)
        #expect(b.isEmpty)
    }

    @Test func emptyTable() throws {
        var w = SSTableWriter()
        let bytes = w.finish()
        #expect(try SSTableReader.entries(bytes, file: "e").isEmpty)
        #expect(bytes.count == 13 + 13 + 48)
    }

    @Test func shortKeysLikeLevelDB() {
        func s(_ a: String, _ b: String) -> String { String(decoding: SSTableWriter.shortestSeparator(Array(a.utf8), Array(b.utf8)), as: UTF8.self) }
        #expect(s("abc1", "abc9") == "abc2")
        #expect(s("abc1", "abc2") == "abc1")  // no byte strictly between
        #expect(s("abc", "abcd") == "abc")  // prefix
        #expect(s("a/W", "b") == "a/W")
        #expect(s("fw0/rec/W", "output/W") == "g")
        #expect(SSTableWriter.shortSuccessor(Array("sv".utf8)) == Array("t".utf8))
        #expect(SSTableWriter.shortSuccessor([0xFF, 0xFF, 3]) == [0xFF, 0xFF, 4])
        #expect(SSTableWriter.shortSuccessor([0xFF]) == [0xFF])
    }

    @Test func damagedBlockIsNamed() throws {
        var w = SSTableWriter()
        w.add(key: Array("a".utf8), value: [1, 2, 3])
        var bytes = w.finish()
        bytes[4] ^= 0x40
        #expect(throws: TFFormatError(.checksum, "x.index: data block 0 at byte 0: CRC mismatch (the file is damaged)")) {
            try SSTableReader.entries(bytes, file: "x.index")
        }
        bytes[4] ^= 0x40
        bytes[bytes.count - 1] ^= 1
        #expect(throws: TFFormatError(.format, "x.index: not an SSTable (no table magic number at the end; truncated or damaged file, or not a TensorFlow checkpoint index)")) {
            try SSTableReader.entries(bytes, file: "x.index")
        }
        #expect(throws: TFFormatError(.format, "x.index: 10 bytes, too short for an SSTable (the footer alone is 48 bytes; truncated file?)")) {
            try SSTableReader.entries([UInt8](repeating: 0, count: 10), file: "x.index")
        }
    }

    @Test func snappyBlockGivesAClearError() throws {
        var w = SSTableWriter()
        w.add(key: Array("a".utf8), value: [1])
        var bytes = w.finish()
        // Mark the data block as Snappy-compressed (type 1) and fix its CRC.
        var pos = bytes.count - 48
        _ = SSTableBlockHandle.decode(bytes[...], at: &pos, end: bytes.count)
        let index = SSTableBlockHandle.decode(bytes[...], at: &pos, end: bytes.count)!
        let ie = try SSTableReader.blockEntries(bytes[...], handle: index, limit: bytes.count - 48, file: "s", what: "index")
        var p = ie[0].value.startIndex
        let h = SSTableBlockHandle.decode(ie[0].value[...], at: &p, end: ie[0].value.endIndex)!
        let end = Int(h.offset + h.size)
        bytes[end] = 1
        let crc = CRC32C.mask(CRC32C.checksum(bytes[Int(h.offset)...end]))
        for k in 0..<4 { bytes[end + 1 + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
        #expect(throws: TFFormatError(.unsupported, "s: data block 0 at byte 0 is Snappy-compressed, which this reader does not support (TensorFlow writes checkpoint indexes uncompressed; re-save the checkpoint with TensorFlow)")) {
            try SSTableReader.entries(bytes, file: "s")
        }
    }
}
