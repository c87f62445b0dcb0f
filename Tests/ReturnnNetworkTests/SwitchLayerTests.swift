import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `switch` (`where`): choice by a bool layer between layers and constants, against upstream; a
/// static condition; the builder's error until it wires layer references; option errors.
///
/// The network builder does not construct layers named in options yet, so the layer is built
/// directly with the referenced templates (as `ReferencesLayers` specifies) and run on the
/// upstream values of those layers.
@Suite struct SwitchLayerTests {
    let fixture = LayersMathFixture.shared

    /// Builds `switch` from the layer dict of the fixture case and runs it on the fixture's values
    /// of the referenced layers; checks output and the gradients into `data` against upstream.
    func checkCase(_ name: String) throws {
        let c = fixture.case(name)
        let config = try loadNetConfig(fixture.config(c.network))
        let ed = try ExternData.fromConfig(config)!
        let dict = config.typedValue("network")!.dictValue!
        let data = ed["data"]!
        func template(_ out: LayersMathFixture.Output) -> DataTemplate {
            var t = out.shape.count == 2 ? DataTemplate(dims: [.batch, data.timeDim!]) : data
            t.isBool = out.dtype == "bool"
            return t
        }
        let layerDict = dict.get("output")!
        var refs: [String: DataTemplate] = [:], values: [String: LayerValue] = [:]
        let tape = Tape()
        let x = Tensor(shape: fixture.inputs["data"]!.shape, fixture.inputs["data"]!.values.map { Float($0) })
        let lens = IntTensor([5, 3])
        let xv = tape.leaf(x, name: "data")
        for key in SwitchLayer.layerOptionKeys {
            guard let ref = layerDict.dictValue!.get(key)?.stringValue else { continue }
            if ref == "data" {
                refs[key] = data
                values[key] = LayerValue(values: xv, seqLens: lens)
            } else {
                let out = c.outputs[ref]!
                refs[key] = template(out)
                values[key] = out.dtype == "bool"
                    ? LayerValue(ints: IntTensor(shape: out.shape, out.values.map { Int32($0) }), seqLens: lens)
                    // tanh(data) from upstream, recomputed on the tape so the gradient flows.
                    : LayerValue(values: tape.tanh(xv), seqLens: lens)
            }
        }
        let b = LayerBuilder(name: "output", location: .builtin, options: try OptionReader(layerDict, context: "layer 'output'"),
                             inputs: [], sourceNames: [], target: nil, lossExtraDim: 0, trainable: true, l2: 0, parameterPrefix: "output",
                             externData: ed)
        b.references = refs
        b.options.ignore(["class"])
        let layer = try SwitchLayer(b)
        try b.options.finish()
        let ctx = ForwardContext(tape: tape, isTraining: false, parameters: [:], data: [:])
        ctx.setSizes(lens, for: data.timeDim!)
        let inputs = SwitchLayer.layerOptionKeys.compactMap { values[$0] }
        let y = try layer.forward(inputs, ctx)
        let want = c.outputs["output"]!
        #expect(y.shape == want.shape && layer.output.dims == data.dims)
        #expect(y.seqLens?.array == [5, 3])
        let got = y.dense.value.array
        #expect(zip(got, want.values).allSatisfy { Swift.abs(Double($0) - $1) < 1e-5 }, "\(name): values")
        let r = Variable(Tensor(shape: y.shape, LayersMathFixture.weights(got.count)))
        let g = tape.backward(tape.reduce(tape.mul(y.dense, r), .sum, axes: [0, 1, 2]))["data"]!.array
        #expect(zip(g, c.grads!["data"]!).allSatisfy { Swift.abs(Double($0) - $1) < 1e-4 }, "\(name): gradient")
    }

    @Test func matchesUpstream() throws {
        for name in ["switch_layers", "switch_const_false", "switch_broadcast_cond"] { try checkCase(name) }
    }

    @Test func staticConditionAndAlias() throws {
        let net = try fixture.build(#"{"output": {"class": "where", "condition": False, "true_from": 1.0, "false_from": -2.5}}"#)
        #expect(net.node("output")!.className == "switch")
        let y = try net.run(data: fixture.batch(net), parameters: [:], tape: Tape(recording: false), isTraining: false).values["output"]!
        #expect(y.dense.value.array == [-2.5])
    }

    @Test func errors() {
        let refs = mathLayerError(#"{"c": {"class": "compare", "from": "data", "value": 0}, "output": {"class": "switch", "condition": "c", "true_from": "data", "false_from": 0.0}}"#)
        #expect(refs?.message.contains("condition='c' names another layer") == true, "\(String(describing: refs))")
        let from = mathLayerError(#"{"output": {"class": "switch", "from": "data", "condition": True, "true_from": 1.0, "false_from": 0.0}}"#)
        #expect(from?.message.contains("not from 'from'") == true)
        let value = mathLayerError(#"{"output": {"class": "switch", "condition": True, "true_from": [1], "false_from": 0.0}}"#)
        #expect(value?.message.contains("true_from must be a layer name or a number") == true, "\(String(describing: value))")
    }
}
