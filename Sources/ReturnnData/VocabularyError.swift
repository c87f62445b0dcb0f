/// A vocabulary that cannot be built from its options, or a text or id sequence it cannot map
/// (upstream raises `KeyError`/`IndexError`/`UnicodeDecodeError` there); says which vocabulary,
/// what, and what to do.
public struct VocabularyError: Error, Equatable, CustomStringConvertible {
    /// The full message.
    public let description: String
    /// The config option at fault (`unknown_label`, ...), when one is.
    public let option: String?

    /// An error with `description`, blaming `option` if given.
    public init(_ description: String, option: String? = nil) {
        self.description = description
        self.option = option
    }
}
