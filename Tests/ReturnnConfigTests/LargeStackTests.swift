import Foundation
import Testing
@testable import ReturnnConfig

/// The large-stack worker: nested calls run in place, callers from several threads take turns.
@Suite struct LargeStackTests {
    @Test func nestedCallsRunInPlace() throws {
        let v = try LargeStack.run { try LargeStack.run { 41 } + 1 }
        #expect(v == 42)
    }

    @Test func errorsComeBack() {
        struct Boom: Error {}
        #expect(throws: Boom.self) { try LargeStack.run { () throws -> Int in throw Boom() } }
    }

    @Test func concurrentCallersAllGetTheirResults() {
        let results = UnsafeMutableBufferPointer<Int>.allocate(capacity: 16)
        defer { results.deallocate() }
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            out[i] = (try? LargeStack.run { i * i }) ?? -1
        }
        #expect(Array(results) == (0..<16).map { $0 * $0 })
    }
}
