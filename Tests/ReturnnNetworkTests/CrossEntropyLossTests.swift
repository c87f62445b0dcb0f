import Foundation
import ReturnnConfig
import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// Loss `ce`: values, errors and gradients against the numpy fixture, options, and FD gradient
/// checks through networks.
@Suite struct CrossEntropyLossTests {
    let f = LossFixture.shared

    /// A softmax layer's output: probabilities plus the logits leaf `x`.
    func softmaxOutput(_ tape: Tape) -> LayerValue {
        let x = tape.leaf(f.tensor(f.x), name: "x")
        return LayerValue(values: tape.softmax(x), seqLens: f.seqLens, logits: x)
    }

    @Test func sparseTargetOnSoftmaxLayerIsTheFusedCE() throws {
        let loss = try makeLoss("ce", output: f.denseTemplate, target: f.sparseTemplate)
        let r = try evaluate(loss) { (softmaxOutput($0), f.sparseTarget) }
        expectMatches(r, f.case("ce_sparse_logits"), leaves: ["x": \.gradX])
    }

    @Test func inputTypeLogitsAndUnfusedGiveTheSameLoss() throws {
        let logits = try makeLoss("ce", opts: "{'input_type': 'logits'}", output: f.denseTemplate, target: f.sparseTemplate)
        let r = try evaluate(logits) { tape in
            (LayerValue(values: tape.leaf(f.tensor(f.x), name: "x"), seqLens: f.seqLens), f.sparseTarget)
        }
        expectMatches(r, f.case("ce_sparse_logits"), leaves: ["x": \.gradX])
        let unfused = try makeLoss("ce", opts: "{'use_fused': False}", output: f.denseTemplate, target: f.sparseTemplate)
        expectMatches(try evaluate(unfused) { (softmaxOutput($0), f.sparseTarget) }, f.case("ce_sparse_logits"), leaves: ["x": \.gradX])
    }

    @Test func labelSmoothingOnLogits() throws {
        let loss = try makeLoss("ce", opts: "{'label_smoothing': 0.1}", output: f.denseTemplate, target: f.sparseTemplate)
        let r = try evaluate(loss) { (softmaxOutput($0), f.sparseTarget) }
        expectMatches(r, f.case("ce_sparse_logits_ls"), leaves: ["x": \.gradX])
        let unfused = try makeLoss("ce", opts: "{'label_smoothing': 0.1, 'use_fused': False}", output: f.denseTemplate,
                                   target: f.sparseTemplate)
        expectMatches(try evaluate(unfused) { (softmaxOutput($0), f.sparseTarget) }, f.case("ce_sparse_logits_ls"), leaves: ["x": \.gradX])
    }

    @Test func sparseTargetOnProbabilities() throws {
        let probs: (Tape) -> LayerValue = { LayerValue(values: $0.leaf(f.tensor(f.probs), name: "probs"), seqLens: f.seqLens) }
        let loss = try makeLoss("ce", output: f.denseTemplate, target: f.sparseTemplate)
        expectMatches(try evaluate(loss) { (probs($0), f.sparseTarget) }, f.case("ce_sparse_probs"), leaves: ["probs": \.gradProbs])
        let smoothed = try makeLoss("ce", opts: "{'label_smoothing': 0.2}", output: f.denseTemplate, target: f.sparseTemplate)
        expectMatches(try evaluate(smoothed) { (probs($0), f.sparseTarget) }, f.case("ce_sparse_probs_ls"),
                      leaves: ["probs": \.gradProbs])
    }

    @Test func denseTargets() throws {
        let target: (Tape) -> LayerValue = { LayerValue(values: $0.leaf(f.tensor(f.soft), name: "target"), seqLens: f.seqLens) }
        let loss = try makeLoss("ce", output: f.denseTemplate, target: f.denseTemplate)
        expectMatches(try evaluate(loss) { (softmaxOutput($0), target($0)) }, f.case("ce_dense_logits"),
                      leaves: ["x": \.gradX, "target": \.gradTarget])
        let probs = try evaluate(loss) { tape in
            (LayerValue(values: tape.leaf(f.tensor(f.probs), name: "probs"), seqLens: f.seqLens), target(tape))
        }
        expectMatches(probs, f.case("ce_dense_probs"), leaves: ["probs": \.gradProbs, "target": \.gradTarget])
        let unfused = try makeLoss("ce", opts: "{'use_fused': False}", output: f.denseTemplate, target: f.denseTemplate)
        expectMatches(try evaluate(unfused) { (softmaxOutput($0), target($0)) }, f.case("ce_dense_logits"),
                      leaves: ["x": \.gradX, "target": \.gradTarget])
    }

