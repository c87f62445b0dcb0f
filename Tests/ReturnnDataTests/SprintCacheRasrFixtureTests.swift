import Foundation
import Testing
@testable import ReturnnData

/// Reads the `rasr_*` fixtures that `Tests/Fixtures/sprint/make_rasr_caches.py` writes byte by
/// byte as RASR's C++ writer does (and cross-checks with upstream RETURNN). The value formulas
/// are the script's.
@Suite struct SprintCacheRasrFixtureTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sprint").path
    static func fixture(_ name: String) -> String { "\(dir)/\(name)" }
    static let s = UInt32(1 << 26)
    static let segments = [("corpus/rec_a/1", 5), ("corpus/rec_b/2", 4), ("corpus/rec_c/3", 6)]

    func checkFeatures(_ f: SprintCacheFeatures?, segment s: Int) throws {
        let f = try #require(f)
        let frames = Self.segments[s].1
        #expect(f.type == .f32)
        #expect(f.dim == 3)
        var want = [Float]()
        for t in 0..<frames { for k in 0..<3 { want.append(Float(100 * s + 10 * t + k) * 0.25 - 2) } }
        #expect(f.values == want)
        let times: [SprintCacheFrameTime] = (0..<frames).map { t in
            let start: Double = 0.01 * Double(t)
            return SprintCacheFrameTime(start: start, end: 0.01 * Double(t + 1))
        }
        #expect(f.times == times)
    }

    @Test func compressedFlowCacheWithOverwrittenEntry() throws {
        let a = try SprintCacheArchive(path: Self.fixture("rasr_features_gzip.cache"))
        #expect(a.hadFileTable)
        #expect(a.fileList == ["corpus/rec_a/1.attribs", "corpus/rec_a/1", "corpus/rec_b/2.attribs", "corpus/rec_b/2"])
        #expect(a.entries.allSatisfy { $0.compressed > 0 })
        try checkFeatures(a.readFeatures("corpus/rec_a/1"), segment: 0)
        try checkFeatures(a.readFeatures("corpus/rec_b/2"), segment: 1)
        #expect(try a.readString("corpus/rec_b/2.attribs")?.contains("<flow-attribute name=\"datatype\" value=\"vector-f32\"/>") == true)
    }

    @Test func recoveryScanSkipsFreedBlocks() throws {
        // The same archive read as RASR reads it while being rewritten (flag 0): the scan meets the
        // blocks freed by the overwrite (nameless records) and must not list them.
        let tmp = SprintCacheTempDir()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.fixture("rasr_features_gzip.cache"))))
        bytes[8] = 0
        let p = tmp.path("scan.cache")
        sprintWriteFile(p, contents: Data(bytes))
        let a = try SprintCacheArchive(path: p)
        #expect(!a.hadFileTable)
        #expect(a.fileList == ["corpus/rec_a/1.attribs", "corpus/rec_a/1", "corpus/rec_b/2.attribs", "corpus/rec_b/2"])
        try checkFeatures(a.readFeatures("corpus/rec_b/2"), segment: 1)
    }

    @Test func bundleWithRelativePathsAndUnfinishedArchive() throws {
        let b = try SprintCacheBundle(path: Self.fixture("rasr_features.bundle"))
        #expect(b.archives.map(\.hadFileTable) == [true, false])
        #expect(b.archives[1].path.hasSuffix("/sub/rasr_features_part2.cache"))
        #expect(b.fileList == Self.segments.flatMap { [$0.0 + ".attribs", $0.0] })
        for s in 0..<3 { try checkFeatures(b.readFeatures(Self.segments[s].0), segment: s) }
    }

    @Test func f64AndS16VectorsInGatheredBlocks() throws {
        let a = try SprintCacheArchive(path: Self.fixture("rasr_features_f64.cache"))
        let f = try #require(try a.readFeatures("f64/1"))
        #expect(f.type == .f64)
        #expect(f.dim == 2)
        #expect(f.frames == 7)  // three blocks of 3, 3 and 1 frames
        var want = [Float]()
        for t in 0..<7 { for k in 0..<2 { want.append(Float(Double(10 * t + k) / 3)) } }
        #expect(f.values == want)
        #expect(f.times[6] == SprintCacheFrameTime(start: 0.06, end: 0.07))
        let g = try #require(try a.readFeatures("s16/1"))
        #expect(g.type == .s16)
        #expect(g.values == [0, -1, -2, 1000, 999, 998])
    }

    @Test func alignmentsOfAllThreeMagics() throws {
        let a = try SprintCacheArchive(path: Self.fixture("rasr_alignments.cache"))
        #expect(a.entries.allSatisfy { $0.compressed > 0 })
        let s = Self.s
        let rle = try #require(try a.readAlignment("corpus/rec_a/1"))
        #expect(rle.labelType == .allophoneState)
        #expect(rle.items.map(\.emission) == [0, 0, 1 + s, 1 + 2 * s, 0])
        #expect(rle.items.map(\.time) == Array(0..<5))
        #expect(rle.time == SprintCacheFrameTime(start: 0, end: 0.05))
        let alpha = try #require(try a.readAlignment("corpus/rec_b/2"))
        #expect(alpha.items.map(\.emission) == [2, 2 + s, 3, 3 + 2 * s])
        #expect(alpha.alphabet == [0: "si{#+#}@i@f.0", 1: "a{#+#}.0", 2: "a{si+b}@i.0", 3: "b{a+#}@f.0"])
        let emi = try #require(try a.readAlignment("corpus/rec_c/3"))
        #expect(emi.labelType == .emission)
        #expect(emi.items.map(\.emission) == [0, 1, 1, 4, 5, 0])
    }

    @Test func longRunsTimeJumpsAndWeightedAlignments() throws {
        let a = try SprintCacheArchive(path: Self.fixture("rasr_alignments_extra.cache"))
        let long = try #require(try a.readAlignment("long/1"))
        let ids: [UInt32] = Array(repeating: 5, count: 130) + [6, 7, 8] + Array(repeating: 9, count: 40)
        let want = ids.enumerated().map { ($0.offset, $0.element) } + (0..<127).map { (200 + $0, UInt32(10 + $0 % 3)) }
        #expect(long.items.map(\.time) == want.map(\.0))
        #expect(long.items.map(\.emission) == want.map(\.1))
        let w1 = try #require(try a.readAlignment("weighted/1"))
        #expect(w1.items == [.init(time: 0, emission: 1, weight: 1), .init(time: 1, emission: 2, weight: 0.5), .init(time: 2, emission: 3, weight: 0.25)])
        let w2 = try #require(try a.readAlignment("weighted/2"))
        #expect(w2.items == [.init(time: 0, emission: 1, weight: 0.75), .init(time: 0, emission: 2, weight: 0.25),
                             .init(time: 1, emission: 300, weight: 1), .init(time: 5, emission: 70000, weight: 0.5)])
    }

    @Test func emptyArchive() throws {
        let a = try SprintCacheArchive(path: Self.fixture("rasr_empty.cache"))
        #expect(a.hadFileTable)
        #expect(a.fileList.isEmpty)
    }

    @Test func datasetOverRasrCaches() throws {
        let labeling = try AllophoneLabeling(silencePhone: "si", allophoneFile: Self.fixture("rasr_allophones"),
                                             stateTyingFile: Self.fixture("rasr_state_tying"))
        let ds = try SprintCacheDataset(data: [
            "data": SprintCacheDatasetSource(filename: Self.fixture("rasr_features.bundle")),
            "classes": SprintCacheDatasetSource(filename: Self.fixture("rasr_alignments.cache"), allophoneLabeling: labeling),
        ], options: DatasetOptions(name: "train"))
        try ds.initSeqOrder(epoch: 1)
        #expect(try ds.allTags() == Self.segments.map(\.0))
        let labels: [[Int8]] = [[0, 0, 2, 3, 0], [1, 2, 4, 5], [0, 1, 1, 4, 5, 0]]
        for i in 0..<3 {
            #expect(try ds.data(i, key: "classes") == SeqData(.int8(labels[i]), shape: [labels[i].count]))
            #expect(try ds.data(i, key: "data").shape == [Self.segments[i].1, 3])
        }
        // Emission ids need a state tying: a phoneme labeling cannot interpret them.
        let tmp = SprintCacheTempDir()
        let phonemes = tmp.write("phonemes", "si\na\nb\n")
        let byPhoneme = try AllophoneLabeling(silencePhone: "si", allophoneFile: Self.fixture("rasr_allophones"), phonemeFile: phonemes)
        let ds2 = try SprintCacheDataset(data: [
            "data": SprintCacheDatasetSource(filename: Self.fixture("rasr_features.bundle")),
            "classes": SprintCacheDatasetSource(filename: Self.fixture("rasr_alignments.cache"), allophoneLabeling: byPhoneme),
        ], options: DatasetOptions(name: "train"))
        try ds2.initSeqOrder(epoch: 1)
        #expect { try ds2.data(2, key: "classes") } throws: { "\($0)".contains("ALIGNEMI") && "\($0)".contains("corpus/rec_c/3") }
    }

    @Test func corruptCachesNameFileAndEntry() throws {
        let tmp = SprintCacheTempDir()
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.fixture("rasr_features_gzip.cache"))))
        func write(_ name: String, _ bytes: [UInt8]) -> String {
            let p = tmp.path(name)
            sprintWriteFile(p, contents: Data(bytes))
            return p
        }
        let cut = write("cut.cache", Array(good.prefix(good.count / 2)))
        #expect { try SprintCacheArchive(path: cut) } throws: { "\($0)".contains(cut) && "\($0)".contains("truncated") }
        let empty = write("empty.cache", [])
        #expect { try SprintCacheArchive(path: empty) } throws: { "\($0)".contains(empty) && "\($0)".contains("empty file") }
        var magic = good
        magic[3] = UInt8(ascii: "X")
        let bad = write("magic.cache", magic)
        #expect { try SprintCacheArchive(path: bad) } throws: { "\($0)".contains(bad) && "\($0)".contains("SP_ARC1") }

        let pos = Int(try SprintCacheArchive(path: Self.fixture("rasr_features_gzip.cache")).entry(named: "corpus/rec_b/2")!.pos)
        var stream = good
        for i in (pos + 12 + 12)..<(pos + 12 + 20) { stream[i] ^= 0x5a }  // inside the deflate data
        let z = write("zlib.cache", stream)
        #expect { try SprintCacheArchive(path: z).readFeatures("corpus/rec_b/2") } throws: {
            "\($0)".contains(z) && "\($0)".contains("corpus/rec_b/2") && "\($0)".contains("decompress")
        }
        var size = good
        size[pos] &+= 1  // the record's uncompressed size no longer matches the stream
        let sz = write("size.cache", size)
        #expect { try SprintCacheArchive(path: sz).readFeatures("corpus/rec_b/2") } throws: {
            "\($0)".contains(sz) && "\($0)".contains("corpus/rec_b/2") && "\($0)".contains("decompressed to")
        }

        let b = try SprintCacheBundle(path: Self.fixture("rasr_features.bundle"))
        #expect { try b.readFeatures("corpus/rec_z/9") } throws: {
            "\($0)".contains("rasr_features.bundle") && "\($0)".contains("corpus/rec_z/9")
        }
        let dangling = tmp.write("dangling.bundle", "\(Self.fixture("rasr_empty.cache"))\nmissing.cache\n")
        #expect { try SprintCacheBundle(path: dangling) } throws: {
            "\($0)".contains("missing.cache") && "\($0)".contains("listed in Sprint cache bundle \(dangling)")
        }
        let loop = tmp.write("loop.bundle", "loop.bundle\n")
        #expect { try SprintCacheBundle(path: loop) } throws: { "\($0)".contains("includes itself") }
    }

    @Test func nestedBundleAndWorkingDirectoryFallback() throws {
        let tmp = SprintCacheTempDir()
        _ = tmp.write("inner.bundle", "\(Self.fixture("rasr_features_gzip.cache"))\n")
        let outer = tmp.write("outer.bundle", "inner.bundle \(Self.fixture("sub/rasr_features_part2.cache"))")
        #expect(try SprintCacheBundle(path: outer).fileList.count == 6)
        // A relative path that is not beside the bundle but exists from the working directory (RASR).
        let cwd = FileManager.default.currentDirectoryPath
        let rel = Self.fixture("rasr_empty.cache").hasPrefix(cwd + "/") ? String(Self.fixture("rasr_empty.cache").dropFirst(cwd.count + 1)) : nil
        #expect(rel != nil, "swift test runs in the package root, which holds the fixtures")
        if let rel {
            let b = tmp.write("cwd.bundle", rel + "\n")
            #expect(try SprintCacheBundle(path: b).archives.first?.path == rel)
        }
    }
}
