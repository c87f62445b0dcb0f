import ReturnnConfig

/// The keyword options that every vocabulary class passes on to upstream `Vocabulary.__init__`:
/// special labels, `num_labels` (a check), `seq_postfix`, `single_whitespace_split`.
public struct VocabularyOptions: Sendable, Equatable {
    /// `unknown_label` (upstream default "UNK" for `Vocabulary`/`BytePairEncoding`, "@" for
    /// `CharacterTargets`; `nil` = unknown labels are an error).
    public var unknownLabel: VocabularyLabel?
    /// `bos_label` (None).
    public var bosLabel: VocabularyLabel?
    /// `eos_label` (None).
    public var eosLabel: VocabularyLabel?
    /// `pad_label` (None).
    public var padLabel: VocabularyLabel?
    /// `control_symbols` (name → label).
    public var controlSymbols: [String: VocabularyLabel]
    /// `user_defined_symbols` (name → label).
    public var userDefinedSymbols: [String: VocabularyLabel]
    /// `num_labels`: when given, the vocabulary must have exactly this many labels.
    public var numLabels: Int?
    /// `seq_postfix` ([]): label indices appended by `getSeq`.
    public var seqPostfix: [Int]
    /// `single_whitespace_split` (False): `getSeq` undoes `" ".join(labels)` exactly, so that
    /// labels containing spaces survive; otherwise the text is split at whitespace runs.
    public var singleWhitespaceSplit: Bool

    /// Options with upstream's defaults.
    public init(unknownLabel: VocabularyLabel? = .label("UNK"), bosLabel: VocabularyLabel? = nil, eosLabel: VocabularyLabel? = nil,
                padLabel: VocabularyLabel? = nil, controlSymbols: [String: VocabularyLabel] = [:],
                userDefinedSymbols: [String: VocabularyLabel] = [:], numLabels: Int? = nil, seqPostfix: [Int] = [],
                singleWhitespaceSplit: Bool = false) {
        self.unknownLabel = unknownLabel
        self.bosLabel = bosLabel
        self.eosLabel = eosLabel
        self.padLabel = padLabel
        self.controlSymbols = controlSymbols
        self.userDefinedSymbols = userDefinedSymbols
        self.numLabels = numLabels
        self.seqPostfix = seqPostfix
        self.singleWhitespaceSplit = singleWhitespaceSplit
    }

    /// A label option value: a str, an int, or None (`nil`).
    static func label(_ v: ConfigValue, context: String) throws -> VocabularyLabel? {
        if v.isNone { return nil }
        if let s = v.stringValue { return .label(s) }
        if case .int(let i) = v.kind { return .index(i) }
        throw ConfigError(.type, "\(context): expected a label (str), a label index (int) or None, got \(v.typeName) \(v.repr)", at: v.location)
    }

    /// A dict name → label.
    static func labelDict(_ v: ConfigValue?, context: String) throws -> [String: VocabularyLabel] {
        guard let v, !v.isNone else { return [:] }
        guard let d = v.dictValue else { throw ConfigError(.type, "\(context): expected a dict name -> label, got \(v.typeName)", at: v.location) }
        var out = [String: VocabularyLabel]()
        for (k, x) in d.entries {
            guard let name = k.stringValue else { throw ConfigError(.type, "\(context): keys must be str, got \(k.repr)", at: k.location) }
            guard let l = try label(x, context: "\(context).\(name)") else {
                throw ConfigError(.type, "\(context).\(name): expected a label, got None", at: x.location)
            }
            out[name] = l
        }
        return out
    }

    /// Reads the options present in `r`. `unknownLabel` (the class's default) applies when
    /// neither the dict nor `special_symbols_via_file` sets `unknown_label`; `withUnknownLabel:
    /// false` leaves that key unread (`Utf8ByteTargets` fixes it to None).
    static func read(_ r: inout OptionReader, unknownLabel def: VocabularyLabel?, withUnknownLabel: Bool = true) throws -> VocabularyOptions {
        var o = VocabularyOptions(unknownLabel: def)
        var fileSpecials = [String: ConfigValue]()
        if let path = try r.optionalString("special_symbols_via_file") {
            let text: String
            do { text = try VocabularyTable.readText(path) } catch let e as DatasetError {
                throw ConfigError(.io, "\(r.context).special_symbols_via_file: \(e)", at: r.dict.get("special_symbols_via_file")?.location ?? r.location)
            }
            let env = ConfigEnvironment(environment: [:], argv: [], userName: "", uid: 0, output: { _ in })
            let v = try Config(environment: env).evaluate(expression: text, file: path)
            guard let d = v.dictValue else { throw ConfigError(.type, "\(path): expected a dict of special symbols, got \(v.typeName)", at: v.location) }
            let allowed = ["unknown_label", "bos_label", "eos_label", "pad_label", "control_symbols", "user_defined_symbols"]
            for (k, x) in d.entries {
                guard let name = k.stringValue, allowed.contains(name) else {
                    throw ConfigError(.key, "\(path): invalid special symbol key \(k.repr); allowed: \(allowed.joined(separator: ", "))", at: k.location)
                }
                fileSpecials[name] = x
            }
        }
        if withUnknownLabel, let v = r.optionalValue("unknown_label") {
            o.unknownLabel = try label(v, context: "\(r.context).unknown_label")
        } else if withUnknownLabel, let v = fileSpecials["unknown_label"] {
            o.unknownLabel = try label(v, context: "special_symbols_via_file unknown_label")
        }
        func special(_ key: String) throws -> VocabularyLabel? {
            if let v = r.optionalValue(key), !v.isNone { return try label(v, context: "\(r.context).\(key)") }
            if let v = fileSpecials[key] { return try label(v, context: "special_symbols_via_file \(key)") }
            return nil
        }
        o.bosLabel = try special("bos_label")
        o.eosLabel = try special("eos_label")
        o.padLabel = try special("pad_label")
        for (key, path) in [("control_symbols", \VocabularyOptions.controlSymbols), ("user_defined_symbols", \VocabularyOptions.userDefinedSymbols)] {
            var merged = try labelDict(fileSpecials[key], context: "special_symbols_via_file \(key)")
            for (k, v) in try labelDict(r.optionalValue(key), context: "\(r.context).\(key)") { merged[k] = v }
            o[keyPath: path] = merged
        }
        o.numLabels = try r.optionalInt("num_labels")
        o.seqPostfix = try r.optionalIntList("seq_postfix") ?? []
        o.singleWhitespaceSplit = try r.bool("single_whitespace_split", default: false)
        return o
    }
}
