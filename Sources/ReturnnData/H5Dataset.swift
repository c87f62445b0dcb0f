import CHDF5
import Foundation
import ReturnnTensor

/// A dataset (n-dimensional array) in an HDF5 file, read and written by rows (axis 0).
///
/// Reads convert from the file's element type to the requested Swift scalar (HDF5's own
/// conversion). Row ranges are read by hyperslab, so reading one sequence of a large file touches
/// only that sequence. All calls are serialised by `H5Library`'s lock; concurrent reads from
/// several threads are safe (each call builds its own dataspaces).
public final class H5Dataset: H5Object, @unchecked Sendable {
    /// The file the dataset belongs to.
    public let file: H5File
    /// Absolute path inside the file.
    public let objectPath: String
    /// The owned dataset identifier.
    public let handle: H5Handle
    /// Element type as stored in the file.
    public let elementType: H5ElementType
    /// Per-axis maximum extent; nil = unlimited (resizable axis).
    public let maxShape: [Int?]
    /// Whether the storage is chunked (needed for resizable datasets).
    public let isChunked: Bool
    /// Chunk extent per axis for chunked storage, else nil.
    public let chunkShape: [Int]?
    private var currentShape: [Int]  // guarded by H5Library.lock
    /// Path of the HDF5 file on disk.
    public var filePath: String { file.filePath }

    init(file: H5File, path: String, id: hid_t) throws {
        self.file = file
        self.objectPath = path
        self.handle = H5Handle(id, kind: .dataset)
        (elementType, currentShape, maxShape, chunkShape) = try H5Library.locked {
            let type = H5Temporary(H5Dget_type(id), H5Tclose)
            let space = H5Temporary(H5Dget_space(id), H5Sclose)
            let plist = H5Temporary(H5Dget_create_plist(id), H5Pclose)
            guard type.id >= 0, space.id >= 0, plist.id >= 0 else {
                throw H5Error(.objectAccess, file: file.filePath, object: path, operation: "cannot inspect dataset",
                              detail: H5Library.errorStackMessage())
            }
            let rank = Int(H5Sget_simple_extent_ndims(space.id))
            guard rank >= 0 else {
                throw H5Error(.objectAccess, file: file.filePath, object: path, operation: "cannot inspect dataset",
                              detail: H5Library.errorStackMessage())
            }
            var dims = [hsize_t](repeating: 0, count: rank)
            var maxDims = [hsize_t](repeating: 0, count: rank)
            _ = H5Sget_simple_extent_dims(space.id, &dims, &maxDims)
            let unlimited = chdf5_unlimited()
            guard dims.allSatisfy({ $0 <= hsize_t(Int.max) }), maxDims.allSatisfy({ $0 == unlimited || $0 <= hsize_t(Int.max) }) else {
                throw H5Error(.shape, file: file.filePath, object: path, operation: "cannot inspect dataset",
                              detail: "extent \(dims) (maximum \(maxDims)) is beyond any file (damaged file?)")
            }
            if let damage = Self.storageMismatch(id, type: type.id, plist: plist.id, dims: dims) {
                throw H5Error(.shape, file: file.filePath, object: path, operation: "cannot inspect dataset",
                              detail: "damaged file: \(damage)")
            }
            var chunk: [Int]? = nil
            if H5Pget_layout(plist.id) == H5D_CHUNKED {
                var chunkDims = [hsize_t](repeating: 0, count: max(1, rank))
                if H5Pget_chunk(plist.id, Int32(chunkDims.count), &chunkDims) >= 0 { chunk = chunkDims.prefix(rank).map { Int($0) } }
            }
            return (H5ElementType.classify(type.id), dims.map { Int($0) },
                    maxDims.map { $0 == unlimited ? nil : Int($0) }, chunk)
        }
        isChunked = chunkShape != nil
    }

