/// Episodic copy memory task (RETURNN `TaskEpisodicCopyDataset`).
///
/// Classes " .01234567" (dim 10) for input (one-hot) and output (sparse). Input: 1..9 random chars
/// from "01234567", 1..99 blanks, then `len + 2` dots; the output is blank until the first dot,
/// then recalls the chars, then dots.
public final class TaskEpisodicCopyDataset: GeneratingDataset {
    /// RETURNN class name.
    public override class var className: String { "TaskEpisodicCopyDataset" }
    /// Input and output alphabet.
    public static let classes = Array(" .01234567")

    /// `TaskEpisodicCopyDataset(num_seqs=...)`.
    public init(numSeqs: Int?, options: DatasetOptions) throws {
        let l = TaskEpisodicCopyDataset.classes.map(String.init)
        try super.init(options: options, inputDim: 10, outputs: [("classes", .sparse(10))], numSeqs: numSeqs,
                       labels: ["data": l, "classes": l])
    }

    /// Target for an input string (upstream `make_output_seq`).
    public static func makeOutput(_ input: [Character]) -> [Character] {
        var mem = [Character]()
        var recall = false
        var out = [Character]()
        for c in input {
            if !recall {
                out.append(" ")
                if c == "." { recall = true } else if c != " " { mem.append(c) }
            } else if mem.isEmpty {
                out.append(".")
            } else {
                out.append(mem.removeFirst())
            }
        }
        return out
    }

    override func generate(corpusSeqIdx: Int, random: inout NumpyRandomState) throws -> [String: SeqData] {
        let chars = Array(TaskEpisodicCopyDataset.classes[2...])
        let n = random.randint(1, 10)
        var seq = (0..<n).map { _ in random.choice(chars) }
        let blanks = random.randint(1, 100)
        seq += [Character](repeating: " ", count: blanks)
        seq += [Character](repeating: ".", count: n + 2)
        let out = TaskEpisodicCopyDataset.makeOutput(seq)
        let cls = TaskEpisodicCopyDataset.classes
        return [
            "data": GeneratingDataset.oneHot(GeneratingDataset.indices(seq, in: cls), numClasses: 10),
            "classes": .int32(GeneratingDataset.indices(out, in: cls).map { Int32($0) }),
        ]
    }
}
