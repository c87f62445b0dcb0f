import Testing
import ReturnnConfig
import ReturnnTensor
@testable import ReturnnTraining

/// Gradient post-processing, accumulation, decoupled weight decay, per-layer `updater_opts`.
/// Most use plain SGD with learning rate 1, so the change of a value is minus the processed gradient.
@Suite struct UpdaterTests {
    /// The processed gradient of one SGD(lr=1) step on `p/W` (zeros) with `grad`.
    private func processed(_ body: String, _ grad: [Float], step: Int = 0) throws -> [Float] {
        let u = try UpdaterTestSupport.updater(body, shape: [grad.count])
        var values = ["p/W": Tensor(zeros: [grad.count])]
        u.step(values: &values, gradients: ["p/W": Tensor(grad)], learningRate: 1, globalStep: step, seed: 7)
        return values["p/W"]!.array.map { -$0 }
    }

    @Test func plainSGD() throws {
        #expect(try processed("", [1, -2, 0.5]) == [1, -2, 0.5])
    }

    @Test func gradientClip() throws {
        #expect(try processed("gradient_clip = 0.5", [1, -2, 0.3]) == [0.5, -0.5, 0.3])
    }

    @Test func gradientClipNorm() throws {
        #expect(UpdaterTestSupport.close(try processed("gradient_clip_norm = 1", [3, 4, 0]), [0.6, 0.8, 0]))
        #expect(UpdaterTestSupport.close(try processed("gradient_clip_norm = 1", [0.3, 0.4, 0]), [0.3, 0.4, 0]))
    }

    @Test func gradientClipAvgNorm() throws {
        // ‖g‖/n = 5/3 > 1 → scaled by 3/5.
        #expect(UpdaterTestSupport.close(try processed("gradient_clip_avg_norm = 1", [3, 4, 0]), [1.8, 2.4, 0]))
        #expect(UpdaterTestSupport.close(try processed("gradient_clip_avg_norm = 2", [3, 4, 0]), [3, 4, 0]))
    }

    @Test func gradientNanInfFilter() throws {
        #expect(try processed("gradient_nan_inf_filter = True", [.nan, .infinity, -.infinity, 1]) == [0, 0, 0, 1])
        #expect(try processed("", [.nan, 1])[0].isNaN)
    }

    @Test func gradNormToClipToZero() throws {
        #expect(try processed("grad_norm_to_clip_to_zero = 2", [3, 4]) == [0, 0])
        #expect(try processed("grad_norm_to_clip_to_zero = 2", [0.6, 0.8]) == [0.6, 0.8])
        #expect(try processed("grad_norm_to_clip_to_zero = 2", [.nan, 0.8]) == [0, 0])
    }

    @Test func postProcessingOrderIsValueClipThenNormClip() throws {
        // clip by value first ([3, 4] → [1, 1]), then by norm (→ [0.707, 0.707]); the other order would give [0.6, 0.8].
        let g = try processed("gradient_clip = 1\ngradient_clip_norm = 1", [3, 4])
        #expect(UpdaterTestSupport.close(g, [Float(0.5).squareRoot(), Float(0.5).squareRoot()]))
    }

    @Test func gradientNoiseIsDeterministicPerStep() throws {
        let n = 2000
        let zeros = [Float](repeating: 0, count: n)
        let a = try processed("gradient_noise = 0.1", zeros, step: 3)
        let b = try processed("gradient_noise = 0.1", zeros, step: 3)
        let c = try processed("gradient_noise = 0.1", zeros, step: 4)
        #expect(a == b)
        #expect(a != c)
        #expect(a.allSatisfy { abs($0) <= 0.2 }, "truncated at 2σ")
        let mean = a.reduce(0, +) / Float(n)
        let std = (a.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(n)).squareRoot()
        #expect(abs(mean) < 0.01)
        #expect(std > 0.07 && std < 0.1, "truncated normal with σ=0.1 has std ≈ 0.088, got \(std)")
    }

    /// Two or three parameters, SGD(lr=1), all values zero; returns minus the new values.
    private func processedMany(_ body: String, _ grads: [(String, [Float])], optsFor: (String) -> ConfigValue? = { _ in nil }) throws -> [String: [Float]] {
        let config = try UpdaterTestSupport.config(body)
        let params = grads.map { name, g in
            Updater.ParameterInfo(name: "\(name)/W", layer: name, shape: [g.count], updaterOpts: optsFor(name))
        }
        let u = try Updater(config: config, parameters: params)
        var values: [String: Tensor] = [:]
        var gradients: [String: Tensor] = [:]
        for (name, g) in grads {
            values["\(name)/W"] = Tensor(zeros: [g.count])
            gradients["\(name)/W"] = Tensor(g)
        }
        u.step(values: &values, gradients: gradients, learningRate: 1, globalStep: 0, seed: 0)
        return values.mapValues { $0.array.map { -$0 } }
    }

