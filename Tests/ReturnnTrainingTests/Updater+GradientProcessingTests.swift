import Testing
import ReturnnTensor
@testable import ReturnnTraining

/// The post-processing loops against scalar formulas, over lengths with and without a vector tail.
@Suite struct UpdaterGradientProcessingTests {
    typealias GP = Updater.GradientProcessing
    static let lengths = [1, 15, 16, 17, 35, 100]

    private func data(_ n: Int) -> [Float] { (0..<n).map { Float(($0 * 37) % 11) * 0.3 - 1.5 } }

    private func run(_ x: [Float], _ body: (UnsafeMutablePointer<Float>, Int) -> Void) -> [Float] {
        var y = x
        y.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        return y
    }

    @Test(arguments: lengths)
    func clipByValue(_ n: Int) {
        let x = data(n)
        #expect(run(x) { GP.clipByValue($0, count: $1, clip: 0.7) } == x.map { min(max($0, -0.7), 0.7) })
    }

    @Test(arguments: lengths)
    func clipByNorm(_ n: Int) {
        let x = data(n)
        let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(UpdaterTestSupport.close(run(x) { GP.clipByNorm($0, count: $1, clip: 0.5) }, x.map { $0 * 0.5 / max(norm, 0.5) }))
        #expect(UpdaterTestSupport.close(run(x) { GP.clipByNorm($0, count: $1, clip: 1000) }, x))
    }

    @Test(arguments: lengths)
    func clipByAverageNorm(_ n: Int) {
        let x = data(n)
        let avg = x.reduce(0) { $0 + $1 * $1 }.squareRoot() / Float(n)
        let c: Float = 0.01
        #expect(UpdaterTestSupport.close(run(x) { GP.clipByAverageNorm($0, count: $1, clip: c) }, x.map { avg > c ? $0 * c / avg : $0 }))
    }

    @Test(arguments: lengths)
    func clipByGlobalNorm(_ n: Int) {
        let x = data(n)
        #expect(UpdaterTestSupport.close(run(x) { GP.clipByGlobalNorm($0, count: $1, clip: 2, globalNorm: 8) }, x.map { $0 / 4 }))
        #expect(run(x) { GP.clipByGlobalNorm($0, count: $1, clip: 2, globalNorm: 1) } == x.map { $0 * (2 * (1 / 2)) })
        let inf = run(x) { GP.clipByGlobalNorm($0, count: $1, clip: 2, globalNorm: .infinity) }
        #expect(inf.filter { !$0.isNaN }.isEmpty, "TF: a non-finite global norm makes all gradients nan")
    }

    @Test(arguments: lengths)
    func filterNanInf(_ n: Int) {
        var x = data(n)
        for i in stride(from: 0, to: n, by: 3) { x[i] = [Float.nan, .infinity, -.infinity][i % 3 == 0 ? (i / 3) % 3 : 0] }
        #expect(run(x) { GP.filterNanInf($0, count: $1) } == x.map { $0.isFinite ? $0 : 0 })
    }

    @Test func noiseIsTruncatedNormalFromTheGenerator() {
        var a = RandomGenerator(seed: 5, stream: [RandomGenerator.Stream.gradientNoise, 1, 2])
        var b = a
        let y = run([Float](repeating: 1, count: 20)) { GP.addNoise($0, count: $1, stddev: 0.5, rng: &a) }
        #expect(y == (0..<20).map { _ in 1 + Float(b.truncatedNormal(stddev: 0.5)) })
    }

    @Test func zeroesOnHighNorm() {
        #expect(GP.zeroesOnHighNorm(globalNorm: 3, threshold: 2))
        #expect(!GP.zeroesOnHighNorm(globalNorm: 2, threshold: 2))
        #expect(GP.zeroesOnHighNorm(globalNorm: .nan, threshold: 2))
        #expect(GP.zeroesOnHighNorm(globalNorm: .infinity, threshold: 2))
    }

    @Test(arguments: lengths)
    func decoupledDecay(_ n: Int) {
        let x = data(n)
        #expect(run(x) { Updater.decayWeights($0, count: $1, by: 0.1) } == x.map { $0 - $0 * 0.1 })
    }
}
