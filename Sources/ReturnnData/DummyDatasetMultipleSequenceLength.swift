/// `DummyDataset` with different lengths for "data" and "classes" (RETURNN
/// `DummyDatasetMultipleSequenceLength`, default `seq_len={"data": 10, "classes": 20}`).
///
/// Upstream builds float64/int64 arrays here; this port returns the declared float32/int32.
public final class DummyDatasetMultipleSequenceLength: DummyDataset {
    /// RETURNN class name.
    public override class var className: String { "DummyDatasetMultipleSequenceLength" }

    /// `DummyDatasetMultipleSequenceLength(input_dim, output_dim, num_seqs, seq_len={"data":10,"classes":20}, ...)`.
    public init(inputDim: Int, outputDim: Int, numSeqs: Int, dataSeqLen: Int = 10, classesSeqLen: Int = 20,
                inputMaxValue: Double = 10, inputShift: Double? = nil, inputScale: Double? = nil,
                options: DatasetOptions) throws {
        try super.init(inputDim: inputDim, outputDim: outputDim, numSeqs: numSeqs,
                       seqLens: ["data": dataSeqLen, "classes": classesSeqLen], inputMaxValue: inputMaxValue,
                       inputShift: inputShift, inputScale: inputScale, options: options)
    }
}
