import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// The numpy reference of the elementwise and shape layers
/// (`Tests/Fixtures/network/make_layers_a_fixtures.py` → `layers_a_fixtures.json`): inputs `data`
/// `[2,5,6]` with lengths `[5,3]` (padded frames hold non-zero values), `vec` `[2,6]`, sparse `classes`
/// `[2,5]`, and the
/// expected output of every case.
struct LayersAFixture {
    /// One array with its shape and optional sequence lengths.
    struct Entry {
        let shape: [Int]
        let values: [Double]
        let lengths: [Int]?
    }

    let inputs: [String: Entry]
    let cases: [String: Entry]

    /// The fixture, loaded once.
    static let shared: LayersAFixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/network/layers_a_fixtures.json")
        let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        func entries(_ d: Any?) -> [String: Entry] {
            (d as! [String: [String: Any]]).mapValues {
                Entry(shape: $0["shape"] as! [Int], values: ($0["values"] as! [NSNumber]).map(\.doubleValue),
                      lengths: $0["lengths"] as? [Int])
            }
        }
        precondition(json["generated_by"] as? String == "Tests/Fixtures/network/make_layers_a_fixtures.py")
        return LayersAFixture(inputs: entries(json["inputs"]), cases: entries(json["cases"]))
    }()

    /// `data` (dense, dim 6), `vec` (dense, dim 6, no time), `classes` (sparse, 4 classes).
    static let externData = ExternData([
        ("data", ExternData.template(key: "data", dim: 6, sparse: false)),
        ("vec", ExternData.template(key: "vec", dim: 6, sparse: false, hasTime: false)),
        ("classes", ExternData.template(key: "classes", dim: 4, sparse: true)),
    ])

    /// The fixture inputs as a batch.
    var batch: [String: LayerValue] {
        let d = inputs["data"]!, v = inputs["vec"]!, c = inputs["classes"]!
        let lens = IntTensor(shape: [d.shape[0]], d.lengths!.map { Int32($0) })
        return [
            "data": LayerValue(values: Variable(Tensor(shape: d.shape, d.values.map { Float($0) })), seqLens: lens),
            "vec": LayerValue(values: Variable(Tensor(shape: v.shape, v.values.map { Float($0) })), seqLens: nil),
            "classes": LayerValue(ints: IntTensor(shape: c.shape, c.values.map { Int32($0) }), seqLens: lens),
        ]
    }
}

/// Builds a network for the fixture's extern data.
/// The time axis of the fixture's `data`.
var layersATime: Dim? { LayersAFixture.externData["data"]!.timeDim }

func buildLayersANetwork(_ network: String) throws -> Network {
    try buildNetwork("network = " + network, externData: LayersAFixture.externData)
}

/// Runs `network` on the fixture batch (no-grad) and returns the output of `layer`.
func runLayersA(_ network: String, layer: String = "output") throws -> LayerValue {
    let net = try buildLayersANetwork(network)
    let run = try net.run(data: LayersAFixture.shared.batch, parameters: net.initialParameters(seed: 1), tape: Tape(recording: false),
                          isTraining: false)
    return run.values[layer]!
}

/// Expects `value` to equal fixture case `name` (shape, values within `tolerance`, lengths).
func expectFixture(_ value: LayerValue, _ name: String, tolerance: Double = 1e-5,
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let e = LayersAFixture.shared.cases[name] else {
        Issue.record("no fixture case '\(name)'", sourceLocation: sourceLocation)
        return
    }
    #expect(value.shape == e.shape, "\(name): shape", sourceLocation: sourceLocation)
    let got = value.values?.value.array.map(Double.init) ?? value.ints!.array.map(Double.init)
    guard got.count == e.values.count else { return }
    let bad = zip(got, e.values).enumerated().filter { Swift.abs($1.0 - $1.1) > tolerance * Swift.max(1, Swift.abs($1.1)) }
    let first = bad.first.map { "[\($0.offset)] got \($0.element.0), expected \($0.element.1)" } ?? ""
    let mismatches = bad.count
    #expect(mismatches == 0, "\(name): values differ, first: \(first)", sourceLocation: sourceLocation)
    #expect(value.seqLens?.array.map(Int.init) == e.lengths, "\(name): lengths", sourceLocation: sourceLocation)
}

/// A batch for gradient checks: `makeBatch` data `[2,5,6]` (lengths 5, 3) plus `vec` `[2,6]`.
func layersAGradientBatch() -> [String: LayerValue] {
    var d = makeBatch(lengths: [5, 3], inDim: 6, classes: 4)
    var g = RandomGenerator(seed: 11)
    d["vec"] = LayerValue(values: Variable(Tensor(shape: [2, 6], (0..<12).map { _ in g.uniform(0.5, 1.5) })), seqLens: nil)
    return d
}

/// FD-checks the objective of `network` (which must have a loss) against the tape gradients.
func expectLayersAGradients(_ network: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let net = try buildLayersANetwork(network)
    let failures = try checkNetworkGradients(net, data: layersAGradientBatch())
    #expect(failures.isEmpty, "\(failures)", sourceLocation: sourceLocation)
}

/// The `NetworkError` that building `network` throws (nil if it builds).
func layersAError(_ network: String) -> NetworkError? {
    networkError { _ = try buildLayersANetwork(network) }
}
