import ReturnnConfig

/// The one list of vocabulary classes known by their RETURNN names, and upstream's
/// `Vocabulary.create_vocab(**opts)`.
public enum BuiltinVocabularies {
    /// All registered vocabulary types.
    public static var all: [Vocabulary.Type] {
        [Vocabulary.self, BytePairEncoding.self, SentencePieces.self, CharacterTargets.self, Utf8ByteTargets.self]
    }

    /// The vocabulary classes as a `NameRegistry` (with upstream's other vocabulary classes).
    public static var registry: NameRegistry<Vocabulary.Type> {
        NameRegistry(family: "vocabulary class", entries: all.map { ($0.className, $0) }, upstreamNames: UpstreamNames.vocabularies)
    }

    /// Builds a vocabulary from its option dict (upstream `Vocabulary.create_vocab`): the class
    /// named by `"class"`, else `BytePairEncoding` when `bpe_file` is given, else `Vocabulary`.
    /// Unknown options fail with "did you mean"; `context` names the dict in messages
    /// (`"dataset train.orth_vocab"`).
    ///
    /// ```python
    /// {"class": "BytePairEncoding", "bpe_file": "bpe.codes", "vocab_file": "bpe.vocab", "unknown_label": "<unk>"}
    /// ```
    public static func make(_ value: ConfigValue, context: String) throws -> Vocabulary {
        var r = try OptionReader(value, context: context)
        let type: Vocabulary.Type
        if let name = try r.optionalString("class") {
            type = try registry.resolve(name, at: r.dict.get("class")?.location ?? value.location)
        } else {
            type = r.has("bpe_file") ? BytePairEncoding.self : Vocabulary.self
        }
        let vocab: Vocabulary
        do { vocab = try type.make(&r) } catch let e as VocabularyError {
            try r.checkTypos()
            let loc = e.option.flatMap { r.dict.get($0)?.location } ?? value.location
            throw ConfigError(.value, "\(context): \(e.description)", at: loc)
        } catch {
            try r.checkTypos()
            throw error
        }
        try r.finish()
        return vocab
    }
}
