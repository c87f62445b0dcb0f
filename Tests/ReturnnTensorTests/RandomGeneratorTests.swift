import Testing

@testable import ReturnnTensor

@Suite struct RandomGeneratorTests {
    @Test func sameSeedAndStreamGiveSameSequence() {
        var a = RandomGenerator(seed: 42, stream: [2, 3, 7])
        var b = RandomGenerator(seed: 42, stream: [2, 3, 7])
        var c = RandomGenerator(seed: 42, stream: [2, 3, 8])
        let xa = (0..<8).map { _ in a.next() }
        #expect(xa == (0..<8).map { _ in b.next() })
        #expect(xa != (0..<8).map { _ in c.next() })
    }

    @Test func uniformAndNormalMoments() {
        var g = RandomGenerator(seed: 1)
        let n = 200_000
        var sum = 0.0, sq = 0.0, inRange = true
        for _ in 0..<n {
            let u = g.nextFloat()
            inRange = inRange && u >= 0 && u < 1
            sum += Double(u)
        }
        #expect(inRange)
        #expect(Swift.abs(sum / Double(n) - 0.5) < 0.005)
        sum = 0
        for _ in 0..<n { let z = g.normal(); sum += z; sq += z * z }
        #expect(Swift.abs(sum / Double(n)) < 0.01)
        #expect(Swift.abs(sq / Double(n) - 1) < 0.02)
        var maxAbs = 0.0
        for _ in 0..<10_000 { maxAbs = Swift.max(maxAbs, Swift.abs(g.truncatedNormal(stddev: 0.5))) }
        #expect(maxAbs <= 1.0)
        #expect(RandomGenerator.hash("output/W") != RandomGenerator.hash("output/b"))
    }
}
