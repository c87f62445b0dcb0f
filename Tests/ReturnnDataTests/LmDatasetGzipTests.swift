import Foundation
import Testing

@testable import ReturnnData

@Test func lmDatasetGzipReadsPythonGzip() throws {
    // hello.txt.gz was written by Python's gzip module (make_lm_fixtures.py).
    let text = try LmDatasetGzip.decompress(path: lmFixture("hello.txt.gz"))
    #expect(String(decoding: text, as: UTF8.self) == "Hello world\nNext line\n")
    // Two members, concatenated, and trailing zero padding.
    var two = [UInt8](try Data(contentsOf: URL(fileURLWithPath: lmFixture("next_world.txt.gz"))))
    #expect(String(decoding: try LmDatasetGzip.decompress(two, path: "x"), as: UTF8.self) == "Next world\n\n  Next world  \n")
    two += [0, 0, 0, 0]
    #expect(try LmDatasetGzip.decompress(two, path: "x").count == 27)
}

@Test func lmDatasetGzipErrors() throws {
    let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: lmFixture("hello.txt.gz"))))
    #expect(throws: DatasetError.self) { try LmDatasetGzip.decompress(Array(good.prefix(good.count - 12)), path: "t.gz") }
    var corrupt = good
    corrupt[corrupt.count - 6] ^= 0xFF  // the CRC-32 of the member
    #expect(throws: DatasetError.self) { try LmDatasetGzip.decompress(corrupt, path: "c.gz") }
    #expect(throws: DatasetError.self) { try LmDatasetGzip.decompress(path: "/nonexistent/x.gz") }
}
