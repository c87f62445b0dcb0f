import Foundation
import Testing
@testable import ReturnnConfig

/// The sandbox's `re` beyond the CPython-checked cases: errors and what ICU does differently.
@Suite struct RegexModuleTests {
    private func value(_ body: String) throws -> ConfigValue {
        try #require(try loadPython("import re\n" + body).typed["x"])
    }

    /// A bad pattern is a `re.error` a config can catch, or a located error when it does not.
    @Test func badPatternsAreReErrors() throws {
        #expect(try value("try:\n    re.compile('[a')\nexcept re.error as e:\n    x = type(e).__name__").repr == "'error'")
        let e = try #require(configError { _ = try loadPython("import re\nx = re.match('(?P<n>a)(?P=m)', 'aa')") })
        #expect(e.description == "test.config:3:13: unknown group name 'm' at position 12")
        let t = try #require(configError { _ = try loadPython("import re\nx = re.sub('a', r'\\2', 'a')") })
        #expect(t.message == "invalid group reference 2 at position 1")
        #expect(configError { _ = try loadPython("import re\nx = re.compile('a', re.ASCII)") }?.kind == .unsupported)
    }

    /// Positions count code points (as Python), also past characters outside the BMP.
    @Test func positionsCountCodePoints() throws {
        #expect(try value("x = [m.span() for m in re.finditer('x', '\u{1F600}x\u{1F600}\u{1F600}x')]").repr == "[(1, 2), (4, 5)]")
        #expect(try value("x = re.compile('x').search('\u{1F600}\u{1F600}xx', 3).start()").repr == "3")
    }

    /// A replacement function gets the match object and must return a str.
    @Test func replacementFunctionMustReturnStr() throws {
        let e = try #require(configError { _ = try loadPython("import re\nx = re.sub('a', lambda m: 1, 'a')") })
        #expect(e.message == "expected str instance, int found (the replacement function must return a str)")
        #expect(try value("x = re.sub('(a)(b)', lambda m: m.group(2) + m.group(1), 'abab')").repr == "'baba'")
    }
}
