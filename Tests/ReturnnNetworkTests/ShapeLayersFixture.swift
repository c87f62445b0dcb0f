import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// Upstream RETURNN's outputs for the shape and sequence layers
/// (`Tests/Fixtures/network/make_shape_layers_fixtures.py` → `shape_layers.json`): a config prelude
/// (extern data `data` `[3,5,6]` with lengths `[5,3,4]` and non-zero padding, `data2`, sparse
/// `classes`, int `pos`/`reps`/`start`, `vec`), one batch, and per case a net dict with upstream's
/// batch-major output of layer `output` (values, shape, each axis' kind and dynamic sizes).
struct ShapeLayersFixture: Decodable {
    struct Input: Decodable {
        let shape: [Int], dtype: String, values: [Double], lengths: [Int32]?
    }
    struct Axis: Decodable {
        let kind: String, size: Int?, sizes: [Int32]?
    }
    struct Case: Decodable {
        let name: String, network: String, reference: String
        let shape: [Int], dtype: String, dims: [Axis], values: [Double]
        let sparse_dim: Int?
    }
    let generated_by: String
    let prelude: String
    let inputs: [String: Input]
    let cases: [Case]

    /// The fixture, loaded once.
    static let shared: ShapeLayersFixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/network/shape_layers.json")
        let f = try! JSONDecoder().decode(ShapeLayersFixture.self, from: Data(contentsOf: url))
        precondition(f.generated_by == "Tests/Fixtures/network/make_shape_layers_fixtures.py")
        return f
    }()

    /// The batch of the fixture.
    var batch: [String: LayerValue] {
        inputs.mapValues { i in
            let lens = i.lengths.map { IntTensor(shape: [$0.count], $0) }
            if i.dtype.hasPrefix("int") { return LayerValue(ints: IntTensor(shape: i.shape, i.values.map { Int32($0) }), seqLens: lens) }
            return LayerValue(values: Variable(Tensor(shape: i.shape, i.values.map { Float($0) })), seqLens: lens)
        }
    }

    /// The case named `name`.
    func `case`(_ name: String) -> Case? { cases.first { $0.name == name } }
}

/// Builds `network` (a net dict text) with the fixture's prelude (extern data and dim tags).
func buildShapeNetwork(_ network: String, prelude extra: String = "") throws -> Network {
    let config = try loadNetConfig(ShapeLayersFixture.shared.prelude + extra + "\nnetwork = " + network)
    return try NetworkBuilder(externData: ExternData.fromConfig(config)!).build(config.typedValue("network")!)
}

/// Runs `network` on the fixture batch (no-grad); returns the network and the output of `layer`.
func runShapeNetwork(_ network: String, layer: String = "output") throws -> (Network, LayerValue) {
    let net = try buildShapeNetwork(network)
    let run = try net.run(data: ShapeLayersFixture.shared.batch, parameters: net.initialParameters(seed: 1), tape: Tape(recording: false),
                          isTraining: false)
    return (net, run.values[layer]!)
}

/// Runs fixture case `name` and compares with upstream: shape, the template's axes (kinds, static
/// sizes), the lengths of the time axis, sparse dim, and the values on every frame inside the
/// dynamic axes' sizes. Returns the network for further checks.
@discardableResult
func expectShapeCase(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Network? {
    guard let c = ShapeLayersFixture.shared.case(name) else {
        Issue.record("no fixture case '\(name)'", sourceLocation: sourceLocation)
        return nil
    }
    let (net, out) = try runShapeNetwork(c.network)
    let t = net.node("output")!.output
    #expect(out.shape == c.shape, "\(name): shape \(out.shape), upstream \(c.shape)", sourceLocation: sourceLocation)
    #expect(t.rank == c.dims.count, "\(name): template \(t)", sourceLocation: sourceLocation)
    for (d, a) in zip(t.dims, c.dims) {
        let ok = a.kind == "B" ? d.isBatch : a.kind == "T" ? d.isDynamic : (!d.isDynamic && !d.isBatch && d.size == a.size)
        #expect(ok, "\(name): axis \(d) of \(t), upstream \(a.kind) \(a.size.map(String.init) ?? "")", sourceLocation: sourceLocation)
    }
    #expect(t.isInt == c.dtype.hasPrefix("int"), "\(name): dtype of \(t), upstream \(c.dtype)", sourceLocation: sourceLocation)
    #expect(t.sparseDim == c.sparse_dim, "\(name): sparse dim of \(t), upstream \(c.sparse_dim.map(String.init) ?? "none")",
            sourceLocation: sourceLocation)
    if let first = c.dims.firstIndex(where: { $0.kind == "T" }), c.dims.first?.kind == "B" {
        #expect(out.seqLens?.array == c.dims[first].sizes, "\(name): lengths \(out.seqLens?.array ?? []), upstream \(c.dims[first].sizes ?? [])",
                sourceLocation: sourceLocation)
    }
    guard out.shape == c.shape else { return net }
    let got = out.values?.value.array.map(Double.init) ?? out.ints!.array.map(Double.init)
    let strides = ShapeUtil.strides(c.shape)
    var bad: [String] = []
    for i in 0..<got.count {
        // Skip padding: positions at or beyond a dynamic axis' size (batch-major data).
        if c.dims.first?.kind == "B" {
            let b = i / strides[0]
            let padding = c.dims.enumerated().contains { k, a in
                guard a.kind == "T", let s = a.sizes, s.count == c.shape[0] else { return false }
                return (i / strides[k]) % c.shape[k] >= Int(s[b])
            }
            if padding { continue }
        }
        if Swift.abs(got[i] - c.values[i]) > 1e-5 * Swift.max(1, Swift.abs(c.values[i])) {
            bad.append("[\(i)] \(got[i]) vs \(c.values[i])")
        }
    }
    #expect(bad.isEmpty, "\(name): \(bad.count) values differ from \(c.reference), first: \(bad.prefix(3))", sourceLocation: sourceLocation)
    return net
}

/// FD-checks `d sum(y * R) / d parameters` for the output `y` of `layer` of `network`, on a batch
/// like the fixture's (the parameters come from a `linear` layer before the layer under test).
func expectShapeGradients(_ network: String, layer: String = "output", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let net = try buildShapeNetwork(network)
    let failures = try checkLayerGradients(net, data: ShapeLayersFixture.shared.batch, layer: layer)
    #expect(failures.isEmpty, "\(failures)", sourceLocation: sourceLocation)
}

/// The `NetworkError` that building `network` (with the fixture's prelude) throws.
func shapeNetworkError(_ network: String) -> NetworkError? {
    networkError { _ = try buildShapeNetwork(network) }
}