    @Test func gradientClipGlobalNormIsOverAllParameters() throws {
        let r = try processedMany("gradient_clip_global_norm = 1", [("p", [3, 0, 0]), ("q", [4])])
        #expect(UpdaterTestSupport.close(r["p/W"]!, [0.6, 0, 0]))
        #expect(UpdaterTestSupport.close(r["q/W"]!, [0.8]))
        let small = try processedMany("gradient_clip_global_norm = 10", [("p", [3, 0, 0]), ("q", [4])])
        #expect(UpdaterTestSupport.close(small["p/W"]!, [3, 0, 0]))
    }

    @Test func globalNormTagsRestrictTheNorm() throws {
        let config = try UpdaterTestSupport.config("""
            network = {
              "p": {"class": "linear", "updater_opts": {"tags": ["a"], "gradient_clip_global_norm": 1, "gradient_clip_global_norm_tag": "a"}},
              "q": {"class": "linear"},
              "r": {"class": "linear", "updater_opts": {"tags": ["a"]}},
            }
            """)
        let r = try processedMany("", [("p", [3]), ("q", [100]), ("r", [4])]) { UpdaterTestSupport.updaterOpts(config, layer: $0) }
        #expect(UpdaterTestSupport.close(r["p/W"]!, [0.6]), "norm over p and r only (5), not q")
        #expect(r["q/W"]! == [100])
        #expect(r["r/W"]! == [4], "r itself has no clipping")
    }

