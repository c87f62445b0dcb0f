import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// The numpy reference of `Tests/Fixtures/network/make_losses_fixtures.py` (`losses.json`).
struct LossFixture: Decodable {
    /// One loss case: value, error and gradients of the value.
    struct Case: Decodable {
        let value: Double
        let error: Double?
        let gradX: [Double]?, gradProbs: [Double]?, gradTarget: [Double]?
        enum CodingKeys: String, CodingKey {
            case value, error, gradX = "grad_x", gradProbs = "grad_probs", gradTarget = "grad_target"
        }
    }
    let batch: Int, time: Int, dim: Int
    let lens: [Int]
    let x: [Double], probs: [Double], soft: [Double], real: [Double], binary: [Double]
    let labels: [Int]
    let posWeight: Double
    let cases: [String: Case]
    enum CodingKeys: String, CodingKey {
        case batch, time, dim, lens, x, probs, soft, real, binary, labels, cases, posWeight = "pos_weight"
    }

    /// Loaded once.
    static let shared: LossFixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/network/losses.json")
        do {
            return try JSONDecoder().decode(LossFixture.self, from: Data(contentsOf: url))
        } catch {
            preconditionFailure("cannot load \(url.path): \(error)")
        }
    }()

    /// The case `name` (a precondition that it exists).
    func `case`(_ name: String) -> Case {
        guard let c = cases[name] else { preconditionFailure("losses.json has no case '\(name)'") }
        return c
    }

    /// `[B, T, D]` tensor of a fixture array.
    func tensor(_ v: [Double]) -> Tensor { Tensor(shape: [batch, time, dim], v.map { Float($0) }) }
    /// Sequence lengths.
    var seqLens: IntTensor { IntTensor(lens.map { Int32($0) }) }
    /// Sparse labels as a layer value.
    var sparseTarget: LayerValue { LayerValue(ints: IntTensor(shape: [batch, time], labels.map { Int32($0) }), seqLens: seqLens) }
    /// The time axis of the templates.
    static let time = Dim.spatial("time:data")
    /// A dense `[B, T, D]` template.
    var denseTemplate: DataTemplate { DataTemplate(hasTime: true, timeDim: Self.time, featureDim: dim) }
    /// A sparse `[B, T]` template.
    var sparseTemplate: DataTemplate { .sparse(dim: dim, hasTime: true, timeDim: Self.time) }
}

/// A loss built from a `loss_opts` dict text, as the network builder does (unknown keys rejected).
func makeLoss(_ name: String, opts: String = "{}", output: DataTemplate, target: DataTemplate?) throws -> any Loss {
    let config = try loadNetConfig("opts = \(opts)")
    var reader = try OptionReader(config.typedValue("opts")!, context: "loss_opts")
    guard let type = BuiltinLosses.type(named: name) else { preconditionFailure("no loss '\(name)'") }
    let loss = try type.init(options: &reader, layer: "output", output: output, target: target)
    try reader.finish()
    return loss
}

/// A loss evaluated on a tape: value, error and the gradients of the value w.r.t. named leaves.
struct LossResult {
    let value: Double
    let error: Double?
    let grads: Gradients
}

/// Runs `loss` on the output and target that `make` builds on a recording tape (register leaves
/// there with names), then differentiates the value.
func evaluate(_ loss: any Loss, _ make: (Tape) -> (output: LayerValue, target: LayerValue?)) throws -> LossResult {
    let tape = Tape()
    let (output, target) = make(tape)
    let ctx = ForwardContext(tape: tape, isTraining: true, parameters: [:], data: [:])
    let sums = try loss.compute(output: output, target: target, ctx: ctx)
    return LossResult(value: Double(sums.value.value.scalar), error: sums.error, grads: tape.backward(sums.value))
}

/// `|a - b| <= tol * max(1, |b|)` element-wise, reporting the worst element.
func expectClose(_ a: [Float], _ b: [Double], tol: Double = 2e-5, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, "\(what): \(a.count) vs \(b.count) values", sourceLocation: sourceLocation)
    guard a.count == b.count else { return }
    var worst = 0.0, at = -1
    for i in 0..<a.count {
        let e = Swift.abs(Double(a[i]) - b[i]) / Swift.max(1, Swift.abs(b[i]))
        if e > worst { worst = e; at = i }
    }
    #expect(worst <= tol, "\(what): element \(at) is \(at >= 0 ? a[at] : 0), expected \(at >= 0 ? b[at] : 0)",
            sourceLocation: sourceLocation)
}

/// Checks a result against a fixture case: value, error, and the gradient of each named leaf
/// against the case's gradient of the same key (`x`, `probs`, `target`).
func expectMatches(_ r: LossResult, _ c: LossFixture.Case, leaves: [String: KeyPath<LossFixture.Case, [Double]?>],
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(Swift.abs(r.value - c.value) <= 2e-5 * Swift.max(1, Swift.abs(c.value)), "value \(r.value), expected \(c.value)",
            sourceLocation: sourceLocation)
    #expect(r.error == c.error, "error \(String(describing: r.error)), expected \(String(describing: c.error))",
            sourceLocation: sourceLocation)
    for (name, path) in leaves.sorted(by: { $0.key < $1.key }) {
        guard let want = c[keyPath: path] else {
            Issue.record("fixture case has no gradient for \(name)", sourceLocation: sourceLocation)
            continue
        }
        guard let got = r.grads[name] else {
            Issue.record("no gradient for leaf \(name)", sourceLocation: sourceLocation)
            continue
        }
        expectClose(got.array, want, "gradient of \(name)", sourceLocation: sourceLocation)
    }
}

/// Extern data for loss tests: dense `data` (3), sparse `classes` (4), dense `feat` (4).
func lossExternData(hasTime: Bool = true) -> ExternData {
    ExternData([
        ("data", ExternData.template(key: "data", dim: 3, sparse: false, hasTime: hasTime)),
        ("classes", ExternData.template(key: "classes", dim: 4, sparse: true, hasTime: hasTime)),
        ("feat", ExternData.template(key: "feat", dim: 4, sparse: false, hasTime: hasTime)),
    ])
}

/// A batch for `lossExternData`: `makeBatch` plus `feat`, either soft distributions
/// (`softFeat`), 0/1 values, or reals in [-1, 1].
func lossBatch(lengths: [Int] = [3, 1, 2], feat: FeatKind = .real, seed: UInt64 = 11) -> [String: LayerValue] {
    var batch = makeBatch(lengths: lengths, inDim: 3, classes: 4, seed: seed)
    var g = RandomGenerator(seed: seed + 1)
    let b = lengths.count, t = lengths.max() ?? 0
    var v = (0..<(b * t * 4)).map { _ in g.uniform(-1, 1) }
    switch feat {
    case .real: break
    case .binary: v = v.map { $0 > 0 ? 1 : 0 }
    case .soft:
        for r in 0..<(b * t) {
            let row = (0..<4).map { Foundation.exp(v[r * 4 + $0]) }
            let s = row.reduce(0, +)
            for j in 0..<4 { v[r * 4 + j] = row[j] / s }
        }
    }
    batch["feat"] = LayerValue(values: Variable(Tensor(shape: [b, t, 4], v)), seqLens: batch["data"]!.seqLens)
    return batch
}

/// What `lossBatch` puts into `feat`.
enum FeatKind { case real, binary, soft }
