/// Deterministic dummy data (RETURNN `DummyDataset`): no randomness at all.
///
/// Sequence `i` (corpus index) has `seq_len` frames of dense float32 features
/// `((j % input_max_value) + input_shift) * input_scale` for `j` in `i ..< i + seq_len*input_dim`
/// (row-major `[seq_len, input_dim]`), and sparse int32 targets `j % output_dim` for the next
/// `seq_len` values of `j`. Defaults: `input_shift = -input_max_value/2`, `input_scale = 1/input_max_value`.
public class DummyDataset: GeneratingDataset {
    /// RETURNN class name.
    public override class var className: String { "DummyDataset" }
    /// `input_max_value` (10.0).
    public let inputMaxValue: Double
    /// `input_shift` (-input_max_value/2).
    public let inputShift: Double
    /// `input_scale` (1/input_max_value).
    public let inputScale: Double
    /// Frames per key.
    let seqLens: [String: Int]
    /// Number of target classes.
    public let outputDim: Int

    /// `DummyDataset(input_dim, output_dim, num_seqs, seq_len=2, input_max_value=10., input_shift=None, input_scale=None)`.
    public convenience init(inputDim: Int, outputDim: Int, numSeqs: Int, seqLen: Int = 2, inputMaxValue: Double = 10,
                            inputShift: Double? = nil, inputScale: Double? = nil, options: DatasetOptions) throws {
        try self.init(inputDim: inputDim, outputDim: outputDim, numSeqs: numSeqs, seqLens: ["data": seqLen, "classes": seqLen],
                      inputMaxValue: inputMaxValue, inputShift: inputShift, inputScale: inputScale, options: options)
    }

    init(inputDim: Int, outputDim: Int, numSeqs: Int, seqLens: [String: Int], inputMaxValue: Double,
         inputShift: Double?, inputScale: Double?, options: DatasetOptions) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        guard inputDim > 0 else { throw bad("input_dim", "must be > 0, got \(inputDim)") }
        guard outputDim > 0 else { throw bad("output_dim", "must be > 0, got \(outputDim)") }
        guard inputMaxValue != 0 else { throw bad("input_max_value", "must not be 0") }
        for (k, l) in seqLens where l < 0 { throw bad("seq_len", "length of '\(k)' must be >= 0, got \(l)") }
        self.inputMaxValue = inputMaxValue
        self.inputShift = inputShift ?? -inputMaxValue / 2
        self.inputScale = inputScale ?? 1 / inputMaxValue
        self.seqLens = seqLens
        self.outputDim = outputDim
        try super.init(options: options, inputDim: inputDim, outputs: [("classes", .sparse(outputDim))], numSeqs: numSeqs)
    }

    override func generate(corpusSeqIdx: Int, random: inout NumpyRandomState) throws -> [String: SeqData] {
        let dim = inputDim!
        let lenData = seqLens["data"]!
        let lenClasses = seqLens["classes"]!
        let i1 = corpusSeqIdx
        let i2 = i1 + lenData * dim
        let feats = (i1..<i2).map { j in
            Float((Double(j).truncatingRemainder(dividingBy: inputMaxValue) + inputShift) * inputScale)
        }
        let targets = (i2..<(i2 + lenClasses)).map { Int32($0 % outputDim) }
        return ["data": SeqData(.float32(feats), shape: [lenData, dim]), "classes": .int32(targets)]
    }
}
