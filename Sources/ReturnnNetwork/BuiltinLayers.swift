/// The layer classes the net dict can name: one explicit list (RETURNN's
/// `get_layer_class_name_list`), plus aliases.
public enum BuiltinLayers {
    /// All layer types, by RETURNN class name.
    public static var all: [any Layer.Type] { [
        SourceLayer.self,
        CopyLayer.self,
        LinearLayer.self,
        SoftmaxLayer.self,
        RecLayer.self,
        ConvLayer.self,
        PoolLayer.self,
        BatchNormLayer.self,
        LayerNormLayer.self,
        CombineLayer.self,
        ActivationLayer.self,
        DropoutLayer.self,
        SplitDimsLayer.self,
        MergeDimsLayer.self,
        SliceLayer.self,
        ReduceLayer.self,
        ConstantLayer.self,
        CastLayer.self,
        LengthLayer.self,
        ExpandDimsLayer.self,
        SqueezeLayer.self,
        WindowLayer.self,
        CompareLayer.self,
        SwitchLayer.self,
        CumsumLayer.self,
        DotLayer.self,
        SoftmaxOverSpatialLayer.self,
        GatingLayer.self,
        TransposedConvLayer.self,
        NormLayer.self,
        MathNormLayer.self,
        ReduceOutLayer.self,
        VariableLayer.self,
        ScaledGradientLayer.self,
        GetLastHiddenStateLayer.self,
    ] }

    /// Other names for layer classes (RETURNN: `hidden` and `forward` are `linear`; `where` is
    /// `switch`, the layer that RETURNN's `rf.where` builds).
    public static let aliases: [String: String] = ["hidden": "linear", "forward": "linear", "where": "switch"]

    /// The type for a class name (after aliases), or `nil`.
    public static func type(named name: String) -> (any Layer.Type)? {
        let resolved = aliases[name] ?? name
        return all.first { $0.className == resolved }
    }

    /// All class names, for "did you mean".
    public static var names: [String] { all.map { $0.className } + aliases.keys.sorted() }
}
