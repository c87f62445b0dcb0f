import ReturnnTensor

/// Adds an axis of size `dim`, repeating the values along it (RETURNN `expand_dims`).
///
/// Options: `axis` (required): `"F"`/`"feature"` adds the axis after the feature axis, where it
/// becomes the new feature axis (the old one becomes spatial); `"spatial"`/`"T"`/`"time"` adds a
/// spatial axis before the feature axis (or a feature axis when there is none); an int is the
/// batch-major position of the new axis (after batch and time). `dim` (1).
/// ```python
/// "ex": {"class": "expand_dims", "axis": "spatial", "from": "lin"}   # [B,T,F] -> [B,T,1,F]
/// ```
public final class ExpandDimsLayer: Layer {
    /// The class name in a net dict: `"class": "expand_dims"`.
    public static let className = "expand_dims"
    /// The input with the new axis.
    public let output: DataTemplate
    /// Runtime position of the new axis in the output.
    let position: Int
    let dim: Int

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        guard input.isFloat else { throw b.error(.sparseMismatch, "input \(input) holds int values; expand_dims needs float input") }
        let axisValue = try b.read { try $0.value("axis") }
        dim = try b.read { try $0.int("dim", default: 1) }
        guard dim >= 1 else { throw b.error(.invalidOption, "dim must be positive, got \(dim)") }
        let firstSpatial = (input.hasBatch ? 1 : 0) + (input.hasTime ? 1 : 0)
        var pos: Int
        if let i = axisValue.intValue, axisValue.boolValue == nil {
            pos = i < 0 ? i + input.rank + 1 : i
            guard pos >= firstSpatial && pos <= input.rank else {
                throw b.error(.invalidOption, "axis \(i) is not a valid position for a new axis in \(input): it must come after the " +
                              "batch and time axes (\(firstSpatial)...\(input.rank))", at: axisValue.location)
            }
        } else {
            switch axisValue.stringValue?.lowercased() {
            case "f", "feature": pos = input.rank
            case "spatial", "t", "time": pos = input.featureDim == nil ? input.rank : input.rank - 1
            default:
                throw b.error(.invalidOption, "axis must be \"F\", \"spatial\", \"T\" or an int position, got \(axisValue.repr)",
                              at: axisValue.location)
            }
        }
        position = pos
        var out = input
        if pos == input.rank {
            if let f = input.featureDim { out.spatial.append(f) }
            out.featureDim = dim
        } else {
            out.spatial.insert(dim, at: pos - firstSpatial)
        }
        output = out
    }

    /// Reshapes and repeats.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0].dense
        var shape = x.shape
        shape.insert(1, at: position)
        var y = ctx.tape.reshape(x, shape)
        if dim > 1 {
            shape[position] = dim
            y = ctx.tape.add(y, Variable(Tensor(zeros: shape)))
        }
        return LayerValue(values: y, seqLens: inputs[0].seqLens)
    }
}
