import CHDF5
import Foundation

/// Checks a dataset's layout message before libhdf5 opens the dataset.
///
/// libhdf5 1.10.8 divides by the chunk dimensions of a chunked dataset's layout message while
/// opening it (`H5Dopen2` → `H5D__chunk_set_info`): a damaged message with a dimension of 0 kills
/// the process with SIGFPE before any call of ours can look at the layout. So the dataset's object
/// header is parsed here first (version 1 and 2 headers with their continuation blocks; layout
/// message versions 1 to 4, as the HDF5 file format specification describes them), and a chunked
/// layout with a zero dimension (or without dimensions) is an error. Anything it cannot parse is left to libhdf5: the
/// check only refuses what it has read and found wrong.
struct H5LayoutCheck {
    /// The message types and limits of the walk.
    static let layoutMessage = 0x0008, continuationMessage = 0x0010
    static let maxBlocks = 64, maxMessages = 4096

    /// Throws when the object `name` of the group or file `id` (in the file at `filePath`) is a
    /// dataset whose chunked layout has a zero chunk dimension. Call under `H5Library.lock`.
    static func check(_ id: hid_t, name: String, filePath: String, object: String) throws {
        var info = H5O_info_t()
        guard H5Oget_info_by_name2(id, name, &info, UInt32(H5O_INFO_BASIC), hid_t(H5P_DEFAULT)) >= 0 else {
            _ = H5Eclear2(hid_t(H5E_DEFAULT))
            return
        }
        let fileID = H5Iget_file_id(id)
        guard fileID >= 0 else { return }
        defer { _ = H5Fclose(fileID) }
        let fcpl = H5Temporary(H5Fget_create_plist(fileID), H5Pclose)
        var sizeofAddr = 0, sizeofSize = 0
        var userblock: hsize_t = 0
        guard fcpl.id >= 0, H5Pget_sizes(fcpl.id, &sizeofAddr, &sizeofSize) >= 0, H5Pget_userblock(fcpl.id, &userblock) >= 0,
              [2, 4, 8].contains(sizeofAddr), [2, 4, 8].contains(sizeofSize) else { return }
        let fd = open(filePath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return }
        let reader = H5GlobalHeapCheck.Reader(fd: fd, fileSize: UInt64(st.st_size), base: UInt64(userblock))
        let walk = Walk(reader: reader, sizeofAddr: sizeofAddr, sizeofSize: sizeofSize)
        for layout in walk.layoutMessages(header: UInt64(info.addr)) {
            // The dimensionality counts the element size as a last dimension, so it is at least 2.
            if let dims = walk.chunkDimensions(layout), dims.count < 2 || dims.contains(0) {
                let what = dims.count < 2 ? "\(dims.count) chunk dimensions" : "chunk dimensions \(dims), one of them 0"
                throw H5Error(.objectAccess, file: filePath, object: object, operation: "cannot open dataset",
                              detail: "damaged file: the chunked layout has \(what)")
            }
        }
    }

    /// One object header walk.
    private struct Walk {
        let reader: H5GlobalHeapCheck.Reader
        let sizeofAddr: Int
        let sizeofSize: Int

        func decode(_ b: [UInt8], _ at: Int, _ width: Int) -> UInt64? {
            at >= 0 && at + width <= b.count ? H5GlobalHeapCheck.Reader.decode(b, at: at, width: width) : nil
        }

        /// The data of every layout message of the object header at `header`.
        func layoutMessages(header: UInt64) -> [[UInt8]] {
            guard let start = reader.read(at: header, count: 16) else { return [] }
            let isVersion2 = Array(start[0..<4]) == Array("OHDR".utf8)
            var blocks: [(address: UInt64, length: UInt64, first: Bool)] = []
            if isVersion2 {
                let flags = start[5]
                var p = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0)
                let width = 1 << Int(flags & 0x03)
                guard let head = reader.read(at: header, count: p + width), let size = decode(head, p, width) else { return [] }
                p += width
                blocks.append((header + UInt64(p), size, true))
            } else {
                guard start[0] == 1, let size = decode(start, 8, 4) else { return [] }
                blocks.append((header + 16, size, true))
            }
            var layouts: [[UInt8]] = []
            var messages = 0
            var i = 0
            while i < blocks.count, i < H5LayoutCheck.maxBlocks {
                let block = blocks[i]
                i += 1
                guard block.length <= 1 << 24, var bytes = reader.read(at: block.address, count: Int(block.length)) else { continue }
                var p = 0
                if isVersion2 && !block.first {
                    guard bytes.count >= 8, Array(bytes[0..<4]) == Array("OCHK".utf8) else { continue }
                    p = 4
                    bytes.removeLast(4)  // the checksum
                }
                let headerLength = isVersion2 ? 4 : 8
                while p + headerLength <= bytes.count, messages < H5LayoutCheck.maxMessages {
                    messages += 1
                    let type: Int, size: Int, dataStart: Int
                    if isVersion2 {
                        type = Int(bytes[p])
                        size = Int(decode(bytes, p + 1, 2)!)
                        let hasOrder = (bytes[p + 3] & 0x04) != 0
                        dataStart = p + 4 + (hasOrder ? 2 : 0)
                    } else {
                        type = Int(decode(bytes, p, 2)!)
                        size = Int(decode(bytes, p + 2, 2)!)
                        dataStart = p + 8
                    }
                    guard dataStart + size <= bytes.count else { break }
                    let data = Array(bytes[dataStart..<(dataStart + size)])
                    if type == H5LayoutCheck.layoutMessage {
                        layouts.append(data)
                    } else if type == H5LayoutCheck.continuationMessage, let address = decode(data, 0, sizeofAddr),
                              let length = decode(data, sizeofAddr, sizeofSize) {
                        blocks.append((address, length, false))
                    }
                    p = dataStart + size
                    if !isVersion2 { p = (p + 7) / 8 * 8 }
                }
            }
            return layouts
        }

        /// The chunk dimensions of a chunked layout message (the last one is the element size), or
        /// nil for other layouts or what it cannot read.
        func chunkDimensions(_ d: [UInt8]) -> [UInt64]? {
            guard let version = d.first else { return nil }
            switch version {
            case 1, 2:
                guard d.count >= 8, d[2] == 2 else { return nil }
                let rank = Int(d[1])
                return (0..<rank).map { decode(d, 8 + sizeofAddr + 4 * $0, 4) }.allNonNil
            case 3:
                guard d.count >= 3, d[1] == 2 else { return nil }
                let rank = Int(d[2])
                return (0..<rank).map { decode(d, 3 + sizeofAddr + 4 * $0, 4) }.allNonNil
            case 4:
                guard d.count >= 5, d[1] == 2 else { return nil }
                let rank = Int(d[3]), width = Int(d[4])
                guard (1...8).contains(width) else { return nil }
                return (0..<rank).map { decode(d, 5 + width * $0, width) }.allNonNil
            default:
                return nil
            }
        }
    }

}

private extension Array where Element == UInt64? {
    /// The unwrapped elements when none is nil.
    var allNonNil: [UInt64]? {
        var out: [UInt64] = []
        for e in self { guard let e else { return nil }; out.append(e) }
        return out
    }
}
