/// The 12AX memory task (RETURNN `Task12AXDataset`), bit-identical to upstream.
///
/// Input: one-hot over "123ABCXYZ" (dense, dim 9). Output: sparse int32 over "LR" (dim 2);
/// "R" exactly when an X/Y closes "1A…X" or "2B…Y" (outer context set by the last 1/2, inner by the
/// last A/B, reset after every X/Y). Length `randint(10, 100)`.
public final class Task12AXDataset: GeneratingDataset {
    /// RETURNN class name.
    public override class var className: String { "Task12AXDataset" }
    /// Input alphabet.
    public static let inputClasses = Array("123ABCXYZ")
    /// Output alphabet.
    public static let outputClasses = Array("LR")

    /// `Task12AXDataset(num_seqs=...)`; `numSeqs: nil` is infinite.
    public init(numSeqs: Int?, options: DatasetOptions) throws {
        try super.init(
            options: options, inputDim: 9, outputs: [("classes", .sparse(2))], numSeqs: numSeqs,
            labels: ["data": Task12AXDataset.inputClasses.map(String.init), "classes": ["L", "R"]])
    }

    /// The input string (upstream `generate_input_seq`), as characters.
    static func generateInput(length: Int, random: inout NumpyRandomState) -> [Character] {
        var seq = Array(random.choice(["", "1", "2"]))
        while seq.count < length {
            if random.uniform() < 0.5 { seq.append(random.choice(Array("12"))) }
            if random.uniform() < 0.9 { seq.append(contentsOf: random.choice(["AX", "BY"])) }
            while random.uniform() < 0.5 { seq.append(random.choice(inputClasses)) }
        }
        return Array(seq.prefix(length))
    }

    /// The target string for an input string (upstream `make_output_seq`).
    public static func makeOutput(_ input: [Character]) -> [Character] {
        var outer: Character? = nil
        var inner: Character? = nil
        return input.map { c in
            var o: Character = "L"
            if c == "1" || c == "2" {
                outer = c
            } else if c == "A" || c == "B" {
                inner = c
            } else if c == "X" || c == "Y" {
                if (outer == "1" && inner == "A" && c == "X") || (outer == "2" && inner == "B" && c == "Y") { o = "R" }
                inner = nil
            }
            return o
        }
    }

    override func generate(corpusSeqIdx: Int, random: inout NumpyRandomState) throws -> [String: SeqData] {
        let len = random.randint(10, 100)
        let input = Task12AXDataset.generateInput(length: len, random: &random)
        let output = Task12AXDataset.makeOutput(input)
        return [
            "data": GeneratingDataset.oneHot(GeneratingDataset.indices(input, in: Task12AXDataset.inputClasses), numClasses: 9),
            "classes": .int32(GeneratingDataset.indices(output, in: Task12AXDataset.outputClasses).map { Int32($0) }),
        ]
    }
}
