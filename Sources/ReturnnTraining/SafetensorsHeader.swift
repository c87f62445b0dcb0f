import Foundation

/// The JSON header of a safetensors file: encoding (byte-identical to the reference Rust
/// implementation behind the Python `safetensors` package) and strict parsing.
///
/// Layout: `{"__metadata__":{...},"name":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},...}`
/// compact, entries in data order, padded with spaces to a multiple of 8 bytes.
public enum SafetensorsHeader {
    /// One tensor entry of the header.
    public struct Entry: Sendable, Equatable {
        /// Tensor name.
        public var name: String
        /// Element type.
        public var dtype: SafetensorsDType
        /// Dimensions.
        public var shape: [Int]
        /// Byte range `[start, end)` relative to the start of the data section.
        public var start: Int
        /// End of the byte range (exclusive).
        public var end: Int
    }

    /// Largest header accepted when reading (the reference implementation's limit, 100 MB).
    public static let maxHeaderSize = 100_000_000

    /// The order in which a writer stores `names` with their types: higher dtype rank first,
    /// then by name in byte order (the reference implementation's order).
    public static func storageOrder(_ items: [(name: String, dtype: SafetensorsDType)]) -> [String] {
        items.sorted { a, b in
            if a.dtype.rank != b.dtype.rank { return a.dtype.rank > b.dtype.rank }
            return Array(a.name.utf8).lexicographicallyPrecedes(Array(b.name.utf8))
        }.map(\.name)
    }

    /// The header bytes (JSON padded with spaces to a multiple of 8) for `entries` in that
    /// order; `metadata` keys are written sorted, and omitted entirely when empty.
    public static func encode(entries: [Entry], metadata: [String: String]) -> [UInt8] {
        var out: [UInt8] = []
        out.append(UInt8(ascii: "{"))
        var first = true
        func separator() {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
        }
        if !metadata.isEmpty {
            separator()
            appendString("__metadata__", to: &out)
            out.append(contentsOf: Array(":{".utf8))
            let keys = metadata.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (i, k) in keys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendString(k, to: &out)
                out.append(UInt8(ascii: ":"))
                appendString(metadata[k]!, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        for e in entries {
            separator()
            appendString(e.name, to: &out)
            out.append(contentsOf: Array(":{\"dtype\":".utf8))
            appendString(e.dtype.rawValue, to: &out)
            out.append(contentsOf: Array(",\"shape\":[".utf8))
            out.append(contentsOf: Array(e.shape.map(String.init).joined(separator: ",").utf8))
            out.append(contentsOf: Array("],\"data_offsets\":[\(e.start),\(e.end)]}".utf8))
        }
        out.append(UInt8(ascii: "}"))
        while out.count % 8 != 0 { out.append(UInt8(ascii: " ")) }
        return out
    }

    /// Appends `s` as a JSON string literal the way serde_json writes it: `"` and `\` escaped,
    /// control characters as `\b \t \n \f \r` or `\u00xx`, everything else as raw UTF-8.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0x08: out.append(contentsOf: [92, UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [92, UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Parses the header JSON of `file` (the name is only used in messages): the tensor
    /// entries in data order and the metadata. Checks types and shapes of every field, but not
    /// yet the offsets against the data size (see `SafetensorsFile.parse`).
    public static func decode(_ bytes: ArraySlice<UInt8>, file: String) throws -> (entries: [Entry], metadata: [String: String]) {
        func bad(_ what: String) -> CheckpointError {
            CheckpointError(.format, "\(file): invalid safetensors header: \(what) (the file is damaged or not a safetensors file)")
        }
        guard bytes.first == UInt8(ascii: "{") else { throw bad("it does not start with '{'") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw bad("not valid JSON")
        }
        guard let dict = object as? [String: Any] else { throw bad("not a JSON object") }
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (name, value) in dict {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw bad("__metadata__ is not an object") }
                for (k, v) in m {
                    guard let s = v as? String else { throw bad("__metadata__ value of '\(k)' is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let e = value as? [String: Any] else { throw bad("entry '\(name)' is not an object") }
            guard let dtypeName = e["dtype"] as? String else { throw bad("entry '\(name)' has no dtype string") }
            guard let dtype = SafetensorsDType(rawValue: dtypeName) else { throw bad("entry '\(name)' has unknown dtype '\(dtypeName)'") }
            guard let shapeItems = e["shape"] as? [Any] else { throw bad("entry '\(name)' has no shape list") }
            let shape = try shapeItems.map { item -> Int in
                guard let i = integer(item), i >= 0 else { throw bad("entry '\(name)' has a bad dimension \(item) in its shape") }
                return i
            }
            guard let offs = e["data_offsets"] as? [Any], offs.count == 2,
                  let start = integer(offs[0]), let end = integer(offs[1]), start >= 0, end >= start
            else { throw bad("entry '\(name)' needs data_offsets [start, end] with 0 <= start <= end") }
            let (count, overflow) = shape.reduce((1, false)) { acc, d in
                let (p, o) = acc.0.multipliedReportingOverflow(by: d)
                return (p, acc.1 || o)
            }
            guard !overflow, count.multipliedReportingOverflow(by: dtype.size).overflow == false,
                  end - start == count * dtype.size
            else {
                throw bad("entry '\(name)' of shape \(shape) and dtype \(dtypeName) needs \(count &* dtype.size) bytes, its data_offsets [\(start), \(end)] cover \(end - start)")
            }
            let unknown = e.keys.filter { !["dtype", "shape", "data_offsets"].contains($0) }.sorted()
            guard unknown.isEmpty else { throw bad("entry '\(name)' has unknown fields \(unknown)") }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, start: start, end: end))
        }
        entries.sort { ($0.start, $0.end, $0.name) < ($1.start, $1.end, $1.name) }
        return (entries, metadata)
    }

    /// A JSON integer (not a float, not a bool) as Int.
    private static func integer(_ v: Any) -> Int? {
        guard let n = v as? NSNumber else { return nil }
        let t = String(cString: n.objCType)
        guard !["d", "f", "c", "B"].contains(t) else { return nil }
        return n as? Int
    }
}
