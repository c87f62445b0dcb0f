/// A bad `audio` option or audio that the options cannot handle; `option` names the key.
public struct AudioFeatureError: Error, Equatable, CustomStringConvertible {
    /// The `audio` option at fault.
    public var option: String
    /// What is wrong and what to do.
    public var message: String

    /// An error about `option`.
    public init(option: String, message: String) {
        self.option = option
        self.message = message
    }

    /// `audio.<option>: <message>`.
    public var description: String { "audio.\(option): \(message)" }
}
