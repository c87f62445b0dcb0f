import CSentencePiece
import ReturnnConfig

/// Subword units of a SentencePiece model (BPE, unigram, ...), through libsentencepiece
/// (RETURNN `SentencePieces`).
///
/// `getSeq` is SentencePiece's `Encode` to ids (with `add_bos`/`add_eos`/`reverse` as set; no
/// `seq_postfix`, as upstream). The labels are the model's pieces, the special ids its
/// `unk_id`/`bos_id`/`eos_id`/`pad_id` (a disabled one is none). `seqLabels` joins the pieces
/// with spaces, keeping the `▁` word marks, exactly as upstream's `get_seq_labels` (which
/// SentencePieces does not override); `decode` gives the detokenized text instead.
///
/// ```python
/// "vocab": {"class": "SentencePieces", "model_file": "spm.model"}
/// ```
/// `enable_sampling` (subword regularization) is not supported.
public final class SentencePieces: Vocabulary {
    /// RETURNN class name.
    public override class var className: String { "SentencePieces" }

    /// Owns the C processor.
    final class Processor {
        let handle: OpaquePointer

        init(modelFile: String) throws {
            var error: UnsafeMutablePointer<CChar>?
            guard let h = csp_load(modelFile, &error) else {
                throw DatasetError.file(path: modelFile, message: "cannot load the SentencePiece model: \(Processor.take(error))")
            }
            handle = h
        }

        deinit { csp_free(handle) }

        /// The message of a C error string (freed).
        static func take(_ s: UnsafeMutablePointer<CChar>?) -> String {
            guard let s else { return "unknown error" }
            defer { csp_free_string(s) }
            return String(cString: s)
        }

        func piece(_ id: Int32) -> String {
            var n = 0
            guard let p = csp_id_to_piece(handle, id, &n) else { return "" }
            defer { csp_free_string(p) }
            return String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: n), as: UTF8.self)
        }
    }

    /// `model_file`.
    public let modelFile: String
    let processor: Processor

    /// Loads `model_file`; `addBos`/`addEos`/`reverse` as upstream's `SentencePieceProcessor` options
    /// (reversing first, then `<s>`/`</s>`).
    public init(modelFile: String, addBos: Bool = false, addEos: Bool = false, reverse: Bool = false,
                controlSymbols: [String: VocabularyLabel] = [:], userDefinedSymbols: [String: VocabularyLabel] = [:]) throws {
        let p = try Processor(modelFile: modelFile)
        let extra = [reverse ? "reverse" : nil, addBos ? "bos" : nil, addEos ? "eos" : nil].compactMap { $0 }.joined(separator: ":")
        if !extra.isEmpty {
            var error: UnsafeMutablePointer<CChar>?
            guard csp_set_encode_extra_options(p.handle, extra, &error) == 0 else {
                throw DatasetError.file(path: modelFile, message: "cannot set the encode options '\(extra)': \(Processor.take(error))")
            }
        }
        let n = Int(csp_vocab_size(p.handle))
        let labels = (0..<n).map { p.piece(Int32($0)) }
        let special = { (id: Int32) -> VocabularyLabel in .index(Int(id)) }
        self.modelFile = modelFile
        self.processor = p
        try super.init(vocabFile: nil, table: VocabularyTable(labels: labels), options: VocabularyOptions(
            unknownLabel: special(csp_unk_id(p.handle)), bosLabel: special(csp_bos_id(p.handle)),
            eosLabel: special(csp_eos_id(p.handle)), padLabel: special(csp_pad_id(p.handle)),
            controlSymbols: controlSymbols, userDefinedSymbols: userDefinedSymbols))
    }

    /// upstream `repr`: `SentencePieces({'model_file': 'spm.model'})`.
    public override var description: String { "SentencePieces({'model_file': '\(modelFile)'})" }

    /// Pieces that the model marks unused are not valid ids (`not sp.IsUnused(idx)`).
    public override func isIdValid(_ id: Int) -> Bool {
        id >= 0 && id < labels.count && csp_is_unused(processor.handle, Int32(id)) == 0
    }

    /// SentencePiece's encoding of `text` as ids.
    public override func getSeq(_ text: String) throws -> [Int] {
        var ids: UnsafeMutablePointer<Int32>?
        var count = 0
        var error: UnsafeMutablePointer<CChar>?
        let bytes = Array(text.utf8)
        let rc = bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { c in csp_encode(processor.handle, c.baseAddress, b.count, &ids, &count, &error) }
        }
        guard rc == 0, let ids else { throw VocabularyError("\(self): SentencePiece cannot encode the text: \(Processor.take(error))") }
        defer { csp_free_string(ids) }
        return (0..<count).map { Int(ids[$0]) }
    }

    /// SentencePiece's detokenization of `ids` (`sp.decode(ids)`), e.g. `"▁hel lo"` → `"hello"`.
    public func decode(_ ids: [Int]) throws -> String {
        _ = try labelsOf(ids)
        let ids32 = ids.map { Int32($0) }
        var text: UnsafeMutablePointer<CChar>?
        var length = 0
        var error: UnsafeMutablePointer<CChar>?
        let rc = ids32.withUnsafeBufferPointer { csp_decode(processor.handle, $0.baseAddress, $0.count, &text, &length, &error) }
        guard rc == 0, let text else { throw VocabularyError("\(self): SentencePiece cannot decode the ids: \(Processor.take(error))") }
        defer { csp_free_string(text) }
        return String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: length), as: UTF8.self)
    }

    /// upstream `SentencePieces(**opts)`: `model_file` (required), `add_bos`, `add_eos`,
    /// `reverse` (False), `control_symbols`, `user_defined_symbols`; `enable_sampling` only False,
    /// `nbest_size`/`alpha` (accepted; they only act with sampling); `model_proto` is not supported.
    public override class func make(_ r: inout OptionReader) throws -> Vocabulary {
        if let v = r.optionalValue("model_proto"), !v.isNone {
            throw ConfigError(.unsupported, "\(r.context).model_proto: a serialized model in the config is not supported; save it to a file and give model_file", at: v.location)
        }
        let modelFile = try r.string("model_file")
        if try r.bool("enable_sampling", default: false) {
            throw ConfigError(.unsupported, "\(r.context).enable_sampling: SentencePiece sampling (subword regularization) is not supported by swift-returnn yet; remove it", at: r.dict.get("enable_sampling")?.location ?? r.location)
        }
        _ = try r.optionalInt("nbest_size")
        _ = try r.optionalDouble("alpha")
        let control = try VocabularyOptions.labelDict(r.optionalValue("control_symbols"), context: "\(r.context).control_symbols")
        let user = try VocabularyOptions.labelDict(r.optionalValue("user_defined_symbols"), context: "\(r.context).user_defined_symbols")
        do {
            return try SentencePieces(modelFile: modelFile, addBos: try r.bool("add_bos", default: false), addEos: try r.bool("add_eos", default: false),
                                      reverse: try r.bool("reverse", default: false), controlSymbols: control, userDefinedSymbols: user)
        } catch let e as DatasetError {
            throw ConfigError(.io, "\(r.context).model_file: \(e)", at: r.dict.get("model_file")?.location ?? r.location)
        }
    }
}
