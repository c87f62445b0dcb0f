import Foundation
import Testing
@testable import ReturnnData

/// The reader on a file written by upstream RETURNN's own SimpleHDFWriter
/// (`scripts/hdf/make_upstream_writer_fixture.py`, returnn 1.20261022.211313).
@Suite struct HDFUpstreamFixtureTests {
    @Test func readsUpstreamSimpleHDFWriterOutput() throws {
        let file = try HDFDatasetFile(path: hdfFixture("upstream_simple_writer.hdf"))
        #expect(file.numSeqs == 4)
        #expect(file.dataKeys == ["data", "classes"] && file.targetKeys == ["classes"])
        #expect(try file.allTags() == ["seq-0", "seq-1", "seq-2", "seq-3"])
        let data = try file.info("data")
        #expect(data.dtype == .float32 && data.dim == 3 && !data.isSparse && data.dataShape == [3])
        let classes = try file.info("classes")
        #expect(classes.dtype == .int32 && classes.dim == 5 && classes.ndim == 1 && classes.isSparse)
        #expect(file.labels["classes"] == ["a", "b", "c", "d", "e"])
        let lens = [2, 3, 0, 4]
        #expect(try (0..<4).map { try file.seqLength($0, key: "data") } == lens)
        // Upstream's writer stores extras padded to the batch's time axis when no per-key
        // lengths are given: batch 1 has max length 3, batch 2 max length 4.
        let classLens = [3, 3, 4, 4]
        #expect(try (0..<4).map { try file.seqLength($0, key: "classes") } == classLens)
        for seq in 0..<4 {
            let expected = (0..<lens[seq]).flatMap { t in (0..<3).map { d in Float(100 * seq + 10 * t + d) } }
            #expect(try file.read(seq: seq, key: "data", as: Float.self) == expected, "seq \(seq)")
            let cls = try file.read(seq: seq, key: "classes", as: Int32.self)
            // Valid frames follow the formula; padded ones are 0 as the writer stored them.
            for t in 0..<classLens[seq] {
                #expect(cls[t] == (t < lens[seq] ? Int32((seq + t) % 5) : 0), "seq \(seq) frame \(t)")
            }
        }
    }
}
