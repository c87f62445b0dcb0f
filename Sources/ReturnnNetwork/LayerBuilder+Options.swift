/// Small option queries shared by layers.
extension LayerBuilder {
    /// Whether the layer dict sets `key` to something other than None (the option counts as read).
    func hasOption(_ key: String) -> Bool {
        options.optionalValue(key).map { !$0.isNone } ?? false
    }
}
