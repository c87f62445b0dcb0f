import Testing

@testable import ReturnnData

@Test func orthographyParseIntoSymbols() {
    let s = Array("hello [HESITATION] there ".unicodeScalars)
    #expect(Orthography.parseIntoSymbols(s) == "hello ".map(String.init) + ["[HESITATION]"] + " there ".map(String.init))
    #expect(Orthography.parseIntoSymbols(s, wordBased: true) == ["hello", "[HESITATION]", "there", ""])
    #expect(Orthography.parseIntoSymbols(Array("a [noise] b".unicodeScalars), wordBased: true) == ["a", "[NOISE]", "b"])
    #expect(Orthography.parseIntoSymbols(Array("[a[b]c]".unicodeScalars)) == ["[A[B]C]"])
    // Code points, not grapheme clusters: a combining accent is its own symbol.
    #expect(Orthography.parseIntoSymbols(Array("e\u{301}".unicodeScalars)).count == 2)
}

@Test func orthographyParse() {
    #expect(Orthography.parse("  hello (x) [hesitation]\tthere  ") == "hello x ".map(String.init) + ["[HESITATION]"] + " there".map(String.init) + ["[END]"])
    #expect(Orthography.parse("a  b", postfix: [], wordBased: true) == ["a", "b"])
    #expect(Orthography.parse("", postfix: ["[END]"]) == ["[END]"])
    #expect(Orthography.collapseSpaces(Array(" a \u{2003} b ".unicodeScalars)) == Array("a b".unicodeScalars))
}
