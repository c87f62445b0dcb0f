import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `dot`: attention over two dynamic axes, reduce over a masked dynamic axis, old defaults, var
/// "auto", the dummy var2 axis; gradients; errors.
@Suite struct DotLayerTests {
    let fixture = LayersMathFixture.shared
    static let cases = ["dot_attention_old", "dot_attention_auto", "dot_reduce_time_masked", "dot_defaults_var2_empty", "dot_old_defaults"]

    @Test func matchesUpstream() throws {
        for name in Self.cases { try fixture.check(name) }
    }

    @Test func attentionTemplateHasBothDynamicAxes() throws {
        let net = try fixture.build(#"{"output": {"class": "dot", "from": ["data", "data:enc"], "red1": "F", "red2": "F", "var1": "T", "var2": "T"}}"#)
        let t = net.node("output")!.output
        let (dec, enc) = (net.externData["data"]!.timeDim!, net.externData["enc"]!.timeDim!)
        #expect(t.dims == [Dim.batch, dec, enc])
        #expect(t.timeDim == dec && t.featureAxis == nil)
        // The encoder lengths of the batch are the sizes of the last axis.
        let run = try net.run(data: fixture.batch(net), parameters: [:], tape: Tape(recording: false), isTraining: false)
        #expect(run.values["output"]!.seqLens?.array == [5, 3])
    }

    @Test func maskedReduceIgnoresPadding() throws {
        let c = fixture.case("dot_reduce_time_masked")
        let net = try fixture.build(c.network)
        var data = fixture.batch(net)
        let params = fixture.parameters(c, net)
        let a = try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false).values["output"]!.dense.value
        var x = data["data"]!.dense.value
        x.withUnsafeMutableBufferPointer { p in for i in (5 * 6 + 3 * 6)..<(10 * 6) { p[i] = 100 } }   // padding of sequence 1
        data["data"] = LayerValue(values: Variable(x), seqLens: data["data"]!.seqLens)
        let b = try net.run(data: data, parameters: params, tape: Tape(recording: false), isTraining: false).values["output"]!.dense.value
        #expect(a == b)
    }

    @Test func finiteDifferences() throws {
        for name in Self.cases {
            let keys = name.contains("attention") ? ["data", "enc"] : name.contains("var2_empty") ? ["data", "vec"] : ["data"]
            let failures = try fixture.finiteDifferences(name, keys: keys)
            #expect(failures.isEmpty, "\(name): \(failures)")
        }
    }

    @Test func errors() {
        let one = mathLayerError(#"{"output": {"class": "dot", "from": "data", "red1": "F", "red2": "F"}}"#)
        #expect(one?.message.contains("exactly two sources") == true)
        let red = mathLayerError(#"{"output": {"class": "dot", "from": ["data", "data:enc"], "red1": "T", "red2": "T", "var1": "F", "var2": "F"}}"#)
        #expect(red?.kind == .dimensionMismatch && red?.message.contains("reduce axis") == true, "\(String(describing: red))")
        let rem = mathLayerError(#"{"output": {"class": "dot", "from": ["data", "data:enc"], "red1": "F", "red2": "F", "var1": "T", "var2": None}}"#)
        #expect(rem?.message.contains("remaining (shared) axes") == true, "\(String(describing: rem))")
        let both = mathLayerError(#"{"output": {"class": "dot", "from": ["data", "data:enc"], "reduce": "F", "red1": "F"}}"#)
        #expect(both?.message.contains("not both") == true)
        let sparse = mathLayerError(#"{"output": {"class": "dot", "from": ["data:classes", "data"], "red1": "F", "red2": "F"}}"#)
        #expect(sparse?.kind == .sparseMismatch)
        let overlap = mathLayerError(#"{"output": {"class": "dot", "from": ["data", "data:enc"], "red1": "F", "red2": "F", "var1": "F", "var2": "T"}}"#)
        #expect(overlap?.message.contains("both a var1 and a reduce axis") == true, "\(String(describing: overlap))")
    }
}
