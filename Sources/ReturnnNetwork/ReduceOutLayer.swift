import ReturnnConfig
import ReturnnTensor

/// Reduces groups of neighbouring features (RETURNN `reduce_out`; maxout with `mode="max"`): the
/// feature axis `F` is split into `[F / num_pieces, num_pieces]` and the last part reduced.
///
/// Options: `mode` (required: "max", "sum", "mean"/"avg"), `num_pieces` (required, must divide
/// `F`), `out_dim` (optional, must be `F / num_pieces`). The feature axis must be the last axis
/// (as upstream, which reshapes the last axis). The output feature axis is the derived tag
/// `F//num_pieces`.
/// ```python
/// "maxout": {"class": "reduce_out", "mode": "max", "num_pieces": 2, "from": "lin"}
/// ```
public final class ReduceOutLayer: Layer {
    /// The class name in a net dict: `"class": "reduce_out"`.
    public static let className = "reduce_out"
    /// `[..., F / num_pieces]`.
    public let output: DataTemplate
    let mode: Tape.ReduceMode
    let pieces: Int

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        try b.requireDense(input)
        let modeName = try b.read { try $0.string("mode") }
        switch modeName {
        case "max": mode = .max
        case "sum": mode = .sum
        case "mean", "avg": mode = .mean
        default:
            var msg = "invalid reduce_out mode '\(modeName)'; supported: max, sum, mean, avg"
            if let s = EditDistance.closest(to: modeName, in: ["max", "sum", "mean", "avg"]) { msg += "; did you mean '\(s)'?" }
            throw b.error(.invalidOption, msg)
        }
        pieces = try b.read { try $0.int("num_pieces") }
        let f = input.featureDim!
        guard pieces >= 1, f % pieces == 0 else {
            throw b.error(.dimensionMismatch, "num_pieces \(pieces) must be positive and divide the input feature dim \(f) of \(input)")
        }
        guard input.featureAxis == input.rank - 1 else {
            throw b.error(.dimensionMismatch, "reduce_out needs the feature axis last, the input is \(input)")
        }
        if b.hasOption("n_out") || b.hasOption("out_dim"), let n = try b.nOut(), n != f / pieces {
            throw b.error(.dimensionMismatch, "out_dim \(n) must be the input feature dim \(f) / num_pieces \(pieces) = \(f / pieces)")
        }
        var out = input
        out.dims[out.rank - 1] = input.featureTag!.floorDiv(pieces)
        output = out
    }

    /// Reshapes and reduces.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        let x = inputs[0].dense
        var shape = x.shape
        let f = shape.removeLast()
        let y = tape.reduce(tape.reshape(x, shape + [f / pieces, pieces]), mode, axes: [x.rank])
        return LayerValue(values: y, seqLens: inputs[0].seqLens)
    }
}
