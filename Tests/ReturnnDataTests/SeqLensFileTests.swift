import Foundation
import Testing

@testable import ReturnnData

@Test func seqLensFileParsesPythonReprAndDrivesSorting() throws {
    #expect(try SeqLensFile.parse(Array("{'seq-0': 3, \"it's\": 2.5, 'a\\\\b': -1,}".utf8)) == ["seq-0": 3, "it's": 2.5, "a\\b": -1])
    #expect(try SeqLensFile.parse(Array(" {} \n".utf8)).isEmpty)
    for bad in ["{'a' 1}", "{'a': x}", "['a', 1]", "{'a': 1", "{'a': 1} extra"] {
        #expect(throws: DatasetError.self) { try SeqLensFile.parse(Array(bad.utf8)) }
    }
    // test_get_seq_len_as_array: laplace:.100 over 3023 seqs with lengths from a repr'd dict file.
    var rnd = try NumpyRandomState(seed: 42)
    let lens = rnd.randint(1, 23, count: 3023)
    let text = "{" + lens.enumerated().map { "'seq-\($0.offset)': \($0.element)" }.joined(separator: ", ") + "}\n"
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("seqlens-\(UUID().uuidString).txt")
    try text.write(to: url, atomically: false, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    var opts = try DatasetOptions(seqOrdering: try SeqOrdering(parsing: "laplace:.100"))
    let direct = try opts.seqOrder(epoch: 1, numSeqs: 3023, seqLength: { lens[$0] }, allTags: nil)
    try opts.setSeqOrderSeqLensFile(url.path)
    let tags = (0..<3023).map { "seq-\($0)" }
    #expect(try opts.seqOrder(epoch: 1, numSeqs: 3023, seqLength: nil, allTags: { tags }) == direct)
    #expect(throws: DatasetError.self) { try opts.seqOrder(epoch: 1, numSeqs: 3023, seqLength: nil, allTags: nil) }
    #expect(throws: DatasetError.self) { try opts.seqOrder(epoch: 1, numSeqs: 3024, seqLength: nil, allTags: { tags + ["x"] }) }
    #expect(throws: DatasetError.self) { try SeqLensFile.load(path: url.path + ".missing") }
}
