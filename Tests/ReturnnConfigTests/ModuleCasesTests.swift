import Foundation
import Testing
@testable import ReturnnConfig

/// The sandbox's `numpy`, `re`, `json` and `itertools` against CPython with numpy.
@Suite struct ModuleCasesTests {
    /// Each snippet of `module_cases.txt` gives the same `repr(x)` as CPython with numpy.
    @Test func moduleCasesMatchCPython() throws {
        let cases = try fixtureCases("module_cases.txt")
        #expect(cases.count >= 100)
        for (source, expected) in cases {
            do {
                let c = try loadPython(source)
                #expect(c.typed["x"]?.repr == expected, "\(source)")
            } catch {
                Issue.record("\(source)\nthrew: \(error)")
            }
        }
    }
}
