import ReturnnConfig
import ReturnnTensor

/// Merges axes into one (RETURNN `combine_dims`, `CombineDimsLayer`, deprecated upstream in favour
/// of `merge_dims`): `merge_dims` with `keep_order=True` always (so `keep_order` is no option).
///
/// Options: `axes` (required: a list like `["stag:inner", "F"]` or a description such as
/// `"static"`, `"except_time"`). Upstream 1.20261022 rejects a string `axes` for this class
/// ("must be a list or tuple"), which breaks its own demos/demo-tf-att-copy.config; a string is
/// accepted here and merges the axes it names in their order (the old upstream behaviour).
/// ```python
/// "att_comb": {"class": "combine_dims", "axes": "static", "from": ["att"]}  # [B, 5, 20] -> [B, 100]
/// ```
public final class CombineDimsLayer: Layer {
    /// The class name in a net dict: `"class": "combine_dims"`.
    public static let className = "combine_dims"
    /// The merged template.
    public let output: DataTemplate
    let merge: MergeDimsLayer

    /// Reads the options as `merge_dims` does.
    public init(_ b: LayerBuilder) throws {
        if let v = b.options.optionalValue("keep_order") {
            throw b.error(.invalidOption, "combine_dims always keeps the order of 'axes' (upstream passes keep_order=True itself); " +
                          "remove keep_order, or use merge_dims", at: v.location)
        }
        merge = try MergeDimsLayer(b)
        output = merge.output
    }

    /// Transposes the merged axes together and reshapes.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        try merge.forward(inputs, ctx)
    }
}
