/// A tensor value flowing through layer code, optionally tracked by a `Tape`.
///
/// `id` is the value's slot on the tape that produced it; it is `nil` for constants (input data,
/// masks) and for everything computed in no-grad mode or from constants only, which the tape does
/// not record.
public struct Variable: Sendable {
    /// The values.
    public let value: Tensor
    /// Slot on the owning tape, or `nil` when no gradient flows to this value.
    public let id: Int?
    /// Identity of the owning tape (guards against mixing tapes).
    let tapeID: ObjectIdentifier?

    /// A constant: no gradient flows to it.
    public init(_ value: Tensor) {
        self.value = value
        id = nil
        tapeID = nil
    }

    /// A tracked value on a tape.
    init(_ value: Tensor, id: Int, tapeID: ObjectIdentifier) {
        self.value = value
        self.id = id
        self.tapeID = tapeID
    }

    /// Dimensions of the value.
    @inlinable public var shape: [Int] { value.shape }
    /// Number of axes.
    @inlinable public var rank: Int { value.rank }
    /// Whether gradients flow to this value.
    @inlinable public var requiresGradient: Bool { id != nil }
}
