/// A CTC input that cannot be scored: wrong lengths or labels (RETURNN loss `ctc`).
///
/// Thrown by `Ctc.validate`, which the loss layer calls before the kernel; the kernel itself
/// only checks the same conditions with `precondition`.
public enum CtcError: Error, Equatable, CustomStringConvertible {
    /// The logits have no class at all, so there is no blank (`vocab` must be at least 1).
    case noBlankClass
    /// `inputLengths[seq]` is negative or longer than the padded time axis.
    case inputLengthOutOfRange(seq: Int, length: Int, time: Int)
    /// `targetLengths[seq]` is negative or longer than the padded target axis.
    case targetLengthOutOfRange(seq: Int, length: Int, maxTargetLength: Int)
    /// A target label is not in `0..<blank` (a label equal to the blank, or outside the vocabulary).
    case labelOutOfRange(seq: Int, position: Int, label: Int, blank: Int)

    /// Where the problem is and what to do about it.
    public var description: String {
        switch self {
        case .noBlankClass:
            return "CTC loss: the output has 0 classes; it needs the target classes plus 1 for the blank "
                + "(set n_out to the target dim + 1)"
        case let .inputLengthOutOfRange(seq, length, time):
            return "CTC loss: sequence \(seq) has input length \(length), outside 0...\(time) (the padded time "
                + "axis); check the input sequence lengths of the CTC layer"
        case let .targetLengthOutOfRange(seq, length, maxTargetLength):
            return "CTC loss: sequence \(seq) has target length \(length), outside 0...\(maxTargetLength) (the "
                + "padded target axis); check the target data's sequence lengths"
        case let .labelOutOfRange(seq, position, label, blank):
            return "CTC loss: sequence \(seq), target position \(position) holds label \(label), but labels must be "
                + "in 0..<\(blank) because class \(blank) is the blank (the last class); set the output dim "
                + "(n_out) to the target dim + 1, or fix the target labels"
        }
    }
}
