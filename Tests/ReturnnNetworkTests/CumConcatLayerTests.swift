import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `cum_concat`: frame by frame (the frames so far on a new axis, sizes registered) against
/// upstream's rec loop, the moved-out form, errors.
@Suite struct CumConcatLayerTests {
    let fixture = LayersMathFixture.recurrent

    @Test func framesMatchUpstreamLoop() throws {
        let (layer, _) = try buildStepLayer(CumConcatLayer.self, #"{"class": "cum_concat", "out_spatial_dim": new_dim}"#, name: "cc",
                                            inputs: [DataTemplate(dims: [.batch, .feature("feat", 6)])], prefix: "output/rec/cc")
        let cc = layer as! CumConcatLayer
        #expect(cc.output.rank == 3 && cc.output.dims[1].isDynamic && cc.output.dims[1].name == "cum-concat" && cc.output.timeAxis == 1)
        let tape = Tape(recording: false)
        let ctx = ForwardContext(tape: tape, isTraining: false, parameters: [:], data: [:])
        let x = fixture.batch(try fixture.build(#"{"output": {"class": "copy", "from": "data"}}"#))["data"]!
        var state = try cc.initialStepState(batch: 2, references: [], ctx)
        var sums: [Variable] = []
        for t in 0..<5 {
            let (y, s) = try cc.step([frame(x, t, tape)], state: state, ctx)
            state = s
            #expect(y.shape == [2, t + 1, 6] && y.seqLens?.array == [Int32(t + 1), Int32(t + 1)])
            #expect(ctx.sizes(of: cc.output.dims[1])?.array == [Int32(t + 1), Int32(t + 1)])
            // The frames so far, unchanged.
            #expect(tape.slice(y.dense, axis: 1, t..<(t + 1)).value.array == tape.slice(x.dense, axis: 1, t..<(t + 1)).value.array)
            sums.append(tape.reshape(tape.reduce(y.dense, .sum, axes: [1]), [2, 1, 6]))
        }
        let e = fixture.case("loop_cum_concat").outputs["output"]!
        expectValidFramesClose(tape.concat(sums, axis: 1).value, e.values, shape: e.shape, lens: [5, 3], tol: 1e-5, name: "loop_cum_concat")
    }

    /// Moved out of the loop: the input with its time axis replaced by out_spatial_dim.
    @Test func wholeSequenceReplacesTheTimeAxis() throws {
        let net = try fixture.build(#"{"output": {"class": "cum_concat", "from": "data", "out_spatial_dim": new_dim}}"#)
        let t = net.node("output")!.output
        #expect(t.dims[1].name == "cum-concat" && t.dims[1] != net.node("data")!.output.dims[1] && t.featureDim == 6)
        let data = fixture.batch(net)
        let run = try net.run(data: data, parameters: [:], tape: Tape(recording: false), isTraining: false)
        #expect(run.values["output"]!.dense.value.array == data["data"]!.dense.value.array)
        #expect(run.values["output"]!.seqLens?.array == [5, 3])
    }

    @Test func errors() throws {
        let noDim = networkError { _ = try fixture.build(#"{"output": {"class": "cum_concat", "from": "data"}}"#) }
        #expect(noDim?.message.contains("out_spatial_dim") == true)
        let staticDim = networkError { _ = try fixture.build(#"{"output": {"class": "cum_concat", "from": "data", "out_spatial_dim": feat_dim}}"#) }
        #expect(staticDim?.message.contains("out_spatial_dim must be a dynamic dim tag") == true)
        let noTime = networkError { _ = try fixture.build(#"{"output": {"class": "cum_concat", "from": "data:vec", "out_spatial_dim": new_dim}}"#) }
        #expect(noTime?.message.contains("cum_concat runs inside a rec layer's unit") == true)
    }
}
