import Testing
import ReturnnConfig
@testable import ReturnnTraining

/// Name resolution (case rules, trailing `Optimizer`), errors, and the legacy flags.
@Suite struct OptimizerRegistryTests {
    private func summary(_ body: String) throws -> String {
        try OptimizerChoice.fromConfig(UpdaterTestSupport.config(body)).optimizer.summary
    }

    @Test(arguments: [
        ("adam", "AdamOptimizer("), ("Adam", "AdamOptimizer("), ("AdamOptimizer", "AdamOptimizer("), ("ADAMOPTIMIZER", "AdamOptimizer("),
        ("nadam", "NadamOptimizer("), ("NadamOptimizer", "NadamOptimizer("), ("customadam", "CustomAdamOptimizer("),
        ("gradientdescent", "GradientDescentOptimizer("), ("GradientDescentOptimizer", "GradientDescentOptimizer("),
        ("sgd", "SGD("), ("SGD", "SGD("), ("adamw", "AdamW("), ("adadelta", "AdadeltaOptimizer("), ("adagrad", "AdagradOptimizer("),
        ("rmsprop", "RMSPropOptimizer("), ("RMSPropOptimizer", "RMSPropOptimizer("), ("amsgrad", "AMSGradOptimizer("),
        ("AMSGradOptimizer", "AMSGradOptimizer("),
    ])
    func namesResolveCaseInsensitively(_ name: String, _ prefix: String) throws {
        let s = try summary("optimizer = {\"class\": \"\(name)\"}")
        #expect(s.hasPrefix(prefix), "\(name) → \(s)")
        // The string form names the class alone.
        #expect(try summary("optimizer = \"\(name)\"").hasPrefix(prefix))
    }

    @Test func momentumNeedsMomentum() throws {
        let e = UpdaterTestSupport.configError { _ = try summary("optimizer = {\"class\": \"momentum\"}") }
        #expect(e?.message.contains("needs 'momentum'") == true)
        #expect(e?.location?.line == 2)
        // The config's momentum fills it in, as upstream.
        #expect(try summary("momentum = 0.7\noptimizer = {\"class\": \"momentum\"}").contains("momentum=0.7"))
    }

    @Test func epsilonDefaultsToOptimizerEpsilon() throws {
        #expect(try summary("optimizer = {\"class\": \"adam\"}").contains("epsilon=1e-16"))
        #expect(try summary("optimizer_epsilon = 1e-8\noptimizer = {\"class\": \"adam\"}").contains("epsilon=1e-08"))
        #expect(try summary("optimizer_epsilon = 1e-8\noptimizer = {\"class\": \"adam\", \"epsilon\": 0.1}").contains("epsilon=0.1"))
        #expect(try summary("optimizer = {\"class\": \"adamw\"}").contains("epsilon=1e-16"))
        #expect(try summary("optimizer = {\"class\": \"adamw\"}").contains("weight_decay=0.004"))
    }

    @Test func learningRateInOptimizerDictIsAConfigError() throws {
        let e = UpdaterTestSupport.configError {
            _ = try summary("optimizer = {\"class\": \"adam\",\n  \"learning_rate\": 0.1}")
        }
        let err = try #require(e)
        #expect(err.message.contains("'learning_rate' must not be set in the optimizer dict"))
        #expect(err.message.contains("top-level 'learning_rate'"))
        #expect(err.location?.line == 3)
    }

    @Test func unknownOptimizerSuggestsClosest() throws {
        let e = try #require(UpdaterTestSupport.configError { _ = try summary("optimizer = {\"class\": \"adamm\"}") })
        #expect(e.message.contains("unknown optimizer 'adamm'; did you mean 'adam'?"))
        #expect(e.kind == .value)
        let e2 = try #require(UpdaterTestSupport.configError { _ = try summary("optimizer = {\"class\": \"rmsporp\"}") })
        #expect(e2.message.contains("did you mean 'rmsprop'?"))
    }

