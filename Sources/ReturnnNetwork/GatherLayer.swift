import ReturnnConfig
import ReturnnTensor

/// Takes slices at int positions along one axis (RETURNN `gather`, `tf.gather` with batch axes):
/// for input `[B,D,F1]`, gathered axis `D` and position `[B,F2]`,
/// `output[b,f2,f1] = input[b,position[b,f2],f1]`.
///
/// Options: `position` (required: a layer with int values, or an int), `axis` (required: the
/// input axis to gather from), `clip_to_valid` (False: a position outside the axis is an error;
/// True: positions are clipped into `0 ... len-1`, with the sequence lengths of a dynamic axis).
/// Axes that input and position share (batch, often time) are batch axes of the gather; the
/// output is `[shared..., input axes before the gathered one, position axes, input axes after it]`
/// with the tags of their origin. Sparse input stays sparse.
/// ```python
/// "g": {"class": "gather", "from": "enc", "position": "align", "axis": "T"}   # [B,T_enc,F] at [B,T_dec]
/// "first": {"class": "gather", "from": "data", "position": 0, "axis": "F"}
/// ```
public final class GatherLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "gather"`.
    public static let className = "gather"
    /// Gathering along time reads other frames.
    public static var mixesFrames: Bool { true }
    /// See the type.
    public let output: DataTemplate
    let geometry: GatherGeometry
    /// An int `position`.
    let constant: Int?
    let clip: Bool
    let name: String
    let inputTemplate: DataTemplate

    /// `position` when it names a layer.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        options.layerName("position").map { [$0] } ?? []
    }

    /// Reads the options.
    public init(_ b: LayerBuilder) throws {
        let input = b.input
        inputTemplate = input
        name = b.name
        let posValue = try b.read { try $0.value("position") }
        let axisValue = try b.read { try $0.value("axis") }
        let axis = try AxisDescription.resolveSingle(axisValue, in: input, key: "axis", layer: b)
        if input.dims[axis].isBatch { throw b.error(.invalidOption, "cannot gather along the batch axis", at: axisValue.location) }
        clip = try b.read { try $0.bool("clip_to_valid", default: false) }
        let positionDims: [Dim]
        if let node = b.referencedNodes.first {
            guard node.output.isInt else {
                throw b.error(.sparseMismatch, "position layer '\(node.name)' \(node.output) must have int values; cast it with " +
                              "{\"class\": \"cast\", \"dtype\": \"int32\"}", at: posValue.location)
            }
            positionDims = node.output.dims
            constant = nil
        } else if let i = posValue.intValue, posValue.boolValue == nil {
            positionDims = []
            constant = i
        } else {
            throw b.error(.invalidOption, "position must be a layer name or an int, got \(posValue.repr)", at: posValue.location)
        }
        geometry = GatherGeometry(input: input.dims, position: positionDims, axis: axis)
        output = DataTemplate(dims: geometry.dims, sparseTag: input.sparseTag, isInt: input.isInt)
    }

    /// Gathers.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let x = inputs[0]
        let inShape = x.shape
        let positions: [Int32], pShape: [Int]
        if let constant {
            positions = [Int32(constant)]
            pShape = []
        } else {
            positions = inputs[1].intArray
            pShape = inputs[1].shape
        }
        let pStrides = ShapeUtil.strides(pShape)
        let n = inShape[geometry.axis]
        let gDim = inputTemplate.dims[geometry.axis]
        let lens = clip && gDim.isDynamic ? ctx.sizes(of: gDim)?.array : nil
        let bOut = output.batchAxis
        let outShape = geometry.shape(input: inShape, position: pShape)
        let padding = PaddingFrames(output, ctx)
        let trailing = geometry.trailingInputAxes(inputRank: inShape.count)
        let rows = try geometry.rows(inputShape: inShape, positionShape: pShape, outputShape: outShape, trailing: trailing) { o, p in
            var v = Int(positions[RowMap.flat(p, pStrides)])
            if clip {
                let size = lens.flatMap { l in bOut.map { Int(l[o[$0]]) } } ?? n
                v = Swift.min(Swift.max(v, 0), Swift.max(Swift.min(size, n) - 1, 0))
            }
            guard v >= 0 && v < n else {
                // Positions in padding frames may hold anything: those frames are filled.
                if padding.contains(o) { return nil }
                throw NetworkError(.dimensionMismatch, "position \(v) is outside the gathered axis \(gDim) of size \(n) in this batch; " +
                                   "fix the positions or set clip_to_valid=True", layer: name)
            }
            return v
        }
        let rowSize = ShapeUtil.count(Array(inShape.suffix(trailing)))
        return x.take(rows: rows, rowSize: rowSize, shape: outShape, seqLens: ctx.seqLens(of: output), tape: ctx.tape)
    }
}
