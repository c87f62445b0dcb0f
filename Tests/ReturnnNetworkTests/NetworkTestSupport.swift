import Foundation
import ReturnnConfig
import ReturnnTensor

@testable import ReturnnNetwork

/// Loads a Python config text (adds the `#!returnn.py` line) into a fresh store.
func loadNetConfig(_ body: String) throws -> Config {
    let env = ConfigEnvironment(environment: ["HOME": "/home/tester"], argv: ["returnn", "test.config"], userName: "tester",
                                uid: 1234) { _ in }
    let c = Config(environment: env)
    try c.load(text: "#!returnn.py\n" + body, filename: "test.config")
    return c
}

/// Builds the `network` of a config text with the given extern data (default: dense `data` of
/// `inDim`, sparse `classes` of `classes`).
func buildNetwork(_ body: String, externData: ExternData? = nil, inDim: Int = 3, classes: Int = 4,
                  memoryBudget: MemoryBudget = .current()) throws -> Network {
    let config = try loadNetConfig(body)
    let ed = try externData ?? ExternData.fromConfig(config) ?? ExternData([
        ("data", ExternData.template(key: "data", dim: inDim, sparse: false)),
        ("classes", ExternData.template(key: "classes", dim: classes, sparse: true)),
    ])
    return try NetworkBuilder(externData: ed, config: config, memoryBudget: memoryBudget).build(config.typedValue("network")!)
}

/// The `NetworkError` a body throws, or nil.
func networkError(_ body: () throws -> Void) -> NetworkError? {
    do { try body() } catch let e as NetworkError { return e } catch { return nil }
    return nil
}

/// A deterministic dense batch `[B, T, F]` with lengths, and sparse targets `[B, T]`.
func makeBatch(lengths: [Int], inDim: Int, classes: Int, seed: UInt64 = 7) -> [String: LayerValue] {
    var g = RandomGenerator(seed: seed)
    let b = lengths.count, t = lengths.max() ?? 0
    let x = (0..<(b * t * inDim)).map { _ in g.uniform(-1, 1) }
    let y = (0..<(b * t)).map { _ in Int32(g.next() % UInt64(classes)) }
    let lens = IntTensor(shape: [b], lengths.map { Int32($0) })
    return [
        "data": LayerValue(values: Variable(Tensor(shape: [b, t, inDim], x)), seqLens: lens),
        "classes": LayerValue(ints: IntTensor(shape: [b, t], y), seqLens: lens),
    ]
}

/// Checks d(objective)/d(parameter) of a network against central finite differences (in Double
/// accumulation of Float evaluations) on a few coordinates of every parameter.
func checkNetworkGradients(_ net: Network, data: [String: LayerValue], seed: UInt64 = 3, eps: Float = 1e-2,
                           tolerance: Double = 2e-2, coordinates: Int = 6) throws -> [String] {
    let params = net.initialParameters(seed: seed)
    let tape = Tape()
    let run = try net.run(data: data, parameters: params, tape: tape, isTraining: false)
    let grads = tape.backward(run.objective!)
    var failures: [String] = []
    func objective(_ p: [String: Tensor]) throws -> Double {
        let r = try net.run(data: data, parameters: p, tape: Tape(recording: false), isTraining: false)
        return Double(r.objective!.value.scalar)
    }
    for spec in net.parameters {
        let g = grads[spec.name]!
        let n = spec.count
        for k in 0..<Swift.min(coordinates, n) {
            let i = (k * 7919) % n
            var plus = params, minus = params
            plus[spec.name]!.withUnsafeMutableBufferPointer { $0[i] += eps }
            minus[spec.name]!.withUnsafeMutableBufferPointer { $0[i] -= eps }
            let fd = (try objective(plus) - objective(minus)) / Double(2 * eps)
            let an = Double(g.array[i])
            if Swift.abs(fd - an) > tolerance * Swift.max(1, Swift.abs(fd)) {
                failures.append("\(spec.name)[\(i)]: analytic \(an), numeric \(fd)")
            }
        }
    }
    return failures
}
