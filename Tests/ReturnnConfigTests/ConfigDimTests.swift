import Testing
@testable import ReturnnConfig

/// Dim tags made in configs: constructors old and new, `Dim.Types`, identity and derived tags.
@Suite struct ConfigDimTests {
    @Test func constructorsKindsAndIdentity() throws {
        let c = try loadPython("""
            from returnn.tf.util.data import Dim, DimensionTag, batch_dim
            from returnn.tensor import SpatialDim, FeatureDim, batch_dim as b2, single_step_dim
            __time_tag__ = Dim(dimension=None, kind=Dim.Types.Spatial, description="time")
            old = DimensionTag(kind=DimensionTag.Types.Spatial, description="time")
            time_dim = SpatialDim("time")
            feat = FeatureDim("feature", 40)
            vocab = Dim(10025, name="vocab", kind=Dim.Types.Feature)
            x = (repr(__time_tag__), repr(feat), feat.dimension, time_dim.dimension, vocab.kind == Dim.Types.Feature,
                 __time_tag__ == old, time_dim == time_dim, batch_dim is b2, repr(batch_dim), single_step_dim.dimension,
                 isinstance(feat, Dim), feat.is_feature_dim(), time_dim.is_spatial_dim(), time_dim.is_dynamic())
            """)
        #expect(c.typed["x"]?.repr == "(\"Dim{'time'}\", \"Dim{F'feature'(40)}\", 40, None, True, False, True, True, 'Dim{B}', 1, True, True, True, True)")
    }

    @Test func derivedTagsCompareByDerivation() throws {
        let c = try loadPython("""
            from returnn.tensor import Dim, SpatialDim, FeatureDim
            t = SpatialDim("time")
            f = FeatureDim("f", 64)
            a, b = t // 2, t // 2
            c = t.ceildiv_right(2)
            d = t + 1
            e = 1 + t
            same = t.copy(same_as_self=True, description="t2")
            other = SpatialDim("time")
            other.declare_same_as(t)
            x = (a == b, a == c, d == e, same == t, other == t, (f * 2).dimension, (2 * f).dimension, (f // 3).dimension,
                 f.ceildiv_right(3).dimension, (f - 4).dimension, {a: 1}[b])
            """)
        #expect(c.typed["x"]?.repr == "(True, False, False, True, True, 128, 128, 21, 22, 60, 1)")
        let e = configError { _ = try loadPython("from returnn.tensor import Dim\nd = Dim(kind='spatial')") }
        #expect(e?.message.contains("Dim(kind=...) must be one of Dim.Types") == true)
        let typo = configError { _ = try loadPython("from returnn.tensor import Dim\nd = Dim(descripion='x')") }
        #expect(typo?.message.contains("did you mean 'description'") == true)
    }

    /// A custom TF layer class in a config: the class statement evaluates (the config may never
    /// use it), creating an instance says what is missing.
    @Test func classesDerivedFromUnavailableBasesEvaluate() throws {
        let c = try loadPython("""
            from returnn.tf.layers.basic import _ConcatInputLayer, register_layer_class
            class NameAxisLayer(_ConcatInputLayer):
                layer_class = "name_axis"
                def __init__(self, axis, **kwargs):
                    super().__init__(**kwargs)
            x = NameAxisLayer.layer_class
            """)
        #expect(c.typed["x"]?.repr == "'name_axis'")
        let e = configError { _ = try loadPython("from returnn.tf.layers.basic import LayerBase\nclass L(LayerBase): pass\nL()") }
        #expect(e?.message.contains("derives from 'returnn.tf.layers.basic.LayerBase', which the config sandbox does not provide") == true,
                "\(String(describing: e))")
        #expect(e?.location?.line == 4)
    }
}
