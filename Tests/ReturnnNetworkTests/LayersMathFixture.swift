import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// The upstream RETURNN (TF backend) reference of the math and neural layers:
/// `Tests/Fixtures/network/layers_math.json`, written by `make_layers_math_fixtures.py`. Each case
/// is a net dict run on fixed inputs (`data` `[2,5,6]` lengths `[5,3]`, `enc` `[2,4,6]` lengths
/// `[4,2]`, `vec` `[2,6]`, sparse `classes` `[2,5]`, `img` `[2,4,5,3]`) with upstream's parameters,
/// its output, dims and dynamic sizes, and the gradient of `sum(output * R)`.
struct LayersMathFixture: Decodable {
    /// One output: values with shape, dtype, dim descriptions and the sizes of dynamic axes (by axis index).
    struct Output: Decodable {
        let shape: [Int], dtype: String, dims: [String], values: [Double]
        let sizes: [String: [Int32]]?
    }
    /// A parameter value.
    struct Array: Decodable {
        let shape: [Int], values: [Float]
    }
    /// An input with its lengths.
    struct Input: Decodable {
        let shape: [Int], values: [Double], lengths: [Int32]?
    }
    /// One net dict.
    struct Case: Decodable {
        let name: String, network: String
        let outputs: [String: Output]
        let params: [String: Array]
        let grads: [String: [Double]]?
    }

    let generatedBy: String, returnn: String, prelude: String
    let inputs: [String: Input]
    let cases: [Case]

    enum CodingKeys: String, CodingKey {
        case generatedBy = "generated_by", returnn, prelude, inputs, cases
    }

    /// The fixture, loaded once.
    static let shared = load("layers_math.json", generatedBy: "Tests/Fixtures/network/make_layers_math_fixtures.py")