    @Test func safeLogClampsZeroProbabilities() throws {
        let loss = try makeLoss("ce", opts: "{'safe_log_opts': {'eps': 1e-6}}", output: DataTemplate(hasTime: false, featureDim: 2),
                                target: .sparse(dim: 2, hasTime: false))
        let r = try evaluate(loss) { tape in
            (LayerValue(values: tape.leaf(Tensor(shape: [1, 2], [0, 1]), name: "p"), seqLens: nil),
             LayerValue(ints: IntTensor([0]), seqLens: nil))
        }
        #expect(Swift.abs(r.value - -Foundation.log(1e-6)) < 1e-3)
        #expect(r.error == 1)
        #expect(r.grads["p"]!.array.allSatisfy { $0.isFinite })
    }

    @Test func unsupportedOptionsSaySo() {
        for opts in ["{'focal_loss_factor': 2.0}", "{'label_smoothing_gaussian': True}", "{'fake_upper_bound': 10.0}",
                     "{'debug_dump': True}", "{'custom_norm_factor': 0.5}", "{'use_normalized_loss': True}",
                     "{'use_flatten_frames': False}"] {
            let e = networkError { _ = try makeLoss("ce", opts: opts, output: f.denseTemplate, target: f.sparseTemplate) }
            #expect(e?.kind == .invalidOption && e!.message.contains("not supported"), "\(opts): \(String(describing: e))")
        }
        // Defaults are accepted.
        #expect(throws: Never.self) {
            _ = try makeLoss("ce", opts: "{'focal_loss_factor': 0.0, 'fake_upper_bound': None, 'use_flatten_frames': True}",
                             output: f.denseTemplate, target: f.sparseTemplate)
        }
    }

    @Test func badOptionsAndTemplates() throws {
        #expect(networkError { _ = try makeLoss("ce", opts: "{'input_type': 'log_prob'}", output: f.denseTemplate, target: f.sparseTemplate) }?
            .kind == .invalidOption)
        #expect(networkError { _ = try makeLoss("ce", opts: "{'label_smoothing': 1.5}", output: f.denseTemplate, target: f.sparseTemplate) }?
            .kind == .invalidOption)
        #expect(networkError { _ = try makeLoss("ce", opts: "{'label_smoothing': 0.1}", output: f.denseTemplate, target: f.denseTemplate) }?
            .kind == .invalidOption)
        #expect(networkError { _ = try makeLoss("ce", opts: "{'safe_log_opts': {'eps': 1e-60}}", output: f.denseTemplate,
                                                target: f.sparseTemplate) }?.kind == .invalidOption)
        let typo = try #require(throws: ConfigError.self) {
            _ = try makeLoss("ce", opts: "{'label_smothing': 0.1}", output: f.denseTemplate, target: f.sparseTemplate)
        }
        #expect(typo.message.contains("did you mean 'label_smoothing'"))
        let dim = networkError { _ = try makeLoss("ce", output: f.denseTemplate, target: .sparse(dim: 5, hasTime: true)) }
        #expect(dim?.kind == .dimensionMismatch)
        let time = networkError { _ = try makeLoss("ce", output: f.denseTemplate, target: .sparse(dim: 4, hasTime: false)) }
        #expect(time?.kind == .dimensionMismatch)
    }

    @Test func networkGradients() throws {
        for (opts, target) in [("{'label_smoothing': 0.1}", "classes"), ("{}", "feat"), ("{'use_fused': False}", "feat")] {
            let net = try buildNetwork("""
                network = {
                    "h": {"class": "linear", "activation": "tanh", "n_out": 5},
                    "output": {"class": "softmax", "loss": "ce", "target": "\(target)", "from": "h", "loss_opts": \(opts)},
                }
                """, externData: lossExternData())
            #expect(try checkNetworkGradients(net, data: lossBatch(feat: .soft)) == [], "\(opts) \(target)")
        }
        // Unfused CE on probabilities of a sigmoid layer (safe_log path).
        let net = try buildNetwork("""
            network = {"output": {"class": "linear", "activation": "sigmoid", "n_out": 4, "loss": "ce", "target": "feat"}}
            """, externData: lossExternData())
        #expect(try checkNetworkGradients(net, data: lossBatch(feat: .soft)) == [])
    }

    @Test func denseTargetFromALayerGetsAGradient() throws {
        let net = try buildNetwork("""
            network = {
                "teacher": {"class": "softmax", "n_out": 4, "from": "data"},
                "output": {"class": "softmax", "loss": "ce", "target": "layer:teacher", "from": "data"},
            }
            """, externData: lossExternData())
        #expect(net.parameters.map(\.name).contains("teacher/W"))
        #expect(try checkNetworkGradients(net, data: lossBatch()) == [])
    }
}
