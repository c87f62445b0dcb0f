import Foundation
import SwiftProtobuf

/// A TensorFlow checkpoint in the tensor-bundle format (what `tf.train.Saver` and
/// `tf.train.Checkpoint` write): named tensors stored as `PREFIX.index`, an SSTable whose entry
/// with the empty key is a `BundleHeaderProto` and whose other entries map each tensor name to a
/// `BundleEntryProto` (type, shape, byte range, masked CRC32C of the bytes), and
/// `PREFIX.data-00000-of-00001` with the tensor bytes back to back.
///
/// Writing produces one data file with the tensors in name order, unaligned and uncompressed, as
/// TensorFlow does for the same tensors in that order. Reading accepts any number of data files,
/// checks every CRC, and refuses partitioned tensors, big-endian bundles and compressed indexes
/// with an error naming the file.
public struct TensorBundle: Sendable, Equatable {
    /// `kTensorBundleVersion`: the format version written, and the newest `min_consumer` read.
    public static let formatVersion: Int32 = 1
    /// Suffix of the index file.
    public static let indexSuffix = ".index"

    /// The tensors by name.
    public var tensors: [String: BundleTensor]

    /// A bundle of `tensors`.
    public init(tensors: [String: BundleTensor] = [:]) {
        precondition(tensors[""] == nil, "TensorBundle: the empty name is reserved for the header")
        self.tensors = tensors
    }

    /// `PREFIX.index`.
    public static func indexPath(_ prefix: String) -> String { prefix + indexSuffix }

