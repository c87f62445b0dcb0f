import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `softmax_over_spatial`: over time (axis moved last), over the encoder axis of attention
/// energies with `energy_factor`, `log_space` without mask, a static axis; windows and start
/// through layer references; gradients; errors.
@Suite struct SoftmaxOverSpatialLayerTests {
    let fixture = LayersMathFixture.shared
    static let cases = ["softmax_over_spatial_time", "softmax_over_spatial_enc_axis", "softmax_over_spatial_log_no_mask",
                        "softmax_over_spatial_static_axis", "softmax_over_spatial_start_layer",
                        "softmax_over_spatial_window_layer"]

    @Test func matchesUpstream() throws {
        for name in Self.cases { try fixture.check(name) }
        let net = try fixture.build(#"{"output": {"class": "softmax_over_spatial", "from": "data"}}"#)
        let t = net.node("output")!.output
        let d = net.externData["data"]!
        #expect(t.dims == [Dim.batch, d.featureTag!, d.timeDim!])
        #expect(t.timeAxis == 2 && t.featureAxis == 1)
    }

    @Test func paddedFramesGetZeroWeight() throws {
        let net = try fixture.build(#"{"output": {"class": "softmax_over_spatial", "from": "data"}}"#)
        let y = try net.run(data: fixture.batch(net), parameters: [:], tape: Tape(recording: false), isTraining: false).values["output"]!
        // [B, F, T]: sequence 1 has 3 frames.
        for f in 0..<6 {
            #expect(y.dense.value[1, f, 3] == 0 && y.dense.value[1, f, 4] == 0)
            let s = (0..<3).reduce(Float(0)) { $0 + y.dense.value[1, f, $1] }
            #expect(Swift.abs(s - 1) < 1e-5)
        }
    }

    @Test func finiteDifferences() throws {
        for name in Self.cases {
            let keys = name.contains("enc") ? ["data", "enc"] : name.contains("static") ? ["img"] : ["data"]
            let failures = try fixture.finiteDifferences(name, keys: keys)
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    /// `window_start`/`window_size` and `start` from other layers (given to the layer as the
    /// network builder does for `ReferencesLayers`): RETURNN's `SeqLenMaskLayer.build_mask` rule.
    @Test func windowAndStartFromLayers() throws {
        let time = Dim.spatial("time")
        let energy = DataTemplate(dims: [.batch, time])
        let index = DataTemplate(dims: [.batch], isInt: true)
        let layer = try Self.make(#"{"class": "softmax_over_spatial", "window_start": "ws", "window_size": 2, "start": "st"}"#,
                                  input: energy, references: ["window_start": index, "start": index])
        let ctx = ForwardContext(tape: Tape(recording: false), isTraining: false, parameters: [:], data: [:])
        ctx.setSizes(IntTensor([5, 3]), for: time)
        let x = LayerValue(values: Variable(Tensor(shape: [2, 5], [0, 1, 2, 3, 4, 4, 3, 2, 1, 0])), seqLens: IntTensor([5, 3]))
        // Inputs: the source, then the references in option order (start, window_start).
        let y = try layer.forward([x, LayerValue(ints: IntTensor([2, 0]), seqLens: nil), LayerValue(ints: IntTensor([1, 1]), seqLens: nil)], ctx)
        let v = y.dense.value
        // Sequence 0: frames >= 2 and in [1, 3): only frame 2. Sequence 1: frames in [1, 3) and < 3: frames 1, 2.
        #expect(Array(v.array[0..<5]) == [0, 0, 1, 0, 0])
        let e3 = Float(Foundation.exp(3.0)), e2 = Float(Foundation.exp(2.0))
        #expect(Swift.abs(v[1, 1] - e3 / (e3 + e2)) < 1e-6 && v[1, 0] == 0 && v[1, 3] == 0)
    }

    /// A `softmax_over_spatial` layer built directly from a layer dict with given input and referenced templates.
    static func make(_ dict: String, input: DataTemplate, references: [String: DataTemplate]) throws -> SoftmaxOverSpatialLayer {
        let config = try loadNetConfig("layer = " + dict)
        let b = LayerBuilder(name: "sm", location: .builtin, options: try OptionReader(config.typedValue("layer")!, context: "layer 'sm'"),
                             inputs: [input], sourceNames: ["x"], target: nil, lossExtraDim: 0, trainable: true, l2: 0,
                             parameterPrefix: "sm", externData: ExternData([]))
        b.references = references
        b.options.ignore(["class"])
        let layer = try SoftmaxOverSpatialLayer(b)
        try b.options.finish()
        return layer
    }

    @Test func errors() {
        let window = mathLayerError(#"{"output": {"class": "softmax_over_spatial", "from": "data", "window_size": 2}}"#)
        #expect(window?.message.contains("window_start and window_size go together") == true, "\(String(describing: window))")
        let refs = mathLayerError(#"{"output": {"class": "softmax_over_spatial", "from": "data", "start": "data:classes"}}"#)
        #expect(refs?.message.contains("start must be a layer with int output [B]") == true, "\(String(describing: refs))")
        let mask = mathLayerError(#"{"output": {"class": "softmax_over_spatial", "from": "data:img", "axis": "stag:width", "use_time_mask": True}}"#)
        #expect(mask?.message.contains("static") == true)
        let noTime = mathLayerError(#"{"output": {"class": "softmax_over_spatial", "from": "data:vec"}}"#)
        #expect(noTime?.message.contains("no time axis") == true)
    }
}

/// `softmax_over_spatial` on attention energies: per frame inside a rec unit (`[B, T_enc]`, with
/// `start`/`window_start` `[B]` from the loop) and over whole sequences (`[B, T_dec, T_enc]` with
/// `[B, T_dec]` start/window layers), both against upstream.
@Suite struct SoftmaxOverSpatialAttentionTests {
    static let cases = ["softmax_over_spatial_start_per_frame", "softmax_over_spatial_window_per_frame"]

    @Test func wholeSequencesMatchUpstream() throws {
        for name in Self.cases { try AttentionFixture.shared.check(name) }
    }

    @Test func perFrameMatchesUpstream() throws {
        try AttentionFixture.checkPerFrame(Self.cases[0], query: "energy", perFrame: ["start"])
        try AttentionFixture.checkPerFrame(Self.cases[1], query: "energy", perFrame: ["window_start"])
    }

    /// Per frame, padded encoder frames get weight 0.
    @Test func perFrameMasksPaddedFrames() throws {
        let r = try AttentionFixture.runPerFrame(Self.cases[0], query: "energy", perFrame: ["start"])
        for f in r.frames { #expect(f[1, 3] == 0 && f[1, 4] == 0) }  // the second sequence has 3 encoder frames
    }

    @Test func errors() {
        let constant = networkError {
            _ = try AttentionFixture.shared.build(#"{"output": {"class": "softmax_over_spatial", "from": "data", "window_start": 1, "window_size": 2}}"#)
        }
        #expect(constant?.message.contains("window_start must be the name of a layer") == true, "\(String(describing: constant))")
        let axes = networkError {
            _ = try AttentionFixture.shared.build(#"{"output": {"class": "softmax_over_spatial", "from": "data:enc", "start": "data:classes"}}"#)
        }
        #expect(axes?.message.contains("start must be a layer with int output") == true, "\(String(describing: axes))")
    }
}
