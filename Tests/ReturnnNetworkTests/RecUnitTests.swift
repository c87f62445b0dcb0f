import ReturnnConfig
import ReturnnTensor
import Testing
@testable import ReturnnNetwork

/// `rec` with a unit dict: the loop, `prev:`, moving layers out of the loop, backprop through it.
@Suite struct RecUnitTests {
    /// An LSTM written out as layers of a unit (the same math as `nativelstm2`: gates
    /// `[cellIn | i | f | o]` from `[x, h] · [W; W_re] + b`).
    static func explicitLstm(_ n: Int, optimize: Bool = true) -> String {
        """
        optimize_move_layers_out = \(optimize ? "True" : "False")
        network = {
            "lstm": {"class": "rec", "from": "data", "unit": {
                "gates": {"class": "linear", "activation": None, "n_out": \(4 * n), "from": ["data:source", "prev:output"]},
                "split": {"class": "split", "num_splits": 4, "from": "gates"},
                "cell_in": {"class": "activation", "activation": "tanh", "from": "split/0"},
                "in_gate": {"class": "activation", "activation": "sigmoid", "from": "split/1"},
                "forget_gate": {"class": "activation", "activation": "sigmoid", "from": "split/2"},
                "out_gate": {"class": "activation", "activation": "sigmoid", "from": "split/3"},
                "c_new": {"class": "combine", "kind": "mul", "from": ["in_gate", "cell_in"]},
                "c_keep": {"class": "combine", "kind": "mul", "from": ["forget_gate", "prev:c"]},
                "c": {"class": "combine", "kind": "add", "from": ["c_new", "c_keep"]},
                "c_act": {"class": "activation", "activation": "tanh", "from": "c"},
                "output": {"class": "combine", "kind": "mul", "from": ["out_gate", "c_act"]},
            }},
            "output": {"class": "softmax", "loss": "ce", "from": "lstm"},
        }
        """
    }

    static let nativeLstm = """
        network = {
            "lstm": {"class": "rec", "unit": "nativelstm2", "n_out": 5, "from": "data"},
            "output": {"class": "softmax", "loss": "ce", "from": "lstm"},
        }
        """

    /// The explicit LSTM's parameters from the native layer's (`W` and `W_re` stacked).
    static func explicitParameters(from p: [String: Tensor], inDim: Int, n: Int) -> [String: Tensor] {
        let w = p["lstm/rec/W"]!.array, wRe = p["lstm/rec/W_re"]!.array
        return ["lstm/rec/gates/W": Tensor(shape: [inDim + n, 4 * n], w + wRe), "lstm/rec/gates/b": p["lstm/rec/b"]!,
                "output/W": p["output/W"]!, "output/b": p["output/b"]!]
    }

