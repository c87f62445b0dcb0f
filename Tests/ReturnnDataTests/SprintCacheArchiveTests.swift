import Foundation
import Testing
@testable import ReturnnData

@Suite struct SprintCacheArchiveTests {
    static let frames: [[Float]] = [[1, -2, 3.5], [0.25, 5, -6], [7, 8, 9e-3]]
    static let frames2: [[Float]] = [[0, 1, 2], [3, 4, 5]]
    static let attribs = "<flow-attributes><flow-attribute name=\"datatype\" value=\"vector-f32\"/></flow-attributes>"

    func archive(_ dir: SprintCacheTempDir, table: Bool, compression: SprintCacheTestWriter.Compression = .none) -> String {
        let p = dir.path("feat-\(table)-\(compression).cache")
        SprintCacheTestWriter.write(p, fileTable: table, entries: [
            ("corpus/rec/1", SprintCacheTestWriter.features(Self.frames), compression),
            ("corpus/rec/1.attribs", Array(Self.attribs.utf8), .none),
            ("corpus/rec/2", SprintCacheTestWriter.features(Self.frames2), compression),
        ])
        return p
    }

    func checkContent(_ a: SprintCacheArchive) throws {
        #expect(a.fileList == ["corpus/rec/1", "corpus/rec/1.attribs", "corpus/rec/2"])
        let f = try #require(try a.readFeatures("corpus/rec/1"))
        #expect(f.dim == 3)
        #expect(f.frames == 3)
        #expect(f.values == Self.frames.flatMap { $0 })
        #expect(f.times[2] == SprintCacheFrameTime(start: 0.02, end: 0.03))
        let g = try #require(try a.readFeatures("corpus/rec/2"))
        #expect(g.values == Self.frames2.flatMap { $0 })
        #expect(try a.readString("corpus/rec/1.attribs") == Self.attribs)
    }

    @Test func readsArchiveWithFileTable() throws {
        let dir = SprintCacheTempDir()
        let a = try SprintCacheArchive(path: archive(dir, table: true))
        #expect(a.hadFileTable)
        try checkContent(a)
        #expect(a.entry(named: "corpus/rec/2")?.size == UInt32(SprintCacheTestWriter.features(Self.frames2).count))
    }

    @Test func scansArchiveWithoutFileTable() throws {
        let dir = SprintCacheTempDir()
        let a = try SprintCacheArchive(path: archive(dir, table: false))
        #expect(!a.hadFileTable)
        try checkContent(a)
    }

    @Test func readsZlibAndGzipEntries() throws {
        let dir = SprintCacheTempDir()
        for c in [SprintCacheTestWriter.Compression.zlib, .gzip] {
            for table in [true, false] {
                let a = try SprintCacheArchive(path: archive(dir, table: table, compression: c))
                #expect(a.entry(named: "corpus/rec/1")!.compressed > 0)
                try checkContent(a)
            }
        }
    }

    @Test func scanIgnoresStartTagInsidePayload() throws {
        let dir = SprintCacheTempDir()
        let tagged: [[Float]] = [[Float(bitPattern: 0xAA55_AA55), 1], [2, Float(bitPattern: 0x55AA_55AA)]]
        let p = dir.path("tags.cache")
        SprintCacheTestWriter.write(p, fileTable: false, entries: [
            ("a", SprintCacheTestWriter.features(tagged), .none), ("b", SprintCacheTestWriter.features([[3, 4]]), .none),
        ])
        let a = try SprintCacheArchive(path: p)
        #expect(a.fileList == ["a", "b"])
        #expect(try a.readFeatures("a")!.values.map(\.bitPattern) == tagged.flatMap { $0 }.map(\.bitPattern))
        #expect(try a.readFeatures("b")!.values == [3, 4])
    }

    @Test func repeatedNameKeepsFirstPositionAndLastRecord() throws {
        let dir = SprintCacheTempDir()
        let p = dir.path("dup.cache")
        SprintCacheTestWriter.write(p, fileTable: false, entries: [
            ("x", SprintCacheTestWriter.features([[1]]), .none), ("y", SprintCacheTestWriter.features([[2]]), .none),
            ("x", SprintCacheTestWriter.features([[3]]), .none),
        ])
        let a = try SprintCacheArchive(path: p)
        #expect(a.fileList == ["x", "y"])
        #expect(try a.readFeatures("x")!.values == [3])
    }

    @Test func findsEntriesByUniqueBaseName() throws {
        let dir = SprintCacheTempDir()
        let a = try SprintCacheArchive(path: archive(dir, table: true))
        #expect(try a.readFeatures("2")!.values == Self.frames2.flatMap { $0 })
        #expect(a.hasEntry("1.attribs"))
        #expect(!a.hasEntry("3"))
    }

    @Test func emptyEntryReadsAsNil() throws {
        let dir = SprintCacheTempDir()
        let p = dir.path("empty.cache")
        SprintCacheTestWriter.write(p, fileTable: true, entries: [("e", [], .none)])
        #expect(try SprintCacheArchive(path: p).readFeatures("e") == nil)
    }