    /// For compact and allocated contiguous storage: a description of how the stored bytes do not
    /// fit the extent, or nil. libhdf5 1.10 trusts the extent and copies past the stored data
    /// (a compact dataset of 0 bytes with rows made it dereference a null pointer). Call under the lock.
    static func storageMismatch(_ id: hid_t, type: hid_t, plist: hid_t, dims: [hsize_t]) -> String? {
        let layout = H5Pget_layout(plist)
        guard layout == H5D_COMPACT || layout == H5D_CONTIGUOUS else { return nil }
        var elementSize = H5Tget_size(type)
        if H5Tis_variable_str(type) > 0 || H5Tget_class(type) == H5T_VLEN {
            // In the file: length (4 bytes), collection address, object index (4 bytes).
            let fileID = H5Iget_file_id(id)
            defer { if fileID >= 0 { _ = H5Fclose(fileID) } }
            let fcpl = H5Temporary(fileID >= 0 ? H5Fget_create_plist(fileID) : -1, H5Pclose)
            var sizeofAddr = 0, sizeofSize = 0
            guard fcpl.id >= 0, H5Pget_sizes(fcpl.id, &sizeofAddr, &sizeofSize) >= 0 else { return nil }
            elementSize = 4 + sizeofAddr + 4
        }
        guard elementSize > 0, let needed = MemoryBudget.bytes(elements: dims.map { Int($0) }, elementSize: elementSize) else {
            return "extent \(dims) of \(elementSize)-byte elements overflows"
        }
        let stored = Int(clamping: H5Dget_storage_size(id))
        if layout == H5D_COMPACT && stored != needed {
            return "compact storage of \(stored) bytes for an extent \(dims) of \(elementSize)-byte elements (\(needed) bytes)"
        }
        if layout == H5D_CONTIGUOUS && stored != 0 && stored < needed {
            return "contiguous storage of \(stored) bytes for an extent \(dims) of \(elementSize)-byte elements (\(needed) bytes)"
        }
        return nil
    }

    /// Current extent per axis.
    public var shape: [Int] { H5Library.locked { currentShape } }

    /// Number of axes.
    public var rank: Int { maxShape.count }

    /// Number of elements in one row (the product of all axes but the first; 1 for 1-D).
    public var rowElementCount: Int { shape.dropFirst().reduce(1, *) }

    // MARK: numeric access

    /// Reads the whole dataset, converted to `T`, in row-major order.
    public func read<T: H5Scalar>(as: T.Type = T.self) throws -> [T] {
        let total = try checkedCount(shape, elementSize: MemoryLayout<T>.stride, operation: "cannot read dataset")
        return try [T](unsafeUninitializedCapacity: total) { buffer, count in
            if total > 0 { try transfer(rows: nil, type: T.h5ElementType, buffer: UnsafeMutableRawPointer(buffer.baseAddress!), write: false) }
            count = total
        }
    }

