import Foundation
import ReturnnTFFormats

/// A safetensors file in memory: named tensors plus string metadata (`__metadata__`).
///
/// Format: 8-byte little-endian header length N, N bytes of JSON header, then the tensors'
/// raw little-endian bytes. Writing is deterministic (same content, same bytes, identical to
/// the Python `safetensors` package for the same tensors and at most one metadata key) and
/// atomic (`SafetensorsAtomicWrite`). Reading validates the header fully: offsets in range,
/// contiguous, byte counts matching dtype and shape.
public struct SafetensorsFile: Sendable, Equatable {
    /// Name of the metadata entry in the header.
    public static let metadataKey = "__metadata__"

    /// The tensors by name.
    public var tensors: [String: SafetensorsTensor]
    /// String metadata (written sorted by key; omitted from the header when empty).
    public var metadata: [String: String]

    /// A file with `tensors` and `metadata`.
    public init(tensors: [String: SafetensorsTensor] = [:], metadata: [String: String] = [:]) {
        precondition(tensors[Self.metadataKey] == nil, "SafetensorsFile: '\(Self.metadataKey)' cannot be a tensor name")
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Prefix of the metadata keys that hold a tensor's CRC32C (`crc32c:<name>` = 8 hex digits of
    /// the Castagnoli CRC of its bytes): other safetensors readers ignore them, ours verify them.
    public static let checksumPrefix = "crc32c:"

    /// The same file with a CRC32C per tensor in the metadata.
    public func withChecksums() -> SafetensorsFile {
        var f = self
        for (name, t) in tensors { f.metadata[Self.checksumPrefix + name] = String(format: "%08x", CRC32C.checksum(t.bytes)) }
        return f
    }

    /// Checks every tensor that has a checksum in the metadata; throws a `.damaged` error naming
    /// `file` and the first damaged tensor. Files without checksums (written by other tools) pass.
    public func verifyChecksums(file: String) throws {
        for name in tensors.keys.sorted() {
            guard let want = metadata[Self.checksumPrefix + name] else { continue }
            let got = String(format: "%08x", CRC32C.checksum(tensors[name]!.bytes))
            if got != want.lowercased() {
                throw CheckpointError(.damaged, "\(file): tensor '\(name)' is damaged: its data does not match the checksum written with it (crc32c \(got), expected \(want)); the file was changed or corrupted after it was written")
            }
        }
    }

    /// The names in the order their data is stored (see `SafetensorsHeader.storageOrder`).
    public var storageOrder: [String] {
        SafetensorsHeader.storageOrder(tensors.map { ($0.key, $0.value.dtype) })
    }

    /// The length prefix and header bytes; the tensor data follows in `storageOrder`.
    public func headerBytes() -> [UInt8] {
        var offset = 0
        let entries = storageOrder.map { name -> SafetensorsHeader.Entry in
            let t = tensors[name]!
            defer { offset += t.bytes.count }
            return SafetensorsHeader.Entry(name: name, dtype: t.dtype, shape: t.shape, start: offset, end: offset + t.bytes.count)
        }
        let header = SafetensorsHeader.encode(entries: entries, metadata: metadata)
        var out = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) }
        out.append(contentsOf: header)
        return out
    }

    /// The complete file content.
    public func serialized() -> [UInt8] {
        var out = headerBytes()
        for name in storageOrder { out.append(contentsOf: tensors[name]!.bytes) }
        return out
    }

    /// Writes the file atomically to `path` (temporary file, fsync, rename, directory fsync).
    public func write(to path: String) throws {
        let order = storageOrder
        try SafetensorsAtomicWrite.write(path: path) { sink in
            try sink.write(headerBytes())
            for name in order { try sink.write(tensors[name]!.bytes) }
        }
    }

    /// Reads and validates the file at `path`.
    public static func read(path: String) throws -> SafetensorsFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
                throw CheckpointError(.io, "\(path): cannot read the file\(isDir.boolValue ? " (it is a directory)" : " (check its permissions)")")
            }
            throw CheckpointError(.missing, "\(path): no such file")
        }
        return try parse([UInt8](data), file: path)
    }

    /// Parses and validates a complete file content; `file` names it in error messages.
    public static func parse(_ bytes: [UInt8], file: String) throws -> SafetensorsFile {
        func bad(_ what: String) -> CheckpointError {
            CheckpointError(.format, "\(file): invalid safetensors file: \(what) (the file is damaged or not a safetensors file)")
        }
        guard bytes.count >= 8 else { throw bad("only \(bytes.count) bytes, shorter than the 8-byte header length") }
        let n = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard n <= UInt64(SafetensorsHeader.maxHeaderSize) else { throw bad("header length \(n) exceeds the limit of \(SafetensorsHeader.maxHeaderSize) bytes") }
        let headerLength = Int(n)
        guard 8 + headerLength <= bytes.count else {
            throw bad("header length \(headerLength) but only \(bytes.count - 8) bytes follow the length (truncated file?)")
        }
        let (entries, metadata) = try SafetensorsHeader.decode(bytes[8..<(8 + headerLength)], file: file)
        let dataStart = 8 + headerLength
        let dataSize = bytes.count - dataStart
        var expected = 0
        var tensors: [String: SafetensorsTensor] = [:]
        for e in entries {
            guard e.start == expected else {
                throw bad(e.start < expected
                    ? "tensor '\(e.name)' data [\(e.start), \(e.end)) overlaps the previous tensor (which ends at \(expected))"
                    : "gap before tensor '\(e.name)': its data starts at \(e.start), the previous tensor ends at \(expected)")
            }
            guard e.end <= dataSize else {
                throw bad("tensor '\(e.name)' data [\(e.start), \(e.end)) runs past the end of the data section (\(dataSize) bytes; truncated file?)")
            }
            tensors[e.name] = SafetensorsTensor(dtype: e.dtype, shape: e.shape,
                                                bytes: Array(bytes[(dataStart + e.start)..<(dataStart + e.end)]))
            expected = e.end
        }
        guard expected == dataSize else {
            throw bad("\(dataSize - expected) bytes after the last tensor's data (the tensors cover \(expected) of \(dataSize) data bytes)")
        }
        return SafetensorsFile(tensors: tensors, metadata: metadata)
    }
}