    @Test func explicitLstmEqualsNativeLstm2() throws {
        let (inDim, n) = (3, 5)
        let native = try buildNetwork(Self.nativeLstm, inDim: inDim)
        let explicit = try buildNetwork(Self.explicitLstm(n), inDim: inDim)
        #expect(explicit.parameters.map(\.name) == ["lstm/rec/gates/W", "lstm/rec/gates/b", "output/W", "output/b"])
        #expect(explicit.nodes.contains { $0.name == "lstm/#loop" })
        let data = makeBatch(lengths: [6, 4, 1], inDim: inDim, classes: 4)
        var pNative = native.initialParameters(seed: 11)
        pNative["lstm/rec/b"] = Tensor(shape: [4 * n], (0..<(4 * n)).map { Float($0 % 7) * 0.1 - 0.3 })
        let pExplicit = Self.explicitParameters(from: pNative, inDim: inDim, n: n)
        let tapeA = Tape(), tapeB = Tape()
        let a = try native.run(data: data, parameters: pNative, tape: tapeA, isTraining: true)
        let b = try explicit.run(data: data, parameters: pExplicit, tape: tapeB, isTraining: true)
        let la = a.objective!.value.scalar, lb = b.objective!.value.scalar
        #expect(Swift.abs(la - lb) < 1e-4 * Swift.max(1, Swift.abs(la)), "objective native \(la) vs explicit \(lb)")
        // Outputs on the valid frames.
        let ya = a.values["lstm"]!.dense.value, yb = b.values["lstm"]!.dense.value
        #expect(ya.shape == yb.shape)
        for (bi, len) in [6, 4, 1].enumerated() {
            for t in 0..<len {
                for k in 0..<n {
                    let i = (bi * 6 + t) * n + k
                    #expect(Swift.abs(ya.array[i] - yb.array[i]) < 1e-5)
                }
            }
        }
        // Gradients.
        let ga = tapeA.backward(a.objective!), gb = tapeB.backward(b.objective!)
        let stacked = gb["lstm/rec/gates/W"]!.array
        let want = ga["lstm/rec/W"]!.array + ga["lstm/rec/W_re"]!.array
        #expect(zip(stacked, want).allSatisfy { Swift.abs($0 - $1) < 1e-4 })
        #expect(zip(gb["lstm/rec/gates/b"]!.array, ga["lstm/rec/b"]!.array).allSatisfy { Swift.abs($0 - $1) < 1e-4 })
    }

    @Test func gradientsThroughTheLoop() throws {
        let net = try buildNetwork(Self.explicitLstm(2), inDim: 2, classes: 3)
        let data = makeBatch(lengths: [4, 2], inDim: 2, classes: 3)
        #expect(try checkNetworkGradients(net, data: data) == [])
    }

    /// A decoder: target embedding (moved out), an LSTM on `prev:` of it and the encoder's state.
    static func decoder(optimize: Bool) -> String {
        """
        optimize_move_layers_out = \(optimize ? "True" : "False")
        network = {
            "enc": {"class": "rec", "unit": "nativelstm2", "n_out": 4, "from": "data"},
            "enc_last": {"class": "get_last_hidden_state", "from": "enc", "n_out": 8},
            "output": {"class": "rec", "from": [], "target": "classes", "unit": {
                "embed": {"class": "linear", "activation": None, "n_out": 3, "from": "output"},
                "s": {"class": "rec", "unit": "nativelstm2", "n_out": 4, "from": ["prev:embed", "base:enc_last"]},
                "ctx": {"class": "linear", "activation": "tanh", "n_out": 4, "from": ["s", "prev:ctx"], "initial_output": 0.5},
                "prob": {"class": "softmax", "from": ["s", "ctx"], "target": "classes", "loss": "ce"},
                "output": {"class": "choice", "from": "prob", "target": "classes", "beam_size": 4, "initial_output": 0},
            }},
        }
        """
    }

    @Test func movingLayersOutGivesTheSameResults() throws {
        let on = try buildNetwork(Self.decoder(optimize: true), inDim: 3, classes: 4)
        let off = try buildNetwork(Self.decoder(optimize: false), inDim: 3, classes: 4)
        #expect(on.parameters.map(\.name).sorted() == off.parameters.map(\.name).sorted())
        // Moved out: embed, s, prob, output before the loop; ctx in it (prev:ctx).
        #expect(on.node("output/embed")?.layer is LinearLayer)
        #expect(on.node("output/ctx")?.layer is RecStackedOutputLayer)
        #expect(on.node("output/prob")?.layer is SoftmaxLayer)
        #expect(off.node("output/prob")?.layer is RecStackedOutputLayer)
        let data = makeBatch(lengths: [5, 3], inDim: 3, classes: 4)
        let p = on.initialParameters(seed: 5)
        let ta = Tape(), tb = Tape()
        let a = try on.run(data: data, parameters: p, tape: ta, isTraining: true)
        let b = try off.run(data: data, parameters: p, tape: tb, isTraining: true)
        let la = a.objective!.value.scalar, lb = b.objective!.value.scalar
        #expect(Swift.abs(la - lb) < 1e-5 * Swift.max(1, Swift.abs(la)), "optimize on \(la) vs off \(lb)")
        let ga = ta.backward(a.objective!), gb = tb.backward(b.objective!)
        for spec in on.parameters {
            let x = ga[spec.name]!.array, y = gb[spec.name]!.array
            #expect(zip(x, y).allSatisfy { Swift.abs($0 - $1) < 1e-4 }, "gradient of \(spec.name)")
        }
        #expect(try checkNetworkGradients(off, data: data) == [])
    }

