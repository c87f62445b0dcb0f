import Testing
@testable import ReturnnTraining

/// The vector helpers against plain loops, for every tail length.
@Suite struct OptimizerLanesTests {
    @Test func sumOfSquaresMatchesNaive() {
        for n in [0, 1, 15, 16, 17, 33, 4096, 4097, 10_000] {
            let x = (0..<n).map { Float(($0 * 7919) % 23) * 0.125 - 1.3 }
            let naive = x.reduce(0.0) { $0 + Double($1) * Double($1) }
            let storage = x.isEmpty ? [Float(0)] : x
            let fast = storage.withUnsafeBufferPointer { OptimizerLanes.sumOfSquares($0.baseAddress!, count: n) }
            #expect(abs(fast - naive) <= 1e-5 * max(1, naive), "n=\(n)")
        }
    }

    @Test func loadStoreAndScaleHandleTails() {
        for n in [1, 5, 16, 17, 40] {
            var x = (0..<n).map { Float($0) - 3 }
            x.withUnsafeMutableBufferPointer { OptimizerLanes.scale($0.baseAddress!, count: n, by: -2) }
            #expect(x == (0..<n).map { (Float($0) - 3) * -2 })
        }
    }

    @Test func bufferAddAndCopy() {
        let b = UpdaterBuffer(count: 19, value: 1)
        let src = (0..<19).map(Float.init)
        src.withUnsafeBufferPointer { b.add($0.baseAddress!) }
        #expect(Array(UnsafeBufferPointer(start: b.pointer, count: 19)) == src.map { $0 + 1 })
        src.withUnsafeBufferPointer { b.copy(from: $0.baseAddress!) }
        #expect(Array(UnsafeBufferPointer(start: b.pointer, count: 19)) == src)
    }
}
