/// XML modelling memory task (RETURNN `TaskXmlModelingDataset`, `limit_stack_depth=4`).
///
/// Classes " <>/abcdefgh" (dim 12). The input is a blank followed by random nested tags (names of
/// 1..9 chars from "abcdefgh"); the output predicts the next char where it is determined (the
/// closing tag's name and ">", and "<" after " " or ">"), blank elsewhere.
public final class TaskXmlModelingDataset: GeneratingDataset {
    /// RETURNN class name.
    public override class var className: String { "TaskXmlModelingDataset" }
    /// Input and output alphabet.
    public static let classes = Array(" <>/abcdefgh")
    /// `limit_stack_depth` (4): maximal nesting depth.
    public let limitStackDepth: Int

    /// `TaskXmlModelingDataset(num_seqs=..., limit_stack_depth=4)`.
    public init(numSeqs: Int?, limitStackDepth: Int = 4, options: DatasetOptions) throws {
        guard limitStackDepth >= 1 else {
            throw DatasetError.invalidOption(dataset: options.name, option: "limit_stack_depth", message: "must be >= 1, got \(limitStackDepth)")
        }
        self.limitStackDepth = limitStackDepth
        let l = TaskXmlModelingDataset.classes.map(String.init)
        try super.init(options: options, inputDim: 12, outputs: [("classes", .sparse(12))], numSeqs: numSeqs,
                       labels: ["data": l, "classes": l])
    }

    /// Target for an input string (upstream `make_output_seq`).
    public static func makeOutput(_ input: [Character]) -> [Character] {
        var stack = [[Character]]()
        var out = [Character]()
        var state = 0
        for c in input {
            if c == " " || c == ">" {
                out.append("<")
                precondition(state != 1, "TaskXmlModelingDataset: malformed input")
                state = 1
            } else if state == 1 {
                out.append(" ")
                state = 2
            } else if state == 2 {
                if c == "/" {
                    out.append(stack[stack.count - 1].removeFirst())
                    state = 4
                } else {
                    out.append(" ")
                    state = 3
                    stack.append([c])
                }
            } else if state == 3 {
                out.append(" ")
                stack[stack.count - 1].append(c)
            } else {
                if stack[stack.count - 1].isEmpty {
                    out.append(">")
                    stack.removeLast()
                    state = 0
                } else {
                    out.append(stack[stack.count - 1].removeFirst())
                }
            }
        }
        return out
    }

    override func generate(corpusSeqIdx: Int, random: inout NumpyRandomState) throws -> [String: SeqData] {
        let names = Array(TaskXmlModelingDataset.classes[4...])
        var seq: [Character] = [" "]
        var stack = [[Character]]()
        while true {
            if stack.isEmpty || (stack.count < limitStackDepth && random.randomSample() > 0.6) {
                let n = random.randint(1, 10)
                let tag = (0..<n).map { _ in random.choice(names) }
                seq += ["<"] + tag + [">"]
                stack.append(tag)
            } else {
                seq += ["<", "/"] + stack.removeLast() + [">"]
            }
            if stack.isEmpty && random.randomSample() > 0.2 { break }
        }
        let out = TaskXmlModelingDataset.makeOutput(seq)
        let cls = TaskXmlModelingDataset.classes
        return [
            "data": GeneratingDataset.oneHot(GeneratingDataset.indices(seq, in: cls), numClasses: 12),
            "classes": .int32(GeneratingDataset.indices(out, in: cls).map { Int32($0) }),
        ]
    }
}
