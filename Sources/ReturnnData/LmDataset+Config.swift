import ReturnnConfig

extension LmDataset: ConfigurableDataset {
    /// Upstream's kwargs: `corpus_file` (str or list), `skip_empty_lines` (True), `seq_list_file`,
    /// `orth_symbols_file`, `orth_symbols_map_file`, `orth_replace_map_file`, `word_based` (False),
    /// `word_end_symbol`, `seq_end_symbol` ("[END]", None = no postfix), `unknown_symbol`
    /// ("[UNKNOWN]"), `auto_replace_unknown_symbol` (False), `error_on_invalid_seq` (True),
    /// `add_delayed_seq_data` (False), `delayed_seq_data_start_symbol` ("[START]"), `dtype`,
    /// `tag_prefix` ("line-"), `orth_vocab` (a vocabulary dict, see `BuiltinVocabularies.make`).
    ///
    /// ```python
    /// train = {"class": "LmDataset", "corpus_file": "train.txt.gz", "orth_symbols_file": "chars.txt"}
    /// lm = {"class": "LmDataset", "corpus_file": "train.txt.gz",
    ///       "orth_vocab": {"class": "BytePairEncoding", "bpe_file": "bpe.codes", "vocab_file": "bpe.vocab"}}
    /// ```
    public static func make(_ r: inout OptionReader, options: DatasetOptions) throws -> any Dataset {
        guard let corpus = try r.optionalStringList("corpus_file") else {
            throw ConfigError(.key, "\(r.context): missing required option 'corpus_file' (a file or a list of files)", at: r.location)
        }
        var dtype: DataType?
        if let s = try r.optionalString("dtype") {
            guard let t = DataType(rawValue: s) else {
                throw ConfigError(.value, "\(r.context).dtype: unknown dtype '\(s)'", at: r.location)
            }
            dtype = t
        }
        var orthVocab: Vocabulary?
        if let v = r.optionalValue("orth_vocab"), !v.isNone {
            orthVocab = try BuiltinVocabularies.make(v, context: "\(r.context).orth_vocab")
        }
        return try LmDataset(
            corpusFile: corpus, skipEmptyLines: try r.bool("skip_empty_lines", default: true),
            seqListFile: try r.optionalStringList("seq_list_file"), orthVocab: orthVocab,
            orthSymbolsFile: try r.optionalString("orth_symbols_file"),
            orthSymbolsMapFile: try r.optionalString("orth_symbols_map_file"),
            orthReplaceMapFile: try r.optionalString("orth_replace_map_file"),
            wordBased: try r.bool("word_based", default: false), wordEndSymbol: try r.optionalString("word_end_symbol"),
            seqEndSymbol: r.has("seq_end_symbol") ? try r.optionalString("seq_end_symbol") : "[END]",
            unknownSymbol: r.has("unknown_symbol") ? try r.optionalString("unknown_symbol") : "[UNKNOWN]",
            autoReplaceUnknownSymbol: try r.bool("auto_replace_unknown_symbol", default: false),
            errorOnInvalidSeq: try r.bool("error_on_invalid_seq", default: true),
            addDelayedSeqData: try r.bool("add_delayed_seq_data", default: false),
            delayedSeqDataStartSymbol: try r.string("delayed_seq_data_start_symbol", default: "[START]"),
            dtype: dtype, tagPrefix: try r.optionalString("tag_prefix"), options: options)
    }
}
