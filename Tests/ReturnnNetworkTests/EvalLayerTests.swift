import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `eval` (and `combine` with `kind="eval"`): values and gradients against upstream RETURNN
/// (`layers_eval.json` from `make_layers_eval_fixtures.py`), finite differences, templates, and
/// the error texts for code outside the TF subset and for a wrong `out_type`.
@Suite struct EvalLayerTests {
    static let fixture = LayersMathFixture.load("layers_eval.json", generatedBy: "Tests/Fixtures/network/make_layers_eval_fixtures.py")
    static let names = fixture.cases.map(\.name)

    @Test(arguments: names) func matchesUpstream(_ name: String) throws {
        try Self.fixture.check(name)
    }

    @Test(arguments: ["eval_tf_elementwise", "eval_tf_pow_tensor", "eval_tf_reduce", "eval_where_bc", "eval_safe_log_softmax",
                      "eval_as_data_mask", "combine_eval_activation"])
    func finiteDifferences(_ name: String) throws {
        let failures = try Self.fixture.finiteDifferences(name, keys: ["data"])
        #expect(failures.isEmpty, "\(name): \(failures)")
    }

    @Test func templates() throws {
        let f = Self.fixture
        let same = try f.build(f.case("eval_tf_elementwise").network)
        #expect(same.node("output")!.output == same.externData["data"]!)
        let reduced = try f.build(f.case("eval_out_type").network).node("output")!.output
        #expect(reduced.rank == 3 && reduced.featureDim == 1 && reduced.timeAxis == 1)
        let combined = try f.build(f.case("combine_eval_broadcast").network)
        #expect(combined.node("output")!.output == combined.externData["data"]!)
        let classes = try f.build(f.case("eval_int_classes").network).node("output")!.output
        #expect(!classes.isInt && classes.sparseTag == nil && classes.rank == 2)
    }

    /// The error of building and running a net dict on the fixture's inputs (nil if it runs).
    func runError(_ network: String, training: Bool = false) -> NetworkError? {
        networkError {
            let net = try Self.fixture.build(network)
            _ = try net.run(data: Self.fixture.batch(net), parameters: [:], tape: Tape(recording: false), isTraining: training)
        }
    }

    @Test func unsupportedFunctionsAreNamedWithTheirLocation() {
        let tf = runError(#"{"output": {"class": "eval", "from": "data", "eval": "tf.signal.stft(source(0), 4, 2)"}}"#)
        #expect(tf?.message.contains("tf.signal is not supported in eval layers") == true, "\(String(describing: tf))")
        #expect(tf?.layer == "output")
        #expect(tf?.description.contains("test.config:") == true, "\(String(describing: tf))")
        let typo = runError(#"{"output": {"class": "eval", "from": "data", "eval": "tf.math.reduce_summ(source(0))"}}"#)
        #expect(typo?.message.contains("tf.math.reduce_summ is not supported") == true && typo?.message.contains("did you mean 'tf.math.reduce_sum'") == true,
                "\(String(describing: typo))")
        let helper = runError(#"{"output": {"class": "eval", "from": "data", "eval": "layer_norm(source(0))"}}"#)
        #expect(helper?.message.contains("returnn.tf.util.basic.layer_norm is not supported in eval layers") == true, "\(String(describing: helper))")
        let dtype = runError(#"{"output": {"class": "eval", "from": "data", "eval": "tf.cast(source(0), tf.float64)"}}"#)
        #expect(dtype?.message.contains("dtype float64 is not supported") == true, "\(String(describing: dtype))")
    }

    @Test func wrongOutTypeIsAnError() {
        let key = mathLayerErrorWithConfig(#"{"output": {"class": "eval", "from": "data", "eval": "source(0)", "out_type": {"shap": (None, 1)}}}"#)
        #expect(key?.message.contains("out_type has the unknown key 'shap'; did you mean 'shape'?") == true, "\(String(describing: key))")
        let dtype = mathLayerErrorWithConfig(#"{"output": {"class": "eval", "from": "data", "eval": "source(0)", "out_type": {"dtype": "float64"}}}"#)
        #expect(dtype?.message.contains("dtype 'float64' is not supported") == true, "\(String(describing: dtype))")
        let size = runError(#"{"output": {"class": "eval", "from": "data", "eval": "source(0)", "out_type": {"shape": (None, 1), "dim": 1}}}"#)
        #expect(size?.message.contains("should have size 1") == true, "\(String(describing: size))")
        let int = runError(#"{"output": {"class": "eval", "from": "data", "eval": "tf.cast(source(0), tf.int32)"}}"#)
        #expect(int?.message.contains("eval returned a int32 tensor, but the output template") == true, "\(String(describing: int))")
        let data = runError(#"{"output": {"class": "eval", "from": "data", "eval": "source(0, as_data=True)"}}"#)
        #expect(data?.message.contains("return its .placeholder") == true, "\(String(describing: data))")
    }

    @Test func everySourceMustBeUsed() {
        let e = runError(#"{"output": {"class": "combine", "kind": "eval", "from": ["data", "data:vec"], "eval": "source(0) * 2.0"}}"#)
        #expect(e?.message.contains("eval did not use source 1 ('data:vec')") == true, "\(String(describing: e))")
    }

    @Test func pythonErrorsInTheCodeAreLocated() {
        let e = runError(#"{"output": {"class": "eval", "from": "data", "eval": "source(0) + tf.ones((3, 4))"}}"#)
        #expect(e?.message.contains("are incompatible") == true, "\(String(describing: e))")
        let shapes = runError(#"{"output": {"class": "eval", "from": "data", "eval": "source(3)"}}"#)
        #expect(shapes?.message.contains("source(3): the layer has 1 source") == true, "\(String(describing: shapes))")
    }

    /// The output values of a net dict on the fixture's inputs.
    func output(_ network: String, training: Bool, step: Int = 0) throws -> [Float] {
        let net = try Self.fixture.build(network)
        let run = try net.run(data: Self.fixture.batch(net), parameters: [:], tape: Tape(recording: false), isTraining: training,
                              options: RunOptions(step: step))
        return run.values["output"]!.dense.value.array
    }

    @Test func trainFlagAndGlobalStep() throws {
        let x = Self.fixture.inputs["data"]!.values.map { Float($0) }
        let cond = #"{"output": {"class": "eval", "from": "data", "eval": "tf.cond(self.network.train_flag, lambda: source(0) * 0.0, lambda: source(0))"}}"#
        #expect(try output(cond, training: false) == x)
        #expect(try output(cond, training: true).allSatisfy { $0 == 0 })
        let onTrain = #"{"output": {"class": "eval", "from": "data", "eval": "self.network.cond_on_train(lambda: -source(0), lambda: source(0))"}}"#
        #expect(try output(onTrain, training: true) == x.map { -$0 })
        let step = #"{"output": {"class": "eval", "from": "data", "eval": "source(0) * tf.cast(self.network.global_train_step, tf.float32)"}}"#
        #expect(try output(step, training: true, step: 3) == x.map { $0 * 3 })
        let loop = #"{"output": {"class": "eval", "from": "data", "eval": "tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * 2.0), (0, source(0)))[1]"}}"#
        #expect(try output(loop, training: false) == x.map { $0 * 8 })
    }

    /// The `NetworkError` that building a net dict (with its config) throws.
    func mathLayerErrorWithConfig(_ network: String) -> NetworkError? {
        networkError { _ = try Self.fixture.build(network) }
    }
}
