import CHDF5
import Foundation

/// Checks the global heap of an HDF5 file before libhdf5 reads variable-length strings from it.
///
/// Variable-length strings (RETURNN's `seqTags`, label lists) are stored in global heap
/// collections; the dataset holds a reference (length, collection address, object index) per
/// string. libhdf5 (1.10.8, and 2.0 through h5py) trusts the collection: a free-space object of
/// size zero makes it loop forever, and an object larger than its string's length, or a missing
/// object, makes it copy past a buffer. A damaged file must give an error instead, so the
/// collections that the strings to be read refer to are parsed here the way libhdf5 parses them
/// (`H5HG__cache_heap_deserialize`), and every reference must point at an object that fits.
///
/// Only raw storage that can be located is checked: contiguous and unfiltered chunked datasets
/// (what h5py and RETURNN write); compact datasets and attributes are read unchecked.
struct H5GlobalHeapCheck {
    /// Object sizes by index of the collections parsed so far, by collection address (one check
    /// covers one read; a read of many strings parses each collection once).
    private var collections: [UInt64: [Int: UInt64]] = [:]

    /// Throws when the strings of `rows` of the 1-D variable-length string dataset `id` (in the
    /// file `path`, open as `fileID`) refer to a damaged global heap. Call under `H5Library.lock`.
    mutating func check(datasetID id: hid_t, fileID: hid_t, path: String, rows: Range<Int>) throws {
        guard !rows.isEmpty else { return }
        let fcpl = H5Temporary(H5Fget_create_plist(fileID), H5Pclose)
        var sizeofAddr = 0, sizeofSize = 0
        var userblock: hsize_t = 0
        guard fcpl.id >= 0, H5Pget_sizes(fcpl.id, &sizeofAddr, &sizeofSize) >= 0, H5Pget_userblock(fcpl.id, &userblock) >= 0,
              [2, 4, 8].contains(sizeofAddr), [2, 4, 8].contains(sizeofSize) else { return }
        let descriptorSize = 4 + sizeofAddr + 4
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return }
        let reader = Reader(fd: fd, fileSize: UInt64(st.st_size), base: UInt64(userblock))
        guard let descriptors = try rawDescriptors(id, rows: rows, size: descriptorSize, reader: reader) else { return }
        for d in 0..<(descriptors.count / descriptorSize) {
            let at = d * descriptorSize
            let length = Reader.decode(descriptors, at: at, width: 4)
            let address = Reader.decode(descriptors, at: at + 4, width: sizeofAddr)
            let index = Int(Reader.decode(descriptors, at: at + 4 + sizeofAddr, width: 4))
            if length == 0 || address == 0 { continue }
            let objects: [Int: UInt64]
            if let known = collections[address] {
                objects = known
            } else {
                objects = try parseCollection(at: address, sizeofSize: sizeofSize, reader: reader, path: path)
                collections[address] = objects
            }
            guard let size = objects[index] else {
                throw damaged(path, "string \(rows.lowerBound + d) refers to object \(index) of the global heap collection at \(address), which has no such object")
            }
            guard size <= length else {
                throw damaged(path, "string \(rows.lowerBound + d) of length \(length) refers to a global heap object of \(size) bytes")
            }
        }
    }

    /// The raw references of `rows` (`size` bytes each), or nil when the storage cannot be read
    /// directly (compact, filtered, not allocated).
    private func rawDescriptors(_ id: hid_t, rows: Range<Int>, size: Int, reader: Reader) throws -> [UInt8]? {
        let plist = H5Temporary(H5Dget_create_plist(id), H5Pclose)
        guard plist.id >= 0 else { return nil }
        switch H5Pget_layout(plist.id) {
        case H5D_CONTIGUOUS:
            let offset = H5Dget_offset(id)
            guard offset != haddr_t.max else { return nil }
            return reader.read(at: UInt64(offset) + UInt64(rows.lowerBound * size), count: rows.count * size)
        case H5D_CHUNKED:
            guard H5Pget_nfilters(plist.id) == 0 else { return nil }
            var chunk: hsize_t = 0
            guard H5Pget_chunk(plist.id, 1, &chunk) == 1, chunk > 0 else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(rows.count * size)
            var row = rows.lowerBound
            while row < rows.upperBound {
                let chunkStart = (row / Int(chunk)) * Int(chunk)
                let end = min(rows.upperBound, chunkStart + Int(chunk))
                var coord = [hsize_t(chunkStart)]
                var mask: UInt32 = 0
                var address: haddr_t = 0
                var bytes: hsize_t = 0
                if H5Dget_chunk_info_by_coord(id, &coord, &mask, &address, &bytes) < 0 || address == haddr_t.max {
                    _ = H5Eclear2(hid_t(H5E_DEFAULT))
                    // Not allocated: its strings are empty (the fill value), nothing to check.
                    out += [UInt8](repeating: 0, count: (end - row) * size)
                } else {
                    guard mask == 0, UInt64(bytes) >= UInt64(end - chunkStart) * UInt64(size),
                          let part = reader.read(at: UInt64(address) + UInt64((row - chunkStart) * size), count: (end - row) * size) else { return nil }
                    out += part
                }
                row = end
            }
            return out
        default:
            return nil
        }
    }

    /// Parses the collection at `address` as libhdf5 does; returns the size of each object.
    private func parseCollection(at address: UInt64, sizeofSize: Int, reader: Reader, path: String) throws -> [Int: UInt64] {
        func align(_ x: UInt64) -> UInt64 { (x + 7) / 8 * 8 }
        let headerSize = Int(align(UInt64(4 + 1 + 3 + sizeofSize)))
        let objectHeaderSize = align(UInt64(2 + 2 + 4 + sizeofSize))
        guard let header = reader.read(at: address, count: headerSize), Array(header[0..<4]) == Array("GCOL".utf8) else {
            throw damaged(path, "no global heap collection at address \(address)")
        }
        let size = Reader.decode(header, at: 8, width: sizeofSize)
        guard size >= UInt64(headerSize), size <= 1 << 30, let chunk = reader.read(at: address, count: Int(exactly: size) ?? Int.max) else {
            throw damaged(path, "the global heap collection at \(address) claims \(size) bytes, beyond the file")
        }
        var objects: [Int: UInt64] = [:]
        var p = UInt64(headerSize)
        while p < size {
            if p + objectHeaderSize > size { break }  // free space too small for a header
            let index = Int(Reader.decode(chunk, at: Int(p), width: 2))
            let objectSize = Reader.decode(chunk, at: Int(p) + 8, width: sizeofSize)
            let need: UInt64
            if index > 0 {
                guard objectSize <= size else {
                    throw damaged(path, "object \(index) of the global heap collection at \(address) claims \(objectSize) bytes, more than the collection")
                }
                need = objectHeaderSize + align(objectSize)
                guard p + need <= size else {
                    throw damaged(path, "object \(index) of the global heap collection at \(address) runs past its end")
                }
                objects[index] = objectSize
            } else {
                need = objectSize  // the free space, up to the end
                guard need > 0 else {
                    throw damaged(path, "the free space of the global heap collection at \(address) has size 0 (libhdf5 would loop forever)")
                }
                guard need <= size - p else {
                    throw damaged(path, "the free space of the global heap collection at \(address) runs past its end")
                }
            }
            p += need
        }
        return objects
    }

    private func damaged(_ path: String, _ what: String) -> H5Error {
        H5Error(.read, file: path, object: "", operation: "cannot read variable-length strings of HDF5 file",
                detail: "damaged file: \(what)")
    }

    /// Bounded reads of the file, at HDF5 addresses (relative to the user block).
    struct Reader {
        let fd: Int32
        let fileSize: UInt64
        let base: UInt64

        /// `count` bytes at `address`, or nil when they are not all in the file.
        func read(at address: UInt64, count: Int) -> [UInt8]? {
            let (start, o1) = address.addingReportingOverflow(base)
            let (end, o2) = start.addingReportingOverflow(UInt64(count))
            guard !o1, !o2, end <= fileSize, count >= 0 else { return nil }
            var out = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(start) + off_t(done)) }
                guard n > 0 else { return nil }
                done += n
            }
            return out
        }

        /// A little-endian unsigned integer of `width` bytes at `at`.
        static func decode(_ bytes: [UInt8], at: Int, width: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<width { v |= UInt64(bytes[at + i]) << UInt64(8 * i) }
            return v
        }
    }
}
