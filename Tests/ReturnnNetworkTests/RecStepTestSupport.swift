import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

extension LayersMathFixture {
    /// The upstream reference of the layers that also run frame by frame in rec units:
    /// `Tests/Fixtures/network/layers_recurrent.json` (`make_layers_recurrent_fixtures.py`).
    static let recurrent = load("layers_recurrent.json", generatedBy: "Tests/Fixtures/network/make_layers_recurrent_fixtures.py")

    /// The loop's time axis of the fixture's `data` (`time`).
    var loopTime: Dim { Dim.spatial("time") }
}

/// One layer built the way a rec loop builds it (per frame: `LayerBuilder.recLoop` set), from the
/// options dict text `options` (evaluated after the fixture's prelude), with per-frame input
/// templates; returns the layer and its declared parameters.
func buildStepLayer(_ type: any Layer.Type, _ options: String, name: String, inputs: [DataTemplate], sourceNames: [String] = ["data:source"],
                    prefix: String, referencedNodes: [LayerNode] = [], fixture: LayersMathFixture = .recurrent) throws -> (any Layer, [ParameterSpec]) {
    let config = try loadNetConfig(fixture.prelude + "opts = " + options + "\n")
    let ed = try ExternData.fromConfig(config)!
    var reader = try OptionReader(config.typedValue("opts")!, context: "layer '\(name)'")
    reader.ignore(["class", "from"])
    let b = LayerBuilder(name: name, location: .builtin, options: reader, inputs: inputs, sourceNames: sourceNames, target: nil,
                         lossExtraDim: 0, trainable: true, l2: 0, parameterPrefix: prefix, externData: ed, config: config)
    b.referencedNodes = referencedNodes
    b.recLoop = RecLoopContext(timeDim: Dim.spatial("time"), recLayer: "output")
    let layer = try type.init(b)
    do { try b.options.finish() } catch let e as ConfigError { throw NetworkError.from(e, layer: name) }
    return (layer, b.declared)
}

/// A node for a layer built by `buildStepLayer` (to hand to another layer as a referenced layer).
func stepNode(_ layer: any Layer, name: String) -> LayerNode {
    LayerNode(name: name, className: type(of: layer).className, layer: layer, sources: [], concatenates: true, dropout: 0, loss: nil,
              isOutputLayer: false, onlyOnEval: false, updaterOpts: nil, location: .builtin)
}

/// Frame `t` of a `[B, T, ...]` value as `[B, ...]`.
func frame(_ x: LayerValue, _ t: Int, _ tape: Tape) -> LayerValue {
    let v = x.dense
    let shape = [v.shape[0]] + v.shape.dropFirst(2)
    return LayerValue(values: tape.reshape(tape.slice(v, axis: 1, t..<(t + 1)), shape), seqLens: nil)
}

/// Runs a `RecStepLayer` over all frames of `x` (no masking: valid frames do not depend on later
/// padding); returns the outputs `[B, T, ...]` stacked on axis 1 and the state after each frame.
func runSteps(_ layer: any RecStepLayer, _ x: LayerValue, references: [LayerValue] = [], _ ctx: ForwardContext,
              perFrameReferences: ((Int) throws -> [LayerValue])? = nil) throws -> (output: Variable, states: [RecStepState]) {
    let tape = ctx.tape
    var state = try layer.initialStepState(batch: x.batch, references: references, ctx)
    var outs: [Variable] = [], states: [RecStepState] = []
    for t in 0..<x.time {
        let refs = try perFrameReferences?(t) ?? references
        let (y, s) = try layer.step([frame(x, t, tape)] + refs, state: state, ctx)
        outs.append(tape.reshape(y.dense, [y.dense.shape[0], 1] + y.dense.shape.dropFirst()))
        state = s
        states.append(s)
    }
    return (tape.concat(outs, axis: 1), states)
}

/// `|a - b| <= tol * max(1, |b|)` on the valid frames (`t < lens[b]`) of two `[B, T, ...]` tensors.
func expectValidFramesClose(_ a: Tensor, _ b: [Double], shape: [Int], lens: [Int], tol: Double = 1e-4, name what: String,
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(a.shape == shape, "\(what): shape \(a.shape) vs \(shape)", sourceLocation: sourceLocation)
    guard a.shape == shape else { return }
    let inner = shape.dropFirst(2).reduce(1, *), time = shape[1]
    let got = a.array
    var worst = 0.0
    for bi in 0..<shape[0] {
        for t in 0..<lens[bi] {
            for k in 0..<inner {
                let i = (bi * time + t) * inner + k
                worst = max(worst, Swift.abs(Double(got[i]) - b[i]) / max(1, Swift.abs(b[i])))
            }
        }
    }
    #expect(worst <= tol, "\(what): differs by \(worst)", sourceLocation: sourceLocation)
}