    /// `PREFIX.data-0000S-of-0000N` (`%05d`), by default the single shard `.data-00000-of-00001`.
    public static func dataPath(_ prefix: String, shard: Int = 0, of count: Int = 1) -> String {
        func five(_ n: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, 5 - s.count)) + s }
        return "\(prefix).data-\(five(shard))-of-\(five(count))"
    }

    /// The tensor names in storage order (byte order of their UTF-8).
    public var sortedNames: [String] {
        tensors.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The index file and the data file's content as one chunk per tensor in `sortedNames` order.
    public func serialized() throws -> (index: [UInt8], data: [[UInt8]]) {
        var table = SSTableWriter()
        var header = TFBundleHeaderProto()
        header.numShards = 1
        header.endianness = .little
        var version = TFVersionDef()
        version.producer = Self.formatVersion
        header.version = version
        table.add(key: [], value: try header.serializedBytes())
        var data: [[UInt8]] = []
        var offset: Int64 = 0
        for name in sortedNames {
            let t = tensors[name]!
            let bytes = t.dataBytes
            var entry = TFBundleEntryProto()
            entry.dtype = TFDataType(rawValue: t.dtype.rawValue) ?? .dtInvalid
            var shape = TFTensorShapeProto()
            shape.dim = t.shape.map { d in var dim = TFTensorShapeProto.Dim(); dim.size = Int64(d); return dim }
            entry.shape = shape
            entry.offset = offset
            entry.size = Int64(bytes.count)
            entry.crc32C = CRC32C.mask(t.crc32c)
            table.add(key: Array(name.utf8), value: try entry.serializedBytes())
            data.append(bytes)
            offset += Int64(bytes.count)
        }
        return (table.finish(), data)
    }

    /// Reads the bundle `PREFIX` (`PREFIX.index` and its data files).
    public static func read(prefix: String) throws -> TensorBundle {
        let indexFile = indexPath(prefix)
        return try parse(index: try readFile(indexFile), indexFile: indexFile, prefix: prefix) { shard, count in
            try readFile(dataPath(prefix, shard: shard, of: count))
        }
    }

    /// Decodes a bundle from its index bytes; `dataFile(shard, shardCount)` gives a data file's
    /// content (read once per shard when first needed). `prefix` names the files in errors.
    public static func parse(index: [UInt8], indexFile: String, prefix: String,
                             dataFile: (Int, Int) throws -> [UInt8]) throws -> TensorBundle
    {
        let entries = try SSTableReader.entries(index, file: indexFile)
        guard let first = entries.first, first.key.isEmpty else {
            throw TFFormatError(.format, "\(indexFile): no bundle header (the entry with the empty key); not a TensorFlow checkpoint index")
        }
        let header: TFBundleHeaderProto
        do { header = try TFBundleHeaderProto(serializedBytes: first.value) } catch {
            throw TFFormatError(.format, "\(indexFile): the bundle header is not a valid BundleHeaderProto (the file is damaged)")
        }
        guard header.endianness == .little else {
            throw TFFormatError(.unsupported, "\(indexFile): the bundle was written on a big-endian machine, which is not supported")
        }
        guard header.version.minConsumer <= formatVersion, !header.version.badConsumers.contains(formatVersion) else {
            throw TFFormatError(.unsupported, "\(indexFile): bundle format version \(header.version.producer) needs a reader of version >= \(header.version.minConsumer); this one is \(formatVersion)")
        }
        let shards = Int(header.numShards)
        guard shards >= 1 else { throw TFFormatError(.format, "\(indexFile): the header says \(shards) data files (the file is damaged)") }
        var shardData: [Int: [UInt8]] = [:]
        var tensors: [String: BundleTensor] = [:]
        for e in entries.dropFirst() {
            let name = String(decoding: e.key, as: UTF8.self)
            let what = "\(indexFile): tensor '\(name)'"
            let entry: TFBundleEntryProto
            do { entry = try TFBundleEntryProto(serializedBytes: e.value) } catch {
                throw TFFormatError(.format, "\(what): its entry is not a valid BundleEntryProto (the file is damaged)")
            }
            guard entry.slices.isEmpty else {
                throw TFFormatError(.unsupported, "\(what) is a partitioned variable (saved in \(entry.slices.count) slices), which is not supported")
            }
            guard let dtype = BundleDType(rawValue: entry.dtype.rawValue) else {
                throw TFFormatError(.unsupported, "\(what) has element type \(BundleDType.tfName(entry.dtype.rawValue)); supported: DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_STRING")
            }
            guard !entry.shape.unknownRank, entry.shape.dim.allSatisfy({ $0.size >= 0 }) else {
                throw TFFormatError(.format, "\(what) has an unknown or negative shape (the file is damaged)")
            }
            let shape = entry.shape.dim.map { Int($0.size) }
            let shard = Int(entry.shardID)
            guard shard >= 0 && shard < shards else {
                throw TFFormatError(.format, "\(what) lies in data file \(shard), but the bundle has \(shards) (the file is damaged)")
            }
            let file = dataPath(prefix, shard: shard, of: shards)
            if shardData[shard] == nil { shardData[shard] = try dataFile(shard, shards) }
            let d = shardData[shard]!
            guard entry.offset >= 0, entry.size >= 0, entry.offset <= Int64(d.count), entry.size <= Int64(d.count) - entry.offset else {
                throw TFFormatError(.format, "\(file): tensor '\(name)' at bytes [\(entry.offset), \(entry.offset + entry.size)) runs past the end of the file (\(d.count) bytes; truncated file?)")
            }
            let bytes = d[Int(entry.offset)..<Int(entry.offset + entry.size)]
            let count = shape.reduce(1, *)
            if let size = dtype.size, count * size != bytes.count {
                throw TFFormatError(.format, "\(what): shape \(shape) of \(dtype.tfName) needs \(count * size) bytes, the entry says \(bytes.count) (the file is damaged)")
            }
            guard CRC32C.mask(CRC32C.checksum(bytes)) == entry.crc32C || dtype == .string else {
                throw TFFormatError(.checksum, "\(file): tensor '\(name)' (bytes [\(entry.offset), \(entry.offset + entry.size))): CRC32C mismatch (the file is damaged)")
            }
            let tensor: BundleTensor
            if dtype == .string {
                guard let s = BundleTensor.decodeStrings(bytes, count: count) else {
                    throw TFFormatError(.checksum, "\(file): string tensor '\(name)' (bytes [\(entry.offset), \(entry.offset + entry.size))) is malformed or its length checksum does not match (the file is damaged)")
                }
                tensor = BundleTensor(strings: s, shape: shape)
                guard CRC32C.mask(tensor.crc32c) == entry.crc32C else {
                    throw TFFormatError(.checksum, "\(file): tensor '\(name)' (bytes [\(entry.offset), \(entry.offset + entry.size))): CRC32C mismatch (the file is damaged)")
                }
            } else {
                tensor = BundleTensor(dtype: dtype, shape: shape, bytes: Array(bytes))
            }
            tensors[name] = tensor
        }
        return TensorBundle(tensors: tensors)
    }

    /// The content of `path`; a missing or unreadable file throws naming it.
    static func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
                throw TFFormatError(.io, "\(path): cannot read the file\(isDir.boolValue ? " (it is a directory)" : " (check its permissions)")")
            }
            throw TFFormatError(.missing, "\(path): no such file")
        }
        return [UInt8](data)
    }
}
