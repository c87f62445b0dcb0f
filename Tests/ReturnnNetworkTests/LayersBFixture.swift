import Foundation
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// The numpy reference cases of `Tests/Fixtures/network/layers_b.json` (written by
/// `make_layers_b_fixtures.py`): one-layer networks named `l` with input, parameters, expected
/// output, output lengths and, for `batch_norm`, the expected new running statistics.
struct LayersBFixture: Decodable {
    struct Case: Decodable {
        let name: String, config: String, train: Bool
        let xShape: [Int], x: [Float], lens: [Int32]
        let params: [String: [Float]]
        let outputShape: [Int], output: [Float], outLens: [Int32]
        let state: [String: [Float]]
    }
    let generator: String
    let cases: [Case]

    static func load() throws -> LayersBFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/network/layers_b.json")
        return try JSONDecoder().decode(LayersBFixture.self, from: Data(contentsOf: url))
    }

    /// Runs every case whose name starts with `prefix` and checks output, lengths and state against
    /// the reference; returns the names of the cases run.
    static func check(prefix: String, tolerance: Float = 1e-4, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let fixture = try load()
        #expect(fixture.generator == "Tests/Fixtures/network/make_layers_b_fixtures.py")
        var names: [String] = []
        for c in fixture.cases where c.name.hasPrefix(prefix) {
            names.append(c.name)
            let net = try buildNetwork(c.config)
            #expect(Set(net.parameters.map(\.name)) == Set(c.params.keys), "\(c.name): parameter names", sourceLocation: sourceLocation)
            var params: [String: Tensor] = [:]
            for p in net.parameters {
                guard let v = c.params[p.name], v.count == p.count else { continue }
                params[p.name] = Tensor(shape: p.shape, v)
            }
            guard params.count == net.parameters.count else { continue }
            let input = LayerValue(values: Variable(Tensor(shape: c.xShape, c.x)), seqLens: IntTensor(shape: [c.lens.count], c.lens))
            let run = try net.run(data: ["data": input], parameters: params, tape: Tape(recording: false), isTraining: c.train)
            let out = run.values["l"]!
            #expect(out.shape == c.outputShape, "\(c.name): shape \(out.shape)", sourceLocation: sourceLocation)
            #expect(out.seqLens?.array == c.outLens, "\(c.name): lengths \(out.seqLens?.array ?? [])", sourceLocation: sourceLocation)
            #expect(net.node("l")!.output.shape(batch: c.outputShape[0], time: c.outputShape[1]) == c.outputShape,
                    "\(c.name): template \(net.node("l")!.output)", sourceLocation: sourceLocation)
            if out.shape == c.outputShape {
                let worst = maxDifference(out.dense.value.array, c.output)
                #expect(worst <= tolerance, "\(c.name): max difference \(worst)", sourceLocation: sourceLocation)
            }
            if let stateful = net.node("l")!.layer as? StatefulLayer {
                let ctx = ForwardContext(tape: Tape(recording: false), isTraining: c.train, parameters: params.mapValues { Variable($0) },
                                         data: ["data": input])
                let (_, state) = try stateful.forwardWithState([input], ctx)
                #expect(Set(state.keys) == Set(c.state.keys), "\(c.name): state keys \(state.keys.sorted())", sourceLocation: sourceLocation)
                for (k, v) in c.state {
                    guard let got = state[k] else { continue }
                    #expect(got.shape == params[k]!.shape, "\(c.name): state \(k) shape", sourceLocation: sourceLocation)
                    let worst = maxDifference(got.array, v)
                    #expect(worst <= tolerance, "\(c.name): state \(k) max difference \(worst)", sourceLocation: sourceLocation)
                }
            }
        }
        return names
    }

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
    }
}

/// Finite-difference check of `d sum(y * R) / d parameter` for the output `y` of `layer` (a fixed
/// pseudo-random `R`), for layers whose output length differs from any target: a few coordinates
/// of every parameter but the state of `StatefulLayer`s, central differences of Float evaluations
/// accumulated in Double.
func checkLayerGradients(_ net: Network, data: [String: LayerValue], layer: String, isTraining: Bool = false, seed: UInt64 = 3,
                         eps: Float = 1e-2, tolerance: Double = 2e-2, coordinates: Int = 6) throws -> [String] {
    let params = net.initialParameters(seed: seed)
    func objective(_ p: [String: Tensor], _ tape: Tape) throws -> Variable {
        let y = try net.run(data: data, parameters: p, tape: tape, isTraining: isTraining).values[layer]!.dense
        var g = RandomGenerator(seed: 11)
        let r = Tensor(shape: y.shape, (0..<y.value.count).map { _ in g.uniform(-1, 1) })
        return tape.reduce(tape.mul(y, Variable(r)), .sum, axes: Array(0..<y.rank))
    }
    let tape = Tape()
    let grads = tape.backward(try objective(params, tape))
    var failures: [String] = []
    // State parameters (running statistics) are not trained and have no gradient.
    let state = Set(net.nodes.compactMap { $0.layer as? StatefulLayer }.flatMap(\.stateParameterNames))
    for spec in net.parameters where !state.contains(spec.name) {
        let g = grads[spec.name]!
        for k in 0..<Swift.min(coordinates, spec.count) {
            let i = (k * 7919) % spec.count
            var plus = params, minus = params
            plus[spec.name]!.withUnsafeMutableBufferPointer { $0[i] += eps }
            minus[spec.name]!.withUnsafeMutableBufferPointer { $0[i] -= eps }
            let fp = Double(try objective(plus, Tape(recording: false)).value.scalar)
            let fm = Double(try objective(minus, Tape(recording: false)).value.scalar)
            let fd = (fp - fm) / Double(2 * eps)
            let an = Double(g.array[i])
            if Swift.abs(fd - an) > tolerance * Swift.max(1, Swift.abs(fd)) {
                failures.append("\(spec.name)[\(i)]: analytic \(an), numeric \(fd)")
            }
        }
    }
    return failures
}
