/// Number base conversion task (RETURNN `TaskNumberBaseConvertDataset`).
///
/// Sparse "data" (dim `input_base`): `randint(min_len, max_len + 1)` random digits; sparse
/// "classes" (dim `output_base`): the same number in the output base, most significant digit
/// first ("0" for zero). Input and output lengths differ.
public final class TaskNumberBaseConvertDataset: GeneratingDataset {
    /// RETURNN class name.
    public override class var className: String { "TaskNumberBaseConvertDataset" }
    static let chars = Array("0123456789abcdefghijklmnopqrstuvwxyz")
    /// `input_base` (8).
    public let inputBase: Int
    /// `output_base` (2).
    public let outputBase: Int
    /// `min_input_seq_len` (1).
    public let minInputSeqLen: Int
    /// `max_input_seq_len` (8).
    public let maxInputSeqLen: Int

    /// `TaskNumberBaseConvertDataset(input_base=8, output_base=2, min_input_seq_len=1, max_input_seq_len=8)`.
    public init(numSeqs: Int?, inputBase: Int = 8, outputBase: Int = 2, minInputSeqLen: Int = 1, maxInputSeqLen: Int = 8,
                options: DatasetOptions) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        let n = TaskNumberBaseConvertDataset.chars.count
        guard (2...n).contains(inputBase) else { throw bad("input_base", "must be in 2...\(n), got \(inputBase)") }
        guard (2...n).contains(outputBase) else { throw bad("output_base", "must be in 2...\(n), got \(outputBase)") }
        guard 0 < minInputSeqLen, minInputSeqLen <= maxInputSeqLen else {
            throw bad("min_input_seq_len", "need 0 < min_input_seq_len (\(minInputSeqLen)) <= max_input_seq_len (\(maxInputSeqLen))")
        }
        self.inputBase = inputBase
        self.outputBase = outputBase
        self.minInputSeqLen = minInputSeqLen
        self.maxInputSeqLen = maxInputSeqLen
        let c = TaskNumberBaseConvertDataset.chars.map(String.init)
        try super.init(options: options, inputDim: inputBase,
                       outputs: [("data", .sparse(inputBase)), ("classes", .sparse(outputBase))], numSeqs: numSeqs,
                       labels: ["data": Array(c[..<inputBase]), "classes": Array(c[..<outputBase])])
    }

    /// Digits of the number `input` (base `inputBase`) in base `outputBase` (arbitrary length).
    public func convert(_ input: [Int]) -> [Int] {
        var digits = input  // big number, most significant first, base inputBase
        var out = [Int]()
        while digits.contains(where: { $0 != 0 }) {
            var rem = 0
            var next = [Int]()
            for d in digits {
                let cur = rem * inputBase + d
                next.append(cur / outputBase)
                rem = cur % outputBase
            }
            out.append(rem)
            digits = next
        }
        return out.isEmpty ? [0] : out.reversed()
    }

    override func generate(corpusSeqIdx: Int, random: inout NumpyRandomState) throws -> [String: SeqData] {
        let len = random.randint(minInputSeqLen, maxInputSeqLen + 1)
        let input = (0..<len).map { _ in random.randint(0, inputBase) }
        return ["data": .int32(input.map { Int32($0) }), "classes": .int32(convert(input).map { Int32($0) })]
    }
}
