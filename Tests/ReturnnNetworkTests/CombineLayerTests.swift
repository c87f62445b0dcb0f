import ReturnnTensor
import Testing

@testable import ReturnnNetwork

/// `combine`: every kind against numpy, broadcasting by axis role, gradients, construction errors.
@Suite struct CombineLayerTests {
    static func net(_ kind: String, _ from: String, extra: String = "") -> String {
        """
        {"t": {"class": "activation", "activation": "tanh", "from": "data"},
         "half": {"class": "constant", "value": 0.5},
         "output": {"class": "combine", "kind": "\(kind)", "from": \(from)\(extra)}}
        """
    }

    @Test func kindsMatchNumpy() throws {
        expectFixture(try runLayersA(Self.net("add", #"["data", "t"]"#)), "combine_add")
        expectFixture(try runLayersA(Self.net("sub", #"["data", "data:vec"]"#)), "combine_sub_vec")
        expectFixture(try runLayersA(Self.net("mul", #"["data", "half"]"#)), "combine_mul_const")
        expectFixture(try runLayersA(Self.net("truediv", #"["data", "data:vec"]"#)), "combine_truediv_vec")
        expectFixture(try runLayersA(Self.net("average", #"["data", "t", "data:vec"]"#)), "combine_average")
        expectFixture(try runLayersA(Self.net("maximum", #"["data", "data:vec"]"#)), "combine_maximum")
        expectFixture(try runLayersA(Self.net("minimum", #"["data", "t"]"#)), "combine_minimum")
        expectFixture(try runLayersA(Self.net("squared_difference", #"["data", "t"]"#)), "combine_squared_difference")
        expectFixture(try runLayersA(Self.net("+", #"["data", "data:vec"]"#, extra: #", "activation": "relu""#)), "combine_relu")
    }

    @Test func broadcastTemplates() throws {
        let net = try buildLayersANetwork(Self.net("add", #"["data:vec", "data", "half"]"#, extra: #", "with_bias": True"#))
        let out = net.node("output")!.output
        #expect(out == DataTemplate(hasTime: true, timeDim: layersATime, featureDim: 6))
        #expect(net.parameters.map(\.name) == ["output/b"] && net.parameters[0].shape == [6])
        let v = try runLayersA(Self.net("mul", #"["data", "half"]"#))
        #expect(v.seqLens?.array == [5, 3])
    }

    @Test func broadcastAllSourcesNeedsTheOption() throws {
        let body = #"""
            {"s": {"class": "reduce", "mode": "sum", "axes": "F", "from": "data"},
             "output": {"class": "combine", "kind": "add", "from": ["s", "data:vec"]OPT}}
            """#
        let e = layersAError(body.replacingOccurrences(of: "OPT", with: ""))
        #expect(e?.kind == .dimensionMismatch && e!.message.contains("allow_broadcast_all_sources"), "\(String(describing: e))")
        let v = try runLayersA(body.replacingOccurrences(of: "OPT", with: #", "allow_broadcast_all_sources": True"#))
        expectFixture(v, "combine_broadcast_all")
    }

    @Test func gradientsOfEveryKind() throws {
        for kind in ["add", "sub", "mul", "truediv", "average", "maximum", "minimum", "squared_difference"] {
            try expectLayersAGradients("""
                {"a": {"class": "linear", "activation": "tanh", "n_out": 4, "from": "data"},
                 "b": {"class": "linear", "activation": "exp", "n_out": 4, "from": "data"},
                 "v": {"class": "linear", "n_out": 4, "from": "data:vec"},
                 "c": {"class": "combine", "kind": "\(kind)", "from": ["a", "b", "v"], "with_bias": True, "activation": "tanh"},
                 "output": {"class": "softmax", "loss": "ce", "from": "c"}}
                """)
        }
    }

    @Test func constructionErrors() throws {
        let bad = layersAError(Self.net("multipy", #"["data", "t"]"#))
        #expect(bad?.kind == .invalidOption && bad!.message.contains("did you mean 'multiply'"), "\(String(describing: bad))")
        let noCode = layersAError(Self.net("eval", #"["data", "t"]"#))
        #expect(noCode?.message.contains("missing required option 'eval'") == true, "\(String(describing: noCode))")
        let ed = ExternData([
            ("data", ExternData.template(key: "data", dim: 6, sparse: false)),
            ("other", ExternData.template(key: "other", dim: 6, sparse: false)),
            ("classes", ExternData.template(key: "classes", dim: 4, sparse: true)),
        ])
        let time = networkError {
            _ = try buildNetwork(#"network = {"output": {"class": "combine", "kind": "add", "from": ["data", "data:other"]}}"#,
                                 externData: ed)
        }
        #expect(time?.kind == .dimensionMismatch && time!.message.contains("'data'") && time!.message.contains("'data:other'")
                && time!.message.contains("different time axes"), "\(String(describing: time))")
        let dims = layersAError(#"""
            {"l": {"class": "linear", "n_out": 5, "from": "data"},
             "output": {"class": "combine", "kind": "add", "from": ["data", "l"]}}
            """#)
        #expect(dims?.kind == .dimensionMismatch && dims!.message.contains("feature dims differ"), "\(String(describing: dims))")
        let sparse = layersAError(#"{"output": {"class": "combine", "kind": "add", "from": ["data", "data:classes"]}}"#)
        #expect(sparse?.kind == .sparseMismatch, "\(String(describing: sparse))")
        let nOut = layersAError(Self.net("add", #"["data", "t"]"#, extra: #", "n_out": 7"#))
        #expect(nOut?.kind == .dimensionMismatch, "\(String(describing: nOut))")
    }
}
