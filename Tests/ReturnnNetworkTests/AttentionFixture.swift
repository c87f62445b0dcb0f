import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// The upstream reference of the attention layers, `Tests/Fixtures/network/layers_attention.json`
/// (written by `make_layers_attention_fixtures.py`, format of `LayersMathFixture`): whole-sequence
/// net dicts whose expected outputs upstream computed frame by frame in a rec loop, and the
/// per-frame form of the same layers built as a rec unit builds them (`LayerBuilder.recLoop`).
enum AttentionFixture {
    /// The fixture, loaded once.
    static let shared = LayersMathFixture.load("layers_attention.json", generatedBy: "Tests/Fixtures/network/make_layers_attention_fixtures.py")

    /// The layer `output` of case `name` built per frame, as inside a rec unit over `data`'s time
    /// axis: the query (`from`, layer `query`) and the `perFrame` references lack that axis, the
    /// other references are whole layers of the case's network (`base:...`). Runs it frame by frame
    /// on the frames of the whole-sequence network's values and returns the output per frame
    /// (`[B, ...]` each), the per-frame template, and the expected upstream frames.
    static func runPerFrame(_ name: String, query: String?, perFrame: Set<String> = []) throws
        -> (frames: [Tensor], template: DataTemplate, expected: [[Double]], expectedShape: [Int]) {
        let fixture = shared
        let c = fixture.case(name)
        let config = try loadNetConfig(fixture.config(c.network))
        let net = try NetworkBuilder(externData: ExternData.fromConfig(config)!, config: config).build(config.typedValue("network")!)
        let params = fixture.parameters(c, net)
        let data = fixture.batch(net)
        let run = try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false)
        let loopTime = net.externData["data"]!.timeDim!
        func value(_ layer: String) -> LayerValue {
            layer.hasPrefix("data:") ? data[String(layer.dropFirst(5))]! : layer == "data" ? data["data"]! : run.values[layer]!
        }
        func template(_ layer: String) -> DataTemplate {
            let t = layer.hasPrefix("data:") ? net.externData[String(layer.dropFirst(5))]! : layer == "data" ? net.externData["data"]! : net.node(layer)!.output
            return t
        }
        func withoutLoopTime(_ t: DataTemplate) -> DataTemplate {
            var u = t
            u.dims = t.dims.filter { $0 != loopTime }
            return u
        }
        let layerDict = config.typedValue("network")!.dictValue!.get("output")!
        let className = layerDict.dictValue!.get("class")!.stringValue!
        let type = BuiltinLayers.type(named: className) as! any ReferencesLayers.Type
        let opts = try OptionReader(layerDict, context: "layer 'output'")
        let keys = type.layerOptionKeys.filter { opts.layerName($0) != nil }
        let b = LayerBuilder(name: "output", location: .builtin, options: opts, inputs: query.map { [withoutLoopTime(template($0))] } ?? [],
                             sourceNames: query.map { [$0] } ?? [], target: nil, lossExtraDim: 0, trainable: true, l2: 0,
                             parameterPrefix: "output", externData: net.externData, config: config)
        b.recLoop = RecLoopContext(timeDim: loopTime, recLayer: "rec")
        for key in keys {
            let t = template(opts.layerName(key)!)
            b.references[key] = perFrame.contains(key) ? withoutLoopTime(t) : t
        }
        b.options.ignore(["class", "from"])
        let layer = try type.init(b)
        try b.options.finish()
        let ctx = ForwardContext(tape: Tape(recording: false), isTraining: false, parameters: params.mapValues { Variable($0) }, data: data)
        for key in ["data", "enc"] { ctx.setSizes(data[key]!.seqLens!, for: net.externData[key]!.timeDim!) }
        func frame(_ layer: String, _ t: Int) -> LayerValue {
            if let ints = value(layer).ints {  // [B, T] int indices
                let (batch, time) = (ints.shape[0], ints.shape[1])
                return LayerValue(ints: IntTensor(shape: [batch], (0..<batch).map { ints.array[$0 * time + t] }), seqLens: nil)
            }
            let v = value(layer).dense
            let axis = template(layer).dims.firstIndex(of: loopTime)!
            var shape = v.shape
            shape.remove(at: axis)
            let tape = ctx.tape
            return LayerValue(values: tape.reshape(tape.slice(v, axis: axis, t..<(t + 1)), shape), seqLens: nil)
        }
        let steps = data["data"]!.dense.shape[1]
        var frames: [Tensor] = []
        for t in 0..<steps {
            var inputs = query.map { [frame($0, t)] } ?? []
            for key in keys {
                let layerName = opts.layerName(key)!
                inputs.append(perFrame.contains(key) ? frame(layerName, t) : value(layerName))
            }
            frames.append(try layer.forward(inputs, ctx).dense.value)
        }
        let e = c.outputs["output"]!
        let per = e.values.count / (e.shape[0] * e.shape[1])
        var expected: [[Double]] = []
        for t in 0..<steps {
            var f: [Double] = []
            for bi in 0..<e.shape[0] {
                let start = (bi * e.shape[1] + t) * per
                f += e.values[start..<(start + per)]
            }
            expected.append(f)
        }
        return (frames, layer.output, expected, [e.shape[0]] + e.shape.dropFirst(2))
    }

    /// Checks the per-frame run of case `name` against upstream's frames.
    static func checkPerFrame(_ name: String, query: String?, perFrame: Set<String> = [], tolerance: Double = 1e-4,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let r = try runPerFrame(name, query: query, perFrame: perFrame)
        #expect(!r.template.dims.contains { $0.isDynamic && $0.name != "enc-time" }, "\(name): per-frame template \(r.template)",
                sourceLocation: sourceLocation)
        #expect(r.template.shape(batch: r.expectedShape[0], time: r.expectedShape.last!) == r.expectedShape, "\(name): per-frame template \(r.template)",
                sourceLocation: sourceLocation)
        for (t, (got, want)) in zip(r.frames, r.expected).enumerated() {
            #expect(got.shape == r.expectedShape, "\(name): frame \(t) shape \(got.shape)", sourceLocation: sourceLocation)
            let err = zip(got.array.map(Double.init), want).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? .infinity
            #expect(err <= tolerance, "\(name): frame \(t) differs from upstream by \(err)", sourceLocation: sourceLocation)
        }
    }
}