    @Test func unknownTagIsAConfigError() throws {
        let e = try #require(UpdaterTestSupport.configError {
            _ = try processedMany("gradient_clip_global_norm = 1\nglobal_norm_tag = \"enc\"", [("p", [1])])
        })
        #expect(e.message.contains("no parameter has this tag"))
    }

    @Test func accumulationSumsAndAppliesEveryN() throws {
        let u = try UpdaterTestSupport.updater("accum_grad_multiple_step = 3", shape: [2])
        var values = ["p/W": Tensor([0, 0])]
        var applied: [Bool] = []
        var seen: [[Float]] = []
        for step in 0..<6 {
            let g = Tensor([Float(step + 1), 1])
            applied.append(u.step(values: &values, gradients: ["p/W": g], learningRate: 1, globalStep: step, seed: 0))
            seen.append(values["p/W"]!.array)
        }
        #expect(applied == [false, false, true, false, false, true])
        #expect(seen[0] == [0, 0] && seen[1] == [0, 0])
        #expect(seen[2] == [-6, -3], "sum of steps 0-2, not the mean")
        #expect(seen[5] == [-21, -6], "accumulator restarted at step 3: 4+5+6")
    }

    @Test func globalNormIsOfTheRawStepGradientAlsoWhenAccumulating() throws {
        // As upstream: the global norm comes from this step's gradients, not from the accumulated sum.
        let u = try UpdaterTestSupport.updater("accum_grad_multiple_step = 2\ngradient_clip_global_norm = 5", shape: [1])
        var values = ["p/W": Tensor([0])]
        u.step(values: &values, gradients: ["p/W": Tensor([4])], learningRate: 1, globalStep: 0, seed: 0)
        u.step(values: &values, gradients: ["p/W": Tensor([4])], learningRate: 1, globalStep: 1, seed: 0)
        #expect(values["p/W"]!.array == [-8], "sum 8 kept: the step's own norm 4 is below 5")
    }

    @Test func accumulationAdvancesAdamOnlyWhenApplied() throws {
        let u = try UpdaterTestSupport.updater("optimizer = {\"class\": \"adam\"}\naccum_grad_multiple_step = 2")
        var values = ["p/W": Tensor([1, 2, 3])]
        for step in 0..<4 {
            u.step(values: &values, gradients: ["p/W": Tensor([1, 1, 1])], learningRate: 0.1, globalStep: step, seed: 0)
        }
        #expect(u.state()["beta1_power"]?.scalar == Float(0.9) * Float(0.9) * Float(0.9))
    }

    @Test func decoupledWeightDecay() throws {
        let grad = Tensor([1, 1])
        let u = try UpdaterTestSupport.updater("decouple_constraints = True", shape: [2], l2: 0.05)
        var values = ["p/W": Tensor([2, -4])]
        u.step(values: &values, gradients: ["p/W": grad], learningRate: 0.1, globalStep: 0, seed: 0)
        // var -= var·2λ (= 0.1·var), then SGD.
        #expect(UpdaterTestSupport.close(values["p/W"]!.array, [2 - 0.2 - 0.1, -4 + 0.4 - 0.1]))
        // Without decouple_constraints the updater ignores L2 (the engine puts it into the objective).
        let plain = try UpdaterTestSupport.updater("", shape: [2], l2: 0.05)
        var v2 = ["p/W": Tensor([2, -4])]
        plain.step(values: &v2, gradients: ["p/W": grad], learningRate: 0.1, globalStep: 0, seed: 0)
        #expect(UpdaterTestSupport.close(v2["p/W"]!.array, [1.9, -4.1]))
    }

    @Test func decoupledWeightDecayOnlyOnApplySteps() throws {
        let u = try UpdaterTestSupport.updater("decouple_constraints = True\naccum_grad_multiple_step = 2", shape: [1], l2: 0.25)
        var values = ["p/W": Tensor([8])]
        u.step(values: &values, gradients: ["p/W": Tensor([0])], learningRate: 1, globalStep: 0, seed: 0)
        #expect(values["p/W"]!.array == [8])
        u.step(values: &values, gradients: ["p/W": Tensor([0])], learningRate: 1, globalStep: 1, seed: 0)
        #expect(values["p/W"]!.array == [4])
    }

    @Test func perLayerOptimizerAndOptions() throws {
        let config = try UpdaterTestSupport.config("""
            optimizer = {"class": "adam"}
            network = {
              "a": {"class": "linear", "updater_opts": {"optimizer": {"class": "sgd", "learning_rate_multiplier": 0.5}}},
              "b": {"class": "linear", "updater_opts": {"optimizer": {"learning_rate_multiplier": 2}, "gradient_clip": 0.1}},
              "c": {"class": "linear", "updater_opts": {"optimizer": {"learning_rate_multiplier": 0.5, "class": "sgd"}}},
              "d": {"class": "linear"},
            }
            """)
        let params = ["a", "b", "c", "d"].map {
            Updater.ParameterInfo(name: "\($0)/W", layer: $0, shape: [2], updaterOpts: UpdaterTestSupport.updaterOpts(config, layer: $0))
        }
        let u = try Updater(config: config, parameters: params)
        #expect(u.optimizerSummaries.count == 3, "default Adam, one shared SGD for a and c, Adam with multiplier for b")
        #expect(u.optimizerSummaries[1].hasPrefix("SGD("))
        #expect(u.optimizerSummaries[2].hasPrefix("AdamOptimizer(") && u.optimizerSummaries[2].contains("learning_rate_multiplier=2"))
        var values = Dictionary(uniqueKeysWithValues: ["a", "b", "c", "d"].map { ("\($0)/W", Tensor([0, 0])) })
        let grads = Dictionary(uniqueKeysWithValues: ["a", "b", "c", "d"].map { ("\($0)/W", Tensor([1, -1])) })
        u.step(values: &values, gradients: grads, learningRate: 0.1, globalStep: 0, seed: 0)
        #expect(UpdaterTestSupport.close(values["a/W"]!.array, [-0.05, 0.05]))
        #expect(UpdaterTestSupport.close(values["c/W"]!.array, [-0.05, 0.05]))
        // Adam's first step moves by lr·sign(g) (ε tiny): b with lr 0.2, d with 0.1.
        #expect(UpdaterTestSupport.close(values["b/W"]!.array, [-0.2, 0.2], rel: 1e-4))
        #expect(UpdaterTestSupport.close(values["d/W"]!.array, [-0.1, 0.1], rel: 1e-4))
        #expect(u.state()["beta1_power_1"] != nil)
    }

    @Test func updaterOptsUnknownKeySuggests() throws {
        let config = try UpdaterTestSupport.config("network = {\"a\": {\"class\": \"linear\",\n  \"updater_opts\": {\"gradient_clipp\": 1}}}")
        let e = try #require(UpdaterTestSupport.configError {
            _ = try Updater(config: config, parameters: [.init(name: "a/W", layer: "a", shape: [1],
                                                                 updaterOpts: UpdaterTestSupport.updaterOpts(config, layer: "a"))])
        })
        #expect(e.message.contains("network.a.updater_opts: unknown option 'gradient_clipp'; did you mean 'gradient_clip'?"))
        #expect(e.location?.line == 3)
    }

    @Test func optionErrors() throws {
        let neg = try #require(UpdaterTestSupport.configError { _ = try UpdaterTestSupport.updater("gradient_clip = -1") })
        #expect(neg.message.contains("must be > 0"))
        let maxNorm = try #require(UpdaterTestSupport.configError { _ = try UpdaterTestSupport.updater("maximize_grad_norm = 0.1") })
        #expect(maxNorm.kind == .unsupported)
    }

    @Test func skipsParametersWithoutGradientOrNotTrainable() throws {
        let config = try UpdaterTestSupport.config("")
        let u = try Updater(config: config, parameters: [
            .init(name: "a/W", layer: "a", shape: [1]), .init(name: "b/W", layer: "b", shape: [1]),
            .init(name: "c/W", layer: "c", shape: [1], trainable: false),
        ])
        var values = ["a/W": Tensor([1]), "b/W": Tensor([1]), "c/W": Tensor([1])]
        let applied = u.step(values: &values, gradients: ["a/W": Tensor([1]), "c/W": Tensor([1])], learningRate: 1,
                             globalStep: 0, seed: 0)
        #expect(applied)
        #expect(values["a/W"]!.array == [0] && values["b/W"]!.array == [1] && values["c/W"]!.array == [1])
        #expect(u.step(values: &values, gradients: [:], learningRate: 1, globalStep: 1, seed: 0) == false)
    }
}