    @Test func errorsNameFileAndEntry() throws {
        let dir = SprintCacheTempDir()
        let missing = dir.path("missing.cache")
        #expect { try SprintCacheArchive(path: missing) } throws: { "\($0)".contains(missing) }

        let notArchive = dir.write("text.cache", "hello world, not an archive")
        #expect { try SprintCacheArchive(path: notArchive) } throws: { "\($0)".contains("SP_ARC1") && "\($0)".contains(notArchive) }

        let good = try Data(contentsOf: URL(fileURLWithPath: archive(dir, table: true)))
        let cut = dir.path("cut.cache")
        sprintWriteFile(cut, contents: good.prefix(good.count - 20))
        #expect { try SprintCacheArchive(path: cut) } throws: { "\($0)".contains(cut) }

        var badTable = [UInt8](good)
        badTable.replaceSubrange((badTable.count - 8)..., with: le64(UInt64(badTable.count + 100)))
        let bt = dir.path("badtable.cache")
        sprintWriteFile(bt, contents: Data(badTable))
        #expect { try SprintCacheArchive(path: bt) } throws: { "\($0)".contains("file table") }

        // A feature payload whose frame count exceeds its data.
        var truncated = SprintCacheTestWriter.features([[1, 2], [3, 4]])
        truncated.replaceSubrange(14..<18, with: le32(5))
        let tp = dir.path("trunc.cache")
        SprintCacheTestWriter.write(tp, fileTable: true, entries: [("seg/1", truncated, .none)])
        #expect { try SprintCacheArchive(path: tp).readFeatures("seg/1") } throws: {
            "\($0)".contains(tp) && "\($0)".contains("seg/1") && "\($0)".contains("truncated")
        }

        // A corrupt compressed stream.
        var w = SprintCacheTestWriter(fileTable: true)
        w.add("seg/z", SprintCacheTestWriter.features([[1, 2, 3, 4]]), compression: .zlib)
        var bytes = w.finish(fileTable: true)
        let start = w.table[0].pos + 12
        for i in (start + 2)..<(start + 8) { bytes[i] ^= 0x5a }
        let zp = dir.path("corrupt.cache")
        sprintWriteFile(zp, contents: Data(bytes))
        #expect { try SprintCacheArchive(path: zp).readFeatures("seg/z") } throws: {
            "\($0)".contains(zp) && "\($0)".contains("seg/z") && "\($0)".contains("decompress")
        }

        // A feature read of an alignment entry, and an unknown entry.
        let ap = dir.path("align.cache")
        SprintCacheTestWriter.write(ap, fileTable: true, entries: [("seg/a", SprintCacheTestWriter.alignment([.run(1, 2)]), .none)])
        #expect { try SprintCacheArchive(path: ap).readFeatures("seg/a") } throws: { "\($0)".contains("vector-f32") && "\($0)".contains("seg/a") }
        #expect { try SprintCacheArchive(path: ap).readFeatures("seg/b") } throws: { "\($0)".contains("no entry 'seg/b'") }
    }

    @Test func framesOfDifferentDimsAreAnError() throws {
        let dir = SprintCacheTempDir()
        let p = dir.path("dims.cache")
        SprintCacheTestWriter.write(p, fileTable: true, entries: [("s", SprintCacheTestWriter.features([[1, 2], [3]]), .none)])
        #expect { try SprintCacheArchive(path: p).readFeatures("s") } throws: { "\($0)".contains("frame 1 has dim 1") }
    }

    /// `upstream_features.cache` from `Tests/Fixtures/sprint/make_upstream_cache.py` (upstream's writer).
    static let upstreamFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sprint/upstream_features.cache").path

    func checkUpstreamContent(_ a: SprintCacheArchive) throws {
        #expect(a.fileList == ["corpus/rec_a/1", "corpus/rec_a/1.attribs", "corpus/rec_b/2", "corpus/rec_b/2.attribs"])
        for (s, (name, frames)) in [("corpus/rec_a/1", 3), ("corpus/rec_b/2", 2)].enumerated() {
            let f = try #require(try a.readFeatures(name))
            #expect(f.dim == 4)
            #expect(f.frames == frames)
            var expected = [Float]()
            for t in 0..<frames {
                for k in 0..<4 {
                    let v = Float(100 * s + 10 * t + k)
                    expected.append(v * 0.5 - 1)
                }
            }
            #expect(f.values == expected)
            let times: [SprintCacheFrameTime] = (0..<frames).map { t in
                let start = 0.01 * Double(t)
                return SprintCacheFrameTime(start: start, end: 0.01 * Double(t + 1))
            }
            #expect(f.times == times)
        }
        let attribs = try #require(try a.readString("corpus/rec_b/2.attribs"))
        #expect(attribs.contains("name=\"sample-size\" value=\"4\""))
    }

    @Test func readsArchiveWrittenByUpstream() throws {
        let a = try SprintCacheArchive(path: Self.upstreamFixture)
        #expect(a.hadFileTable)
        try checkUpstreamContent(a)
    }

    @Test func scansArchiveWrittenByUpstreamWithoutItsTable() throws {
        // Upstream's records start at offset 9, unaligned: the scan must find tags at any offset.
        let dir = SprintCacheTempDir()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.upstreamFixture)))
        bytes[8] = 0
        let p = dir.path("notable.cache")
        sprintWriteFile(p, contents: Data(bytes))
        let a = try SprintCacheArchive(path: p)
        #expect(!a.hadFileTable)
        try checkUpstreamContent(a)
    }
}
