import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `combine_dims`: `"axes": "static"` after `gauss_window_attention` (demos/demo-tf-att-copy.config)
/// against upstream `merge_dims` (upstream's combine_dims rejects a string `axes`); per frame; errors.
@Suite struct CombineDimsLayerTests {
    @Test func matchesUpstream() throws {
        let net = try AttentionFixture.shared.check("combine_dims_static")
        let t = net.node("output")!.output
        #expect(t.dims.count == 3 && t.dims[1] == net.externData["data"]!.timeDim! && t.featureDim == 10, "\(t)")
        let failures = try AttentionFixture.shared.finiteDifferences("combine_dims_static", keys: ["data", "enc"])
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Per frame (the demo's rec unit): `[B, inner, F]` → `[B, inner * F]`, the frame's values in order.
    @Test func perFrame() throws {
        let config = try loadNetConfig(#"layer = {"class": "combine_dims", "axes": "static", "from": ["att"]}"#)
        let input = DataTemplate(dims: [.batch, Dim.spatial("att:inner", size: 2), Dim(kind: .feature, name: "enc-feat", size: 5)])
        let b = LayerBuilder(name: "att_comb", location: .builtin, options: try OptionReader(config.typedValue("layer")!, context: "layer"),
                             inputs: [input], sourceNames: ["att"], target: nil, lossExtraDim: 0, trainable: true, l2: 0,
                             parameterPrefix: "att_comb", externData: ExternData([]))
        b.recLoop = RecLoopContext(timeDim: Dim.spatial("dec-time"), recLayer: "decoder")
        b.options.ignore(["class", "from"])
        let layer = try CombineDimsLayer(b)
        try b.options.finish()
        #expect(layer.output.rank == 2 && layer.output.featureDim == 10)
        let x = Tensor(shape: [3, 2, 5], (0..<30).map(Float.init))
        let ctx = ForwardContext(tape: Tape(recording: false), isTraining: false, parameters: [:], data: [:])
        let y = try layer.forward([LayerValue(values: Variable(x), seqLens: nil)], ctx)
        #expect(y.shape == [3, 10] && y.dense.value.array == x.array)
    }

    @Test func errors() {
        let keep = networkError { _ = try buildNetwork(#"network = {"output": {"class": "combine_dims", "axes": "F", "keep_order": False}}"#) }
        #expect(keep?.message.contains("remove keep_order") == true, "\(String(describing: keep))")
        let axes = networkError { _ = try buildNetwork(#"network = {"output": {"class": "combine_dims", "from": "data"}}"#) }
        #expect(axes?.message.contains("axes") == true, "\(String(describing: axes))")
    }
}
