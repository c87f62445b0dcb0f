import Testing

@testable import ReturnnData

@Test func lmDatasetVocabularySplitLines() {
    #expect(LmDatasetVocabulary.splitLines("a\nb\r\nc\rd\u{2028}e\n") == ["a", "b", "c", "d", "e"])
    #expect(LmDatasetVocabulary.splitLines("a\n\n b") == ["a", "", " b"])
    #expect(LmDatasetVocabulary.splitLines("") == [])
}

@Test func lmDatasetVocabularyDictLiteral() throws {
    let dir = try LmTempDir()
    let path = try dir.write("v.dict", "{'[END]': 0, 'it\\'s': 2, \"\\u00e9\": 1, 'tab\\t': 3,}\n")
    let v = try LmDatasetVocabulary.symbolsMapFile(path)
    #expect(v.labels == ["[END]", "é", "it's", "tab\t"])
    #expect(v.symbolToIndex["it's"] == 2)
    let dup = try dir.write("d.dict", "{'a': 5, 'b': 0, 'a': 1}")
    #expect(try LmDatasetVocabulary.symbolsMapFile(dup).labels == ["b", "a"])
    let broken = try dir.write("b.dict", "{'a': 0, 'b': }")
    #expect(throws: DatasetError.self) { try LmDatasetVocabulary.symbolsMapFile(broken) }
    let notInt = try dir.write("n.map", "a 0\nb x\n")
    #expect(throws: DatasetError.self) { try LmDatasetVocabulary.symbolsMapFile(notInt) }
    #expect(throws: DatasetError.self) { try LmDatasetVocabulary.symbolsMapFile(dir.url.appendingPathComponent("v.pkl").path) }
}
