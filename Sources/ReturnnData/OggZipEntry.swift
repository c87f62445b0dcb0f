import Foundation
import ReturnnConfig

/// One sequence of an `OggZipDataset`: a dict of the meta list (`<name>.txt` in the zip), e.g.
/// `{"file": "utt1.ogg", "seq_name": "corpus/utt1", "text": "hello world", "duration": 2.3}`.
public struct OggZipEntry: Sendable, Equatable {
    /// `file`: the audio file in the zip's `<name>/` folder (nil in text-only lists).
    public var file: String?
    /// `seq_name` (optional).
    public var seqName: String?
    /// `text`: the transcription.
    public var text: String
    /// `duration` in seconds (used for sorting: length = int(duration * 100)).
    public var duration: Double
    /// Which zip (index into the dataset's paths) the entry comes from.
    public var zipIndex: Int

    /// The seq tag as upstream: `seq_name`, else `file`, else "".
    public var tag: String { seqName ?? file ?? "" }

    /// Parses a meta list read from `source`: a Python literal list of dicts, or JSON (`true`,
    /// `false` and `null` are understood). Plain lists go through `OggZipMetaParser`, anything
    /// else through the config interpreter.
    static func parseList(_ bytes: [UInt8], source: String, zipIndex: Int) throws -> [OggZipEntry] {
        if let items = OggZipMetaParser.parse(bytes) {
            guard !items.isEmpty else { throw DatasetError.file(path: source, message: "the meta list is empty") }
            return try items.enumerated().map { i, d in
                let at = "entry \(i) of the meta list"
                func str(_ k: String) throws -> String? {
                    switch d[k] {
                    case nil, .null?: return nil
                    case .str(let s)?: return s
                    case let v?: throw DatasetError.file(path: source, message: "\(at): '\(k)' must be a str, got \(v.typeName)")
                    }
                }
                guard let text = try str("text") else { throw DatasetError.file(path: source, message: "\(at) has no 'text'") }
                guard case .number(let duration)? = d["duration"] else {
                    throw DatasetError.file(path: source, message: "\(at) has no numeric 'duration' (needed for sorting; it need not be exact)")
                }
                return OggZipEntry(file: try str("file"), seqName: try str("seq_name"), text: text, duration: duration, zipIndex: zipIndex)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DatasetError.file(path: source, message: "the meta list is not valid UTF-8")
        }
        let env = ConfigEnvironment(environment: [:], argv: [], userName: "", uid: 0, output: { _ in })
        let value: ConfigValue
        do {
            let json: [(String, ConfigValue)] = [("true", .bool(true)), ("false", .bool(false)), ("null", .none)]
            value = try Config(environment: env).evaluate(text, locals: json, location: SourceLocation(file: source, line: 1, column: 1))
        } catch let e as ConfigError {
            throw DatasetError.file(path: source, message: "the meta list is not a Python literal: \(e)")
        }
        guard let items = value.sequenceItems, value.stringValue == nil else {
            throw DatasetError.file(path: source, message: "the meta list must be a list of dicts, got \(value.typeName)")
        }
        guard !items.isEmpty else { throw DatasetError.file(path: source, message: "the meta list is empty") }
        return try items.enumerated().map { i, item in
            let at = "entry \(i) of the meta list"
            guard let d = item.dictValue else { throw DatasetError.file(path: source, message: "\(at) is \(item.typeName), not a dict") }
            func str(_ k: String) throws -> String? {
                guard let v = d.get(k), !v.isNone else { return nil }
                guard let s = v.stringValue else { throw DatasetError.file(path: source, message: "\(at): '\(k)' must be a str, got \(v.typeName)") }
                return s
            }
            guard let text = try str("text") else { throw DatasetError.file(path: source, message: "\(at) has no 'text'") }
            guard let dv = d.get("duration"), let duration = dv.doubleValue, dv.stringValue == nil else {
                throw DatasetError.file(path: source, message: "\(at) has no numeric 'duration' (needed for sorting; it need not be exact)")
            }
            return OggZipEntry(file: try str("file"), seqName: try str("seq_name"), text: text, duration: duration, zipIndex: zipIndex)
        }
    }
}