    /// A fixture file of this format under `Tests/Fixtures/network`, checked to name its script.
    static func load(_ file: String, generatedBy script: String) -> LayersMathFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/network/" + file)
        let f = try! JSONDecoder().decode(LayersMathFixture.self, from: Data(contentsOf: url))
        precondition(f.generatedBy == script, "\(file) names \(f.generatedBy), not \(script)")
        return f
    }

    /// The case named `name`.
    func `case`(_ name: String) -> Case {
        guard let c = cases.first(where: { $0.name == name }) else { preconditionFailure("no fixture case '\(name)'") }
        return c
    }

    /// The config text of a net dict (the fixture's prelude with `extern_data`, then `network = ...`).
    func config(_ network: String) -> String { prelude + "network = " + network + "\n" }

    /// Builds a net dict on the fixture's extern data (with the config, for `eval` layers).
    func build(_ network: String) throws -> Network {
        let config = try loadNetConfig(config(network))
        return try NetworkBuilder(externData: ExternData.fromConfig(config)!, config: config).build(config.typedValue("network")!)
    }

    /// The fixture inputs as a batch for `net`; `leaves` become tape leaves `input:<key>`.
    func batch(_ net: Network, tape: Tape? = nil, leaves: [String] = []) -> [String: LayerValue] {
        var out: [String: LayerValue] = [:]
        for (key, input) in inputs {
            let lens = input.lengths.map { IntTensor(shape: [$0.count], $0) }
            if net.externData[key]?.isInt == true {
                out[key] = LayerValue(ints: IntTensor(shape: input.shape, input.values.map { Int32($0) }), seqLens: lens)
            } else {
                let t = Tensor(shape: input.shape, input.values.map { Float($0) })
                let v = leaves.contains(key) ? tape!.leaf(t, name: "input:\(key)") : Variable(t)
                out[key] = LayerValue(values: v, seqLens: lens)
            }
        }
        return out
    }

    /// The fixture's parameter values for `net`.
    func parameters(_ c: Case, _ net: Network) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for p in net.parameters {
            guard let v = c.params[p.name] else { continue }
            out[p.name] = Tensor(shape: v.shape, v.values)
        }
        return out
    }

    /// `R[i] = sin(1.3 i + 0.5)` over `n` values (the fixture's gradient weights).
    static func weights(_ n: Int) -> [Float] { (0..<n).map { Float(sin(1.3 * Double($0) + 0.5)) } }

    /// Runs case `name` and checks parameters, output template, values, lengths and (when the case
    /// has them) the gradients of `sum(output * R)` against upstream. Returns the network.
    @discardableResult
    func check(_ name: String, tolerance: Double = 1e-4, gradTolerance: Double = 1e-3,
               sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Network {
        let c = self.case(name)
        let net = try build(c.network)
        #expect(Set(net.parameters.map(\.name)) == Set(c.params.keys), "\(name): parameters \(net.parameters.map(\.name))",
                sourceLocation: sourceLocation)
        for p in net.parameters where c.params[p.name] != nil {
            #expect(p.shape == c.params[p.name]!.shape, "\(name): shape of \(p.name)", sourceLocation: sourceLocation)
        }
        let params = parameters(c, net)
        guard params.count == net.parameters.count else { return net }
        let wanted = Swift.Array(c.grads?.keys.filter { inputs[$0] != nil } ?? [])
        let tape = Tape()
        let run = try net.run(data: batch(net, tape: tape, leaves: wanted), parameters: params, tape: tape, isTraining: false)
        for (layer, e) in c.outputs {
            guard let out = run.values[layer] else {
                Issue.record("\(name): no output of '\(layer)'", sourceLocation: sourceLocation)
                continue
            }
            let template = net.node(layer)!.output
            #expect(out.shape == e.shape, "\(name)/\(layer): shape \(out.shape), upstream \(e.shape)", sourceLocation: sourceLocation)
            #expect(template.rank == e.dims.count, "\(name)/\(layer): template \(template), upstream \(e.dims)", sourceLocation: sourceLocation)
            for (i, d) in template.dims.enumerated() where i < e.shape.count && !d.isBatch {
                let dynamic = e.sizes?[String(i)] != nil
                #expect(d.isDynamic == dynamic, "\(name)/\(layer): axis \(i) \(d) vs upstream \(e.dims[i])", sourceLocation: sourceLocation)
                if let s = d.size { #expect(s == e.shape[i], "\(name)/\(layer): size of axis \(i)", sourceLocation: sourceLocation) }
            }
            #expect(template.isBool == (e.dtype == "bool"), "\(name)/\(layer): dtype \(template), upstream \(e.dtype)", sourceLocation: sourceLocation)
            if let t = template.timeAxis, let sizes = e.sizes?[String(t)] {
                #expect(out.seqLens?.array == sizes, "\(name)/\(layer): lengths \(out.seqLens?.array ?? []), upstream \(sizes)",
                        sourceLocation: sourceLocation)
            }
            let got = out.values?.value.array.map(Double.init) ?? out.ints!.array.map(Double.init)
            if got.count == e.values.count {
                let worst = zip(got, e.values).enumerated().max { a, b in
                    Swift.abs(a.element.0 - a.element.1) / Swift.max(1, Swift.abs(a.element.1))
                        < Swift.abs(b.element.0 - b.element.1) / Swift.max(1, Swift.abs(b.element.1))
                }
                if let w = worst {
                    let err = Swift.abs(w.element.0 - w.element.1) / Swift.max(1, Swift.abs(w.element.1))
                    #expect(err <= tolerance, "\(name)/\(layer): [\(w.offset)] \(w.element.0) vs upstream \(w.element.1)",
                            sourceLocation: sourceLocation)
                }
            }
        }
        if let grads = c.grads, let y = run.values["output"]?.values {
            let r = Variable(Tensor(shape: y.shape, Self.weights(y.value.count)))
            let objective = tape.reduce(tape.mul(y, r), .sum, axes: Swift.Array(0..<y.rank))
            if objective.requiresGradient {
                let g = tape.backward(objective)
                for (key, want) in grads {
                    let grad: Tensor? = g[inputs[key] != nil ? "input:\(key)" : key]
                    let got: [Double] = (grad?.array ?? []).map { Double($0) }
                    #expect(got.count == want.count, "\(name): gradient of \(key)", sourceLocation: sourceLocation)
                    guard got.count == want.count else { continue }
                    let err = zip(got, want).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
                    #expect(err <= gradTolerance, "\(name): gradient of \(key) differs from upstream by \(err)", sourceLocation: sourceLocation)
                }
            } else {
                #expect(grads.values.allSatisfy { $0.allSatisfy { $0 == 0 } }, "\(name): no gradient, upstream has one",
                        sourceLocation: sourceLocation)
            }
        }
        return net
    }

    /// Central finite differences of `sum(output * R)` with respect to a few elements of the inputs
    /// `keys` and of every parameter, against the tape's gradients (the fixture's parameters).
    func finiteDifferences(_ name: String, keys: [String], eps: Float = 1e-2, tolerance: Double = 2e-2) throws -> [String] {
        let c = self.case(name)
        let net = try build(c.network)
        let params = parameters(c, net)
        func objective(_ data: [String: LayerValue], _ p: [String: Tensor], _ tape: Tape) throws -> Variable {
            let y = try net.run(data: data, parameters: p, tape: tape, isTraining: false).values["output"]!.dense
            let r = Variable(Tensor(shape: y.shape, Self.weights(y.value.count)))
            return tape.reduce(tape.mul(y, r), .sum, axes: Swift.Array(0..<y.rank))
        }
        let tape = Tape()
        let g = tape.backward(try objective(batch(net, tape: tape, leaves: keys), params, tape))
        var failures: [String] = []
        func compare(_ what: String, _ analytic: Float, _ f: (Float) throws -> Double) rethrows {
            let fd = (try f(eps) - f(-eps)) / Double(2 * eps)
            if Swift.abs(fd - Double(analytic)) > tolerance * Swift.max(1, Swift.abs(fd)) {
                failures.append("\(what): analytic \(analytic), numeric \(fd)")
            }
        }
        for key in keys {
            let grad = g["input:\(key)"]!
            for k in 0..<6 {
                let i = (k * 7919 + 3) % grad.count
                try compare("\(key)[\(i)]", grad.array[i]) { d in
                    var data = batch(net)
                    var t = data[key]!.dense.value
                    t.withUnsafeMutableBufferPointer { $0[i] += d }
                    data[key] = LayerValue(values: Variable(t), seqLens: data[key]!.seqLens)
                    return Double(try objective(data, params, Tape(recording: false)).value.scalar)
                }
            }
        }
        for spec in net.parameters where spec.trainable {
            let grad = g[spec.name]!
            for k in 0..<Swift.min(6, spec.count) {
                let i = (k * 7919) % spec.count
                try compare("\(spec.name)[\(i)]", grad.array[i]) { d in
                    var p = params
                    p[spec.name]!.withUnsafeMutableBufferPointer { $0[i] += d }
                    return Double(try objective(batch(net), p, Tape(recording: false)).value.scalar)
                }
            }
        }
        return failures
    }
}

/// The `NetworkError` that building a net dict on the fixture's extern data throws (nil if it builds).
func mathLayerError(_ network: String) -> NetworkError? {
    networkError { _ = try LayersMathFixture.shared.build(network) }
}