    @Test func errorsNameTheLayer() throws {
        let typo = networkError {
            _ = try buildNetwork("""
                network = {"output": {"class": "rec", "from": "data", "unit": {
                    "output": {"class": "linear", "activation": "tanh", "n_out": 4, "from": ["prev:outptu", "data:source"]}}}}
                """)
        }
        #expect(typo?.message.contains("'prev:outptu': 'outptu' is not a layer of the unit of rec layer 'output'; did you mean 'prev:output'?") == true)
        let sparse = networkError {
            _ = try buildNetwork("""
                network = {"output": {"class": "rec", "from": [], "target": "classes", "unit": {
                    "embed": {"class": "linear", "activation": None, "n_out": 3, "from": "prev:output"},
                    "prob": {"class": "softmax", "from": "embed", "target": "classes", "loss": "ce"},
                    "output": {"class": "choice", "from": "prob", "target": "classes", "beam_size": 4}}}}
                """)
        }
        #expect(sparse?.message.contains("set 'initial_output'") == true)
        let noTime = networkError {
            _ = try buildNetwork("""
                network = {"output": {"class": "rec", "from": [], "unit": {
                    "output": {"class": "linear", "activation": None, "n_out": 3, "from": "prev:output"}}}}
                """)
        }
        #expect(noTime?.message.contains("needs a 'target' (or 'size_target')") == true)
        let unknown = networkError {
            _ = try buildNetwork("""
                network = {"output": {"class": "rec", "from": "data", "unit": {
                    "output": {"class": "linaer", "n_out": 3, "from": ["prev:output", "data:source"]}}}}
                """)
        }
        #expect(unknown?.kind == .unknownLayerClass)
        #expect(unknown?.layer == "output/output")
    }

    @Test func reuseParamsInsideAUnitAndWithMap() throws {
        let net = try buildNetwork("""
            network = {
                "embed": {"class": "linear", "activation": None, "with_bias": False, "n_out": 4, "from": "data:classes"},
                "output": {"class": "rec", "from": [], "target": "classes", "unit": {
                    "embed": {"class": "linear", "activation": None, "with_bias": False, "n_out": 4, "from": "prev:out",
                              "reuse_params": "base:embed"},
                    "h": {"class": "linear", "activation": "tanh", "n_out": 4, "from": ["embed", "prev:h"]},
                    "h2": {"class": "linear", "activation": "tanh", "n_out": 4, "from": ["embed", "prev:h"],
                           "reuse_params": {"map": {"W": "h", "b": None}}},
                    "prob": {"class": "softmax", "from": ["h", "h2"], "target": "classes", "loss": "ce"},
                    "out": {"class": "choice", "from": "prob", "target": "classes", "beam_size": 2, "initial_output": 0},
                    "output": {"class": "copy", "from": "prob"}}},
            }
            """, classes: 4)
        #expect(net.parameters.map(\.name).sorted() == ["embed/W", "output/rec/h/W", "output/rec/h/b", "output/rec/h2/b", "output/rec/prob/W", "output/rec/prob/b"])
        let custom = networkError {
            _ = try buildNetwork("""
                network = {"output": {"class": "linear", "n_out": 4, "loss": "ce",
                    "reuse_params": {"map": {"W": {"reuse_layer": "data", "custom": 1}}}}}
                """)
        }
        #expect(custom?.message.contains("['custom'] (a TF function making the variable) is not supported") == true)
    }
}
