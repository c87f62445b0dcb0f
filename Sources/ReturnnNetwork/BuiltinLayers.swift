import ReturnnConfig

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
        TransposeLayer.self,
        ReinterpretDataLayer.self,
        RangeLayer.self,
        RangeInAxisLayer.self,
        RangeFromLengthLayer.self,
        PadLayer.self,
        GatherLayer.self,
        GatherNdLayer.self,
        SliceNdLayer.self,
        TimeChunkingLayer.self,
        TimeUnchunkingLayer.self,
        PostfixInTimeLayer.self,
        PrefixInTimeLayer.self,
        ShiftAxisLayer.self,
        SeqLenMaskLayer.self,
        RepeatLayer.self,
        TileLayer.self,
        StackLayer.self,
        ConcatLayer.self,
        CompareLayer.self,
        SwitchLayer.self,
        CumsumLayer.self,
        DotLayer.self,
        SoftmaxOverSpatialLayer.self,
        DotAttentionLayer.self,
        ConcatAttentionLayer.self,
        GenericAttentionLayer.self,
        GaussWindowAttentionLayer.self,
        CombineDimsLayer.self,
        GatingLayer.self,
        TransposedConvLayer.self,
        NormLayer.self,
        MathNormLayer.self,
        ReduceOutLayer.self,
        VariableLayer.self,
        ScaledGradientLayer.self,
        GetLastHiddenStateLayer.self,
        SubnetworkLayer.self,
        ChoiceLayer.self,
        DecideLayer.self,
        SplitLayer.self,
        EvalLayer.self,
        RnnCellLayer.self,
        SelfAttentionLayer.self,
        PositionalEncodingLayer.self,
        RelativePositionalEncodingLayer.self,
        CumConcatLayer.self,
        EditDistanceLayer.self,
    ] }

    /// Other names for layer classes (RETURNN: `hidden` and `forward` are `linear`).
    public static let aliases: [String: String] = ["hidden": "linear", "forward": "linear"]

    /// The layer classes as a `NameRegistry` (with upstream's other class names).
    public static var registry: NameRegistry<any Layer.Type> {
        NameRegistry(family: "layer class", entries: all.map { ($0.className, $0) }, aliases: aliases,
                     upstreamNames: UpstreamNames.layerClasses)
    }

    /// The type for a class name (after aliases), or `nil`.
    public static func type(named name: String) -> (any Layer.Type)? { registry.lookup(name) }
}
