/// Copy task (RETURNN `CopyTaskDataset`): input = output = a random sparse symbol sequence (int8).
///
/// Length `randint(int(minlen + minlen_epoch_factor*epoch), int(maxlen + maxlen_epoch_factor*epoch) + 1)`,
/// then `randint(0, nsymbols)` per symbol.
public final class CopyTaskDataset: GeneratingDataset {
    /// RETURNN class name.
    public override class var className: String { "CopyTaskDataset" }
    /// `nsymbols` (at most 256).
    public let nsymbols: Int
    /// `minlen` (0).
    public let minlen: Double
    /// `maxlen` (0).
    public let maxlen: Double
    /// `minlen_epoch_factor` (0).
    public let minlenEpochFactor: Double
    /// `maxlen_epoch_factor` (0).
    public let maxlenEpochFactor: Double

    /// `CopyTaskDataset(nsymbols, minlen=0, maxlen=0, minlen_epoch_factor=0, maxlen_epoch_factor=0, num_seqs=...)`.
    public init(nsymbols: Int, minlen: Double = 0, maxlen: Double = 0, minlenEpochFactor: Double = 0,
                maxlenEpochFactor: Double = 0, numSeqs: Int?, options: DatasetOptions) throws {
        guard (1...256).contains(nsymbols) else {
            throw DatasetError.invalidOption(dataset: options.name, option: "nsymbols", message: "must be in 1...256, got \(nsymbols)")
        }
        self.nsymbols = nsymbols
        self.minlen = minlen
        self.maxlen = maxlen
        self.minlenEpochFactor = minlenEpochFactor
        self.maxlenEpochFactor = maxlenEpochFactor
        try super.init(options: options, inputDim: nsymbols,
                       outputs: [("data", .sparse(nsymbols, dtype: .int8)), ("classes", .sparse(nsymbols, dtype: .int8))],
                       numSeqs: numSeqs)
    }

    override func generate(corpusSeqIdx: Int, random: inout NumpyRandomState) throws -> [String: SeqData] {
        let e = Double(epoch ?? 0)
        let lo = Int(minlen + minlenEpochFactor * e)
        let hi = Int(maxlen + maxlenEpochFactor * e)
        guard 0 < lo, lo <= hi else {
            throw DatasetError.invalidOption(dataset: name, option: "minlen",
                                             message: "epoch \(epoch ?? 0) gives length range [\(lo), \(hi)]; need 0 < minlen <= maxlen")
        }
        let len = random.randint(lo, hi + 1)
        let seq = (0..<len).map { _ in Int8(truncatingIfNeeded: random.randint(0, nsymbols)) }
        let d = SeqData(.int8(seq), shape: [len])
        return ["data": d, "classes": d]
    }
}
