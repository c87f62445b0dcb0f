import ReturnnConfig
import ReturnnKernels
import ReturnnTensor

/// Levenshtein distance between two label sequences per sequence (RETURNN `edit_distance`,
/// `EditDistanceLayer`): the absolute number of insertions, deletions and substitutions turning
/// `a` into `b`, not normalised (for a WER/CER, divide the sum by the reference length).
///
/// Options: `a` and `b` (required: layers with int labels, usually sparse `[B,T]`), `a_spatial_dim`
/// and `b_spatial_dim` (the axis holding each sequence; default: the time axis). `from` defaults to
/// `[]` and is not read. The output has the remaining axes (usually `[B]`), int32, not sparse;
/// both inputs must have the same remaining axes. No gradient.
/// ```python
/// "wer": {"class": "edit_distance", "a": "output", "b": "data:classes"}
/// ```
public final class EditDistanceLayer: ReferencingLayer {
    /// The class name in a net dict: `"class": "edit_distance"`.
    public static let className = "edit_distance"
    /// `a` and `b` are options; nothing is read from `from` by default.
    public static var defaultSources: [String] { [] }
    /// The sources are not concatenated (and not read).
    public static var concatenatesSources: Bool { false }
    /// Reads whole sequences (RETURNN `recurrent = True`).
    public static var mixesFrames: Bool { true }
    /// See the type.
    public let output: DataTemplate
    /// The two operands: template, sequence axis and the positions of the output axes in it.
    let operands: [Operand]

    /// One of `a`, `b`.
    struct Operand {
        let template: DataTemplate
        /// The axis holding the sequence.
        let axis: Int
        /// For each output axis, its axis in this operand.
        let outputAxes: [Int]
    }

    /// `a` and `b`.
    public static func referencedLayers(_ options: OptionReader, layer: String) throws -> [String] {
        try ["a", "b"].map { key in
            guard let name = options.layerName(key) else {
                let given = options.dict.get(key)
                throw NetworkError(.invalidOption, given == nil
                                   ? "edit_distance needs the option '\(key)': the name of a layer with int labels"
                                   : "'\(key)' must be a layer name, got \(given!.repr)", layer: layer, at: given?.location)
            }
            return name
        }
    }

    /// Reads the options and checks that `a` and `b` fit.
    public init(_ b: LayerBuilder) throws {
        precondition(b.referencedNodes.count == 2, "EditDistanceLayer: the builder constructs a and b")
        var rems: [[Dim]] = []
        var found: [(DataTemplate, Int)] = []
        for (key, node) in zip(["a", "b"], b.referencedNodes) {
            let keyValue = try b.read { try $0.value(key) }
            let t = node.output
            guard t.isInt, !t.isBool else {
                throw b.error(.sparseMismatch, "'\(key)' layer '\(node.name)' \(t) must hold int labels (sparse), not float values; " +
                              "use the output of a choice layer, sparse data, or cast it with {\"class\": \"cast\", \"dtype\": \"int32\"}",
                              at: keyValue.location)
            }
            let axis: Int
            if let v = b.options.optionalValue("\(key)_spatial_dim"), !v.isNone {
                axis = try AxisDescription.resolveSingle(v, in: t, key: "\(key)_spatial_dim", layer: b)
                if t.dims[axis].isBatch {
                    throw b.error(.invalidOption, "\(key)_spatial_dim names the batch axis of '\(node.name)' \(t); name its sequence axis",
                                  at: v.location)
                }
            } else if let time = t.timeAxis {
                axis = time
            } else {
                throw b.error(.invalidOption, "'\(key)' layer '\(node.name)' \(t) has no time axis; set \(key)_spatial_dim to the axis " +
                              "holding the label sequence", at: keyValue.location)
            }
            var rem = t.dims
            rem.remove(at: axis)
            rems.append(rem)
            found.append((t, axis))
        }
        guard Set(rems[0]) == Set(rems[1]), rems[0].count == rems[1].count else {
            throw b.error(.dimensionMismatch, "the axes of a besides its sequence axis \(rems[0]) and those of b \(rems[1]) differ; " +
                          "both need the same other axes (usually just the batch)")
        }
        let outDims = rems[0]
        operands = found.map { t, axis in
            Operand(template: t, axis: axis, outputAxes: outDims.map { d in t.dims.firstIndex(of: d)! })
        }
        output = DataTemplate(dims: outDims, isInt: true)
    }

    /// The distances.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let values = Array(inputs.suffix(2))
        var shape: [Int] = []
        var seqs: [[[Int32]]] = []
        for (op, value) in zip(operands, values) {
            guard let ints = value.ints else { preconditionFailure("EditDistanceLayer: int input expected") }
            let vShape = ints.shape
            shape = op.outputAxes.map { vShape[$0] }
            let strides = ShapeUtil.strides(vShape)
            let seqDim = op.template.dims[op.axis]
            let lensTensor = seqDim.isDynamic ? (ctx.sizes(of: seqDim) ?? (op.template.timeAxis == op.axis ? value.seqLens : nil)) : nil
            let lens = lensTensor?.array
            let batchAxis = op.template.batchAxis
            let n = vShape[op.axis], storage = ints.array
            var out: [[Int32]] = []
            let count = shape.reduce(1, *)
            out.reserveCapacity(count)
            var index = [Int](repeating: 0, count: shape.count)
            for _ in 0..<count {
                var base = 0
                var batchIndex = 0
                for (j, axis) in op.outputAxes.enumerated() {
                    base += index[j] * strides[axis]
                    if axis == batchAxis { batchIndex = index[j] }
                }
                let len = lens.map { Int($0[$0.count == 1 ? 0 : batchIndex]) } ?? n
                out.append((0..<Swift.min(len, n)).map { storage[base + $0 * strides[op.axis]] })
                var k = shape.count - 1
                while k >= 0 {
                    index[k] += 1
                    if index[k] < shape[k] { break }
                    index[k] = 0
                    k -= 1
                }
            }
            seqs.append(out)
        }
        let distances = zip(seqs[0], seqs[1]).map { Int32(ReturnnKernels.EditDistance.levenshtein($0, $1)) }
        return LayerValue(ints: IntTensor(shape: shape, distances), seqLens: nil)
    }
}