    @Test func unimplementedUpstreamOptimizerSaysSo() throws {
        let e = try #require(UpdaterTestSupport.configError { _ = try summary("optimizer = {\"class\": \"ftrl\"}") })
        #expect(e.kind == .unsupported)
        #expect(e.message.contains("exists in upstream RETURNN but is not supported by swift-returnn yet"))
    }

    @Test func unknownKwargSuggestsClosest() throws {
        let e = try #require(UpdaterTestSupport.configError { _ = try summary("optimizer = {\"class\": \"adam\", \"beta_1\": 0.8}") })
        #expect(e.message.contains("unknown option 'beta_1'; did you mean 'beta1'?"))
        let e2 = try #require(UpdaterTestSupport.configError { _ = try summary("optimizer = {\"class\": \"adamw\", \"beta1\": 0.8}") })
        #expect(e2.message.contains("did you mean 'beta_1'?"))
    }

    @Test func globalOptimizerDictNeedsClass() throws {
        let e = try #require(UpdaterTestSupport.configError { _ = try summary("optimizer = {\"beta1\": 0.8}") })
        #expect(e.message.contains("missing 'class'"))
        let t = try #require(UpdaterTestSupport.configError { _ = try summary("optimizer = {\"class\": 3}") })
        #expect(t.kind == .type)
    }

    @Test func learningRateMultiplierIsRead() throws {
        let c = try OptimizerChoice.fromConfig(UpdaterTestSupport.config("optimizer = {\"class\": \"adam\", \"learning_rate_multiplier\": 0.25}"))
        #expect(c.learningRateMultiplier == 0.25)
    }

    @Test(arguments: [
        ("", "GradientDescentOptimizer("),
        ("adam = True", "AdamOptimizer("),
        ("nadam = True", "NadamOptimizer("),
        ("adadelta = True", "AdadeltaOptimizer("),
        ("adagrad = True", "AdagradOptimizer("),
        ("rmsprop = True", "RMSPropOptimizer(decay=0.9,"),
        ("rmsprop = 0.7", "RMSPropOptimizer(decay=0.7,"),
        ("momentum = 0.9", "MomentumOptimizer(momentum=0.9,"),
        ("adam = True\nnadam = True", "AdamOptimizer("),
        ("adam = False\nadagrad = True", "AdagradOptimizer("),
        ("adam = True\noptimizer = {\"class\": \"sgd\"}", "SGD("),
    ])
    func legacyFlags(_ body: String, _ prefix: String) throws {
        let s = try summary(body)
        #expect(s.hasPrefix(prefix), "\(body) → \(s)")
    }

    @Test func legacyFlagsAndMomentum() throws {
        #expect(try summary("rmsprop = True\nmomentum = 0.5").contains("momentum=0.5"))
        let e = try #require(UpdaterTestSupport.configError { _ = try summary("adam = True\nmomentum = 0.5") })
        #expect(e.message.contains("cannot be combined with momentum"))
    }

    @Test func behaviorVersion2RejectsLegacyFlags() throws {
        let e = try #require(UpdaterTestSupport.configError { _ = try summary("behavior_version = 2\nadam = True") })
        #expect(e.message.contains("behavior_version >= 2"))
        #expect(e.location?.line == 3)
        #expect(try summary("behavior_version = 2").hasPrefix("GradientDescentOptimizer("))
    }

    @Test func slotBaseNamesFollowTF() throws {
        func base(_ body: String) throws -> String { try OptimizerChoice.fromConfig(UpdaterTestSupport.config(body)).optimizer.slotBaseName }
        #expect(try base("adam = True") == "Adam")
        #expect(try base("nadam = True") == "Adam")
        #expect(try base("momentum = 0.1") == "Momentum")
        #expect(try base("optimizer = {\"class\": \"adam\", \"name\": \"MyAdam\"}") == "MyAdam")
    }
}
