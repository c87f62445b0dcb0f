/// A fast parser for OggZip meta lists (`<name>.txt`): a list of flat dicts whose keys are strings
/// and whose values are strings, numbers, booleans or None, in Python literal or JSON syntax.
///
/// The config interpreter parses any Python literal but keeps a syntax tree and boxed values of
/// the whole list (about 3.6 KB per entry); large corpora (LibriSpeech: 281k entries) go through
/// this parser instead. It returns nil for anything outside that subset (escapes it does not
/// know, nested values, expressions), and the caller falls back to the interpreter.
enum OggZipMetaParser {
    /// A parsed value.
    enum Value: Equatable {
        case str(String)
        case number(Double)
        case bool(Bool)
        /// None / null (not `.none`, which would read as Optional's nil).
        case null

        /// The Python type name, for messages.
        var typeName: String {
            switch self {
            case .str: return "str"
            case .number: return "float"
            case .bool: return "bool"
            case .null: return "NoneType"
            }
        }
    }

    /// The list, or nil when the text is outside the supported subset.
    static func parse(_ bytes: [UInt8]) -> [[String: Value]]? {
        var p = Parser(bytes: bytes)
        return p.list()
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func expect(_ c: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == c else { return false }
            i += 1
            return true
        }

        mutating func peek() -> UInt8? {
            skipSpace()
            return i < bytes.count ? bytes[i] : nil
        }

        mutating func list() -> [[String: Value]]? {
            guard expect(UInt8(ascii: "[")) else { return nil }
            var out = [[String: Value]]()
            while true {
                if peek() == UInt8(ascii: "]") { i += 1; break }
                guard let d = dict() else { return nil }
                out.append(d)
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "]")) else { return nil }
                break
            }
            skipSpace()
            return i == bytes.count ? out : nil
        }

        mutating func dict() -> [String: Value]? {
            guard expect(UInt8(ascii: "{")) else { return nil }
            var out = [String: Value]()
            while true {
                if peek() == UInt8(ascii: "}") { i += 1; break }
                guard case .str(let key)? = value(), expect(UInt8(ascii: ":")), let v = value() else { return nil }
                out[key] = v
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "}")) else { return nil }
                break
            }
            return out
        }

        mutating func value() -> Value? {
            guard let c = peek() else { return nil }
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") { return string(quote: c).map { .str($0) } }
            let start = i
            while i < bytes.count, !(bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: "}") || bytes[i] == UInt8(ascii: ":")
                                     || bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            switch word {
            case "True", "true": return .bool(true)
            case "False", "false": return .bool(false)
            case "None", "null": return .null
            default:
                // Python/JSON numbers only (Double() would also take "nan", "inf", hex floats).
                guard word.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
                                              || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
                      let d = Double(word) else { return nil }
                return .number(d)
            }
        }

        /// A quoted string with the escapes \\ \' \" \n \t \r; anything else gives nil (fallback).
        mutating func string(quote: UInt8) -> String? {
            i += 1
            var out = [UInt8]()
            while i < bytes.count {
                let c = bytes[i]
                if c == quote { i += 1; return String(validating: out, as: UTF8.self) }
                if c == 0x0A { return nil }
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < bytes.count else { return nil }
                    switch bytes[i + 1] {
                    case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                    case UInt8(ascii: "'"): out.append(UInt8(ascii: "'"))
                    case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    default: return nil
                    }
                    i += 2
                    continue
                }
                out.append(c)
                i += 1
            }
            return nil
        }
    }
}
