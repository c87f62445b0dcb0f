import Foundation
import Testing
@testable import ReturnnConfig

/// The sandbox's `itertools` beyond the CPython-checked cases: endless iterators and limits.
@Suite struct ItertoolsModuleTests {
    /// Looping over an endless iterator is refused at the loop, with what to do instead.
    @Test func endlessIteratorsNeedABound() throws {
        let loop = try #require(configError { _ = try loadPython("import itertools\nfor i in itertools.count():\n    pass") })
        #expect(loop.kind == .unsupported && loop.location?.line == 3)
        #expect(loop.message == "itertools.count() never ends, so a loop or list() over it would run forever; bound it with itertools.islice(it, n) or zip it with a finite sequence")
        let cyc = try #require(configError { _ = try loadPython("import itertools\nx = list(itertools.product(itertools.cycle([1])))") })
        #expect(cyc.message.hasPrefix("itertools.cycle() never ends, so product over it"))
        let z = try #require(configError { _ = try loadPython("import itertools\nx = zip(itertools.count(), itertools.repeat(1))") })
        #expect(z.message.hasPrefix("itertools.count() never ends, so zip() of endless iterators only"))
        #expect(configError { _ = try loadPython("import itertools\nx = list(itertools.islice(itertools.count(), 2, None))") }?.kind == .unsupported)
    }

    /// Combinatorics that would not fit in memory stop with a limit error before building.
    @Test func hugeCombinatoricsHitTheLimit() throws {
        let e = try #require(configError { _ = try loadPython("import itertools\nx = list(itertools.product(range(100), repeat=5))") })
        #expect(e.kind == .limit && e.location?.line == 3)
        #expect(e.message == "itertools.product() would produce about 10000000000 items, more than the config limit of 10000000")
    }
}
