import Foundation
import Testing
@testable import ReturnnData

@Suite struct SprintCacheBundleTests {
    @Test func bundleResolvesRelativeAndAbsolutePaths() throws {
        let dir = SprintCacheTempDir()
        try FileManager.default.createDirectory(atPath: dir.path("sub"), withIntermediateDirectories: true)
        SprintCacheTestWriter.write(dir.path("sub/a.cache"), fileTable: true, entries: [
            ("s/1", SprintCacheTestWriter.features([[1, 2]]), .none), ("s/1.attribs", Array("<x/>".utf8), .none),
            ("s/2", SprintCacheTestWriter.features([[3, 4]]), .zlib),
        ])
        SprintCacheTestWriter.write(dir.path("b.cache"), fileTable: false, entries: [
            ("s/3", SprintCacheTestWriter.features([[5, 6]]), .gzip), ("s/2", SprintCacheTestWriter.features([[7, 8]]), .none),
        ])
        let bundle = dir.write("all.bundle", "sub/a.cache\n\n\(dir.path("b.cache"))\nsub/a.cache\n")
        let b = try SprintCacheBundle(path: bundle)
        #expect(b.archives.count == 2)
        #expect(b.fileList == ["s/1", "s/1.attribs", "s/2", "s/3"])
        #expect(try b.readFeatures("s/1")!.values == [1, 2])
        #expect(try b.readFeatures("s/2")!.values == [7, 8])  // the later archive wins
        #expect(try b.readFeatures("3")!.values == [5, 6])
        #expect(try b.readString("s/1.attribs") == "<x/>")
        #expect { try b.readFeatures("s/9") } throws: { "\($0)".contains("s/9") && "\($0)".contains(bundle) }
    }

    @Test func singleArchivePath() throws {
        let dir = SprintCacheTempDir()
        let p = dir.path("one.cache")
        SprintCacheTestWriter.write(p, fileTable: true, entries: [("x", SprintCacheTestWriter.features([[1]]), .none)])
        let b = try SprintCacheBundle(path: p)
        #expect(b.fileList == ["x"])
        #expect(b.entry(named: "x")?.name == "x")
    }

    @Test func missingFilesAreNamed() throws {
        let dir = SprintCacheTempDir()
        let missingBundle = dir.path("none.bundle")
        #expect { try SprintCacheBundle(path: missingBundle) } throws: { "\($0)".contains(missingBundle) }
        let bundle = dir.write("x.bundle", "gone.cache\n")
        #expect { try SprintCacheBundle(path: bundle) } throws: { "\($0)".contains("gone.cache") }
        let empty = dir.write("e.bundle", "\n\n")
        #expect { try SprintCacheBundle(path: empty) } throws: { "\($0)".contains("lists no archives") }
    }
}