    /// Reads rows `rows` (all other axes whole), converted to `T`, in row-major order.
    public func readRows<T: H5Scalar>(_ rows: Range<Int>, as: T.Type = T.self) throws -> [T] {
        let total = try checkedCount([rows.count] + shape.dropFirst(), elementSize: MemoryLayout<T>.stride, operation: "cannot read rows")
        return try [T](unsafeUninitializedCapacity: total) { buffer, count in
            try readRows(rows, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<total]))
            count = total
        }
    }

    /// Reads rows `rows` into `buffer`, which must hold exactly `rows.count * rowElementCount` values.
    public func readRows<T: H5Scalar>(_ rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<T>) throws {
        try checkRows(rows, valueCount: buffer.count, operation: "cannot read rows")
        guard !rows.isEmpty, rowElementCount > 0 else { return }
        try transfer(rows: rows, type: T.h5ElementType, buffer: UnsafeMutableRawPointer(buffer.baseAddress!), write: false)
    }

    /// Reads rows into raw memory holding elements of numeric type `type` (`rows.count *
    /// rowElementCount` of them). For callers that keep the file's dtype without generics.
    public func readRows(_ rows: Range<Int>, into buffer: UnsafeMutableRawBufferPointer, type: H5ElementType) throws {
        guard let size = type.byteSize, type.isNumeric else {
            throw error(.type, "cannot read rows", "memory type \(type) is not numeric")
        }
        try checkRows(rows, valueCount: buffer.count / size, operation: "cannot read rows")
        guard !rows.isEmpty, rowElementCount > 0 else { return }
        try transfer(rows: rows, type: type, buffer: buffer.baseAddress!, write: false)
    }

    /// Reads the rectangle `rows` x `columns` of a 2-D dataset into raw memory of numeric type
    /// `type`, row-major `(rows.count, columns.count)`.
    public func readBlock(rows: Range<Int>, columns: Range<Int>, into buffer: UnsafeMutableRawBufferPointer,
                          type: H5ElementType) throws {
        guard rank == 2, let size = type.byteSize, let memType = type.nativeNumericType, elementType.isNumeric else {
            throw error(.type, "cannot read block", "needs a numeric 2-D dataset and memory type (have \(elementType), rank \(rank))")
        }
        let current = shape
        guard rows.lowerBound >= 0, rows.upperBound <= current[0], columns.lowerBound >= 0, columns.upperBound <= current[1],
              buffer.count >= rows.count * columns.count * size else {
            throw error(.shape, "cannot read block", "block \(rows) x \(columns) outside shape \(current) or buffer too small")
        }
        guard !rows.isEmpty, !columns.isEmpty else { return }
        try withID { id in
            let fileSpace = H5Temporary(H5Dget_space(id), H5Sclose)
            var start: [hsize_t] = [hsize_t(rows.lowerBound), hsize_t(columns.lowerBound)]
            var count: [hsize_t] = [hsize_t(rows.count), hsize_t(columns.count)]
            guard fileSpace.id >= 0, H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, &start, nil, &count, nil) >= 0 else {
                throw libraryError(.shape, "cannot read block")
            }
            let memSpace = H5Temporary(H5Screate_simple(2, &count, nil), H5Sclose)
            guard H5Dread(id, memType, memSpace.id, fileSpace.id, hid_t(H5P_DEFAULT), buffer.baseAddress) >= 0 else {
                throw libraryError(.read, "cannot read block")
            }
        }
    }

    /// Writes the whole dataset from `values` (converted from `T` to the file's type).
    public func write<T: H5Scalar>(_ values: [T]) throws {
        let total = shape.reduce(1, *)
        guard values.count == total else {
            throw error(.shape, "cannot write dataset", "got \(values.count) values for shape \(shape)")
        }
        guard total > 0 else { return }
        try values.withUnsafeBytes { raw in
            try transfer(rows: nil, type: T.h5ElementType, buffer: UnsafeMutableRawPointer(mutating: raw.baseAddress!),
                         write: true)
        }
    }

    /// Writes whole rows starting at row `start`; `values.count` must be a multiple of `rowElementCount`
    /// and the rows must lie inside the current extent.
    public func writeRows<T: H5Scalar>(at start: Int, _ values: UnsafeBufferPointer<T>) throws {
        let perRow = rowElementCount
        guard perRow > 0 || values.isEmpty, perRow == 0 || values.count % perRow == 0 else {
            throw error(.shape, "cannot write rows", "\(values.count) values are not whole rows of \(perRow)")
        }
        let rows = start..<(start + (perRow == 0 ? 0 : values.count / perRow))
        try checkRows(rows, valueCount: values.count, operation: "cannot write rows")
        guard !rows.isEmpty else { return }
        try transfer(rows: rows, type: T.h5ElementType, buffer: UnsafeMutableRawPointer(mutating: values.baseAddress!),
                     write: true)
    }

    /// Writes whole rows from raw memory of numeric type `type`.
    public func writeRows(at start: Int, _ values: UnsafeRawBufferPointer, type: H5ElementType) throws {
        guard let size = type.byteSize, type.isNumeric else {
            throw error(.type, "cannot write rows", "memory type \(type) is not numeric")
        }
        let count = values.count / size, perRow = rowElementCount
        guard perRow > 0 ? count % perRow == 0 : count == 0 else {
            throw error(.shape, "cannot write rows", "\(count) values are not whole rows of \(perRow)")
        }
        let rows = start..<(start + (perRow == 0 ? 0 : count / perRow))
        try checkRows(rows, valueCount: count, operation: "cannot write rows")
        guard !rows.isEmpty else { return }
        try transfer(rows: rows, type: type, buffer: UnsafeMutableRawPointer(mutating: values.baseAddress!), write: true)
    }

    /// Appends whole rows at the end of axis 0 (which must be resizable).
    public func appendRows<T: H5Scalar>(_ values: UnsafeBufferPointer<T>) throws {
        try values.withMemoryRebound(to: UInt8.self) { bytes in
            try appendRows(UnsafeRawBufferPointer(bytes), type: T.h5ElementType)
        }
    }

    /// Appends whole rows from raw memory of numeric type `type`.
    public func appendRows(_ values: UnsafeRawBufferPointer, type: H5ElementType) throws {
        guard let size = type.byteSize else { throw error(.type, "cannot append rows", "type \(type) is not numeric") }
        let perRow = rowElementCount
        let count = values.count / size
        guard perRow > 0 ? count % perRow == 0 : count == 0 else {
            throw error(.shape, "cannot append rows", "\(count) values are not whole rows of \(perRow)")
        }
        guard perRow > 0, count > 0 else { return }
        var newShape = shape
        let start = newShape[0]
        newShape[0] += count / perRow
        try resize(newShape)
        try writeRows(at: start, values, type: type)
    }

    /// Changes the extent (h5py `resize`); axes must stay within `maxShape`.
    public func resize(_ newShape: [Int]) throws {
        guard newShape.count == rank,
              zip(newShape, maxShape).allSatisfy({ $0 >= 0 && ($1 == nil || $0 <= $1!) }) else {
            throw error(.shape, "cannot resize dataset", "shape \(newShape) exceeds maximum \(maxShape.map { $0 ?? -1 }) (-1 = unlimited)")
        }
        try withID { id in
            var dims = newShape.map { hsize_t($0) }
            guard H5Dset_extent(id, &dims) >= 0 else { throw libraryError(.write, "cannot resize dataset") }
            currentShape = newShape
        }
    }

    // MARK: strings

    /// Reads all strings of a 1-D string dataset (fixed or variable length). Each string is
    /// decoded as UTF-8 and cut at its first NUL byte (RETURNN's `_decode`).
    public func readStrings() throws -> [String] {
        try readStrings(0..<(shape.first ?? 0))
    }

    /// Reads the strings in `rows` of a 1-D string dataset.
    public func readStrings(_ rows: Range<Int>) throws -> [String] {
        var result: [String] = []
        try readStringBytes(rows) { bytes in result.append(String(decoding: bytes, as: UTF8.self)) }
        return result
    }

    /// Calls `body` with the bytes of each string in `rows` (before the first NUL), in order,
    /// without creating `String`s (for compact tag storage of huge files).
    public func readStringBytes(_ rows: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard rank == 1 else { throw error(.shape, "cannot read strings", "dataset has \(rank) axes, expected 1") }
        try checkRows(rows, valueCount: rows.count, operation: "cannot read strings")
        guard !rows.isEmpty else { return }
        switch elementType {
        case .fixedString(let width):
            var bytes = [UInt8](repeating: 0, count: try checkedCount([rows.count, width], elementSize: 1, operation: "cannot read strings"))
            try withStringTransfer(rows: rows) { id, memType, memSpace, fileSpace in
                guard H5Dread(id, memType, memSpace, fileSpace, hid_t(H5P_DEFAULT), &bytes) >= 0 else {
                    throw libraryError(.read, "cannot read strings")
                }
            }
            try bytes.withUnsafeBufferPointer { all in
                for row in 0..<rows.count {
                    let item = UnsafeBufferPointer(rebasing: all[(row * width)..<((row + 1) * width)])
                    let end = item.firstIndex(of: 0) ?? item.count
                    try body(UnsafeBufferPointer(rebasing: item[0..<end]))
                }
            }
        case .variableString:
            let count = try checkedCount([rows.count], elementSize: MemoryLayout<UnsafeMutablePointer<CChar>?>.stride,
                                         operation: "cannot read strings")
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            try withStringTransfer(rows: rows) { id, memType, memSpace, fileSpace in
                let fileID = H5Iget_file_id(id)
                defer { if fileID >= 0 { _ = H5Fclose(fileID) } }
                var heapCheck = H5GlobalHeapCheck()
                if fileID >= 0 { try heapCheck.check(datasetID: id, fileID: fileID, path: filePath, rows: rows) }
                guard H5Dread(id, memType, memSpace, fileSpace, hid_t(H5P_DEFAULT), &pointers) >= 0 else {
                    throw libraryError(.read, "cannot read strings")
                }
                defer { _ = H5Dvlen_reclaim(memType, memSpace, hid_t(H5P_DEFAULT), &pointers) }
                for pointer in pointers {
                    guard let pointer else { try body(UnsafeBufferPointer(start: nil, count: 0)); continue }
                    let length = strlen(pointer)
                    try pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                        try body(UnsafeBufferPointer(start: $0, count: length))
                    }
                }
            }
        default:
            throw error(.type, "cannot read strings", "element type is \(elementType), not a string type")
        }
    }

    /// Writes `strings` to rows `start...` of a 1-D string dataset. Fixed-width strings longer
    /// than the width throw; shorter ones are NUL-padded.
    public func writeStrings(_ strings: [String], at start: Int = 0) throws {
        guard rank == 1 else { throw error(.shape, "cannot write strings", "dataset has \(rank) axes, expected 1") }
        let rows = start..<(start + strings.count)
        try checkRows(rows, valueCount: strings.count, operation: "cannot write strings")
        guard !rows.isEmpty else { return }
        switch elementType {
        case .fixedString(let width):
            var bytes = [UInt8](repeating: 0, count: strings.count * width)
            for (i, string) in strings.enumerated() {
                let utf8 = Array(string.utf8)
                guard utf8.count <= width else {
                    throw error(.shape, "cannot write strings", "string \"\(string)\" has \(utf8.count) bytes, width is \(width)")
                }
                bytes.replaceSubrange((i * width)..<(i * width + utf8.count), with: utf8)
            }
            try withStringTransfer(rows: rows) { id, memType, memSpace, fileSpace in
                guard H5Dwrite(id, memType, memSpace, fileSpace, hid_t(H5P_DEFAULT), bytes) >= 0 else {
                    throw libraryError(.write, "cannot write strings")
                }
            }
        case .variableString:
            var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
            defer { pointers.forEach { free($0) } }
            try withStringTransfer(rows: rows) { id, memType, memSpace, fileSpace in
                guard H5Dwrite(id, memType, memSpace, fileSpace, hid_t(H5P_DEFAULT), &pointers) >= 0 else {
                    throw libraryError(.write, "cannot write strings")
                }
            }
        default:
            throw error(.type, "cannot write strings", "element type is \(elementType), not a string type")
        }
    }

    /// Appends strings at the end of a resizable 1-D string dataset.
    public func appendStrings(_ strings: [String]) throws {
        guard rank == 1 else { throw error(.shape, "cannot append strings", "dataset has \(rank) axes, expected 1") }
        let start = shape[0]
        try resize([start + strings.count])
        try writeStrings(strings, at: start)
    }

    // MARK: internals

    private func checkRows(_ rows: Range<Int>, valueCount: Int, operation: String) throws {
        let current = shape
        guard let rowCount = current.first else {
            throw error(.shape, operation, "dataset is scalar, rows need at least 1 axis")
        }
        guard rows.lowerBound >= 0, rows.upperBound <= rowCount else {
            throw error(.shape, operation, "rows \(rows.lowerBound)..<\(rows.upperBound) outside 0..<\(rowCount)")
        }
        let perRow = current.dropFirst().reduce(1, *)
        guard valueCount == rows.count * perRow else {
            throw error(.shape, operation, "buffer holds \(valueCount) values, rows need \(rows.count * perRow)")
        }
    }

    /// One numeric read or write of `rows` (nil = everything) with a native memory type.
    private func transfer(rows: Range<Int>?, type: H5ElementType, buffer: UnsafeMutableRawPointer, write: Bool) throws {
        guard elementType.isNumeric else {
            throw error(.type, write ? "cannot write numbers" : "cannot read numbers",
                        "element type is \(elementType), not numeric")
        }
        guard let memType = type.nativeNumericType else {
            throw error(.type, "cannot transfer", "memory type \(type) is not numeric")
        }
        try withID { id in
            let operation = write ? "cannot write dataset" : "cannot read dataset"
            guard let rows else {
                let status = write ? H5Dwrite(id, memType, 0, 0, hid_t(H5P_DEFAULT), buffer)
                    : H5Dread(id, memType, 0, 0, hid_t(H5P_DEFAULT), buffer)
                guard status >= 0 else { throw libraryError(write ? .write : .read, operation) }
                return
            }
            try withRowSpaces(id, rows: rows, operation: operation) { memSpace, fileSpace in
                let status = write ? H5Dwrite(id, memType, memSpace, fileSpace, hid_t(H5P_DEFAULT), buffer)
                    : H5Dread(id, memType, memSpace, fileSpace, hid_t(H5P_DEFAULT), buffer)
                guard status >= 0 else { throw libraryError(write ? .write : .read, operation) }
            }
        }
    }

    /// Runs `body(memorySpace, fileSpace)` with dataspaces selecting `rows` (call under the lock).
    private func withRowSpaces(_ id: hid_t, rows: Range<Int>, operation: String,
                               _ body: (hid_t, hid_t) throws -> Void) throws {
        let fileSpace = H5Temporary(H5Dget_space(id), H5Sclose)
        guard fileSpace.id >= 0 else { throw libraryError(.objectAccess, operation) }
        var start = [hsize_t](repeating: 0, count: rank)
        start[0] = hsize_t(rows.lowerBound)
        var count = currentShape.map { hsize_t($0) }
        count[0] = hsize_t(rows.count)
        guard H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, &start, nil, &count, nil) >= 0 else {
            throw libraryError(.shape, operation)
        }
        let memSpace = H5Temporary(H5Screate_simple(Int32(rank), &count, nil), H5Sclose)
        guard memSpace.id >= 0 else { throw libraryError(.shape, operation) }
        try body(memSpace.id, fileSpace.id)
    }

    /// Runs a string transfer with a memory type equal to the file's string type (no conversion:
    /// fixed strings come back as raw NULLPAD bytes, avoiding HDF5's NULLTERM truncation trap).
    private func withStringTransfer(rows: Range<Int>, _ body: (hid_t, hid_t, hid_t, hid_t) throws -> Void) throws {
        try withID { id in
            let fileType = H5Temporary(H5Dget_type(id), H5Tclose)
            let memType = H5Temporary(H5Tcopy(fileType.id), H5Tclose)
            guard memType.id >= 0 else { throw libraryError(.type, "cannot transfer strings") }
            try withRowSpaces(id, rows: rows, operation: "cannot transfer strings") { memSpace, fileSpace in
                try body(id, memType.id, memSpace, fileSpace)
            }
        }
    }

    /// The HDF5 file datatype for `type` as h5py creates it (little-endian numbers, "S" = ASCII
    /// NULLPAD, vlen str = UTF-8). Call under the lock.
    static func makeFileType(_ type: H5ElementType) throws -> H5Temporary {
        switch type {
        case .fixedString(let width):
            let t = H5Tcopy(chdf5_c_s1())
            _ = H5Tset_size(t, width)
            _ = H5Tset_strpad(t, H5T_STR_NULLPAD)
            return H5Temporary(t, H5Tclose)
        case .variableString:
            let t = H5Tcopy(chdf5_c_s1())
            _ = H5Tset_size(t, chdf5_variable())
            _ = H5Tset_cset(t, H5T_CSET_UTF8)
            return H5Temporary(t, H5Tclose)
        default:
            guard let native = type.nativeNumericType else {
                throw H5Error(.type, file: "", object: "", operation: "cannot make type", detail: "\(type)")
            }
            return H5Temporary(H5Tcopy(native), H5Tclose)
        }
    }

    /// Chunk extent for a resizable dataset: about 128 KiB per chunk along axis 0, other axes whole.
    static func defaultChunk(shape: [Int], type: H5ElementType) -> [Int] {
        let rest = shape.dropFirst().map { max(1, $0) }
        let rowBytes = rest.reduce(1, *) * (type.byteSize ?? 16)
        let rows = min(1 << 20, max(1, (128 * 1024) / max(1, rowBytes)))
        return [rows] + rest
    }
}
