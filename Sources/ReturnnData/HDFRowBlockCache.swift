import Foundation

/// Serves short row-range reads of one dataset from a block of rows read in one go.
///
/// Chunked data: reading one sequence by hyperslab costs a fixed overhead per touched chunk;
/// h5py's automatic chunking of `(frames, 40)` float data gives chunks such as (6250, 2), so a
/// 200-frame sequence touches 20 chunks and every chunk is visited again by the next ~30
/// sequences. Instead, a short read loads the chunk-aligned block of rows around it (whole
/// chunks, which HDF5 reads anyway) and later reads inside that block are plain copies.
///
/// Contiguous data: a read that continues where the previous one ended (sequential iteration)
/// reads ahead about 1 MiB of rows; any other read goes straight to the file, so random orders
/// never read more than they need. Reads at least one block long always go straight to the file.
///
/// Thread safety: one lock per cache; the block is replaced atomically under it.
final class HDFRowBlockCache: @unchecked Sendable {
    private let dataset: H5Dataset
    private let blockRows: Int
    private let chunkColumns: Int?  // set when 2-D chunks are narrower than a row
    private let chunked: Bool
    private var lastEnd = -1  // guarded by lock; end of the previous read (contiguous read-ahead)
    private let lock = NSLock()
    private var blockType: H5ElementType?  // guarded by lock
    private var blockStart = 0
    private var blockEnd = 0
    private var block: [UInt8] = []  // reused across loads: fresh pages would cost a fault per 4 KiB
    private var slabs: [UInt8] = []

    /// A cache for `dataset`. Chunked: blocks span `max(chunk rows, minimumRows)` rows rounded to
    /// whole chunks. Contiguous: read-ahead blocks of about `readAheadBytes`.
    init(dataset: H5Dataset, minimumRows: Int = 1024, readAheadBytes: Int = 1 << 20) {
        self.dataset = dataset
        if let chunkRows = dataset.chunkShape?.first, chunkRows > 0 {
            chunked = true
            blockRows = ((max(chunkRows, minimumRows) + chunkRows - 1) / chunkRows) * chunkRows
        } else {
            chunked = false
            let rowBytes = max(1, dataset.rowElementCount * (dataset.elementType.byteSize ?? 1))
            blockRows = max(64, readAheadBytes / rowBytes)
        }
        if dataset.rank == 2, let chunk = dataset.chunkShape, chunk.count == 2, chunk[1] < dataset.shape[1] {
            chunkColumns = chunk[1]
        } else {
            chunkColumns = nil
        }
    }

    /// Loads rows `start..<end` row-major into `bytes`. With chunks narrower than a row, HDF5's
    /// scatter into row-major memory costs a call per row and chunk; reading each column slab
    /// into its own (chunk-shaped, contiguous) buffer and interleaving here is much cheaper.
    private func load(_ start: Int, _ end: Int, type: H5ElementType, size: Int,
                      into bytes: UnsafeMutableRawBufferPointer) throws {
        guard let chunkColumns else {
            try dataset.readRows(start..<end, into: bytes, type: type)
            return
        }
        let rows = end - start, columns = dataset.shape[1]
        // All column slabs first (slab k holds columns k*chunkColumns..., row-major (rows, width_k)),
        // then interleave in row tiles so the written part of the block stays in L1.
        if slabs.count < rows * columns * size { slabs = [UInt8](repeating: 0, count: rows * columns * size) }
        let firsts = Array(stride(from: 0, to: columns, by: chunkColumns))
        try slabs.withUnsafeMutableBytes { slabBytes in
            for first in firsts {
                let width = min(chunkColumns, columns - first)
                let slab = UnsafeMutableRawBufferPointer(rebasing: slabBytes[(rows * first * size)..<(rows * (first + width) * size)])
                try dataset.readBlock(rows: start..<end, columns: first..<(first + width), into: slab, type: type)
            }
            let tile = max(1, (32 * 1024) / max(1, columns * size))
            for tileStart in stride(from: 0, to: rows, by: tile) {
                let tileRows = min(tile, rows - tileStart)
                for first in firsts {
                    let width = min(chunkColumns, columns - first)
                    let source = slabBytes.baseAddress! + (rows * first + tileStart * width) * size
                    let target = bytes.baseAddress! + (tileStart * columns + first) * size
                    let pieceBytes = width * size, strideBytes = columns * size
                    if pieceBytes == 8 {
                        Self.interleave(UInt64.self, source, target, rows: tileRows, pieceBytes: 8, strideBytes: strideBytes)
                    } else if pieceBytes == 4 {
                        Self.interleave(UInt32.self, source, target, rows: tileRows, pieceBytes: 4, strideBytes: strideBytes)
                    } else if pieceBytes == 16 {
                        Self.interleave(SIMD2<UInt64>.self, source, target, rows: tileRows, pieceBytes: 16, strideBytes: strideBytes)
                    } else {
                        for row in 0..<tileRows {
                            (target + row * strideBytes).copyMemory(from: source + row * pieceBytes, byteCount: pieceBytes)
                        }
                    }
                }
            }
        }
    }

    /// Reads `rows` into `buffer` (numeric memory type `type`, `rows.count * rowElementCount` values).
    func read(_ rows: Range<Int>, into buffer: UnsafeMutableRawBufferPointer, type: H5ElementType) throws {
        guard rows.count < blockRows, let size = type.byteSize else {
            try dataset.readRows(rows, into: buffer, type: type)
            return
        }
        guard !rows.isEmpty else { return }
        let rowBytes = dataset.rowElementCount * size
        lock.lock()
        defer { lock.unlock() }
        let sequential = rows.lowerBound == lastEnd
        lastEnd = rows.upperBound
        if !(blockType == type && rows.lowerBound >= blockStart && rows.upperBound <= blockEnd) {
            if !chunked && !sequential {
                try dataset.readRows(rows, into: buffer, type: type)
                return
            }
            let total = dataset.shape[0]
            let start = chunked ? (rows.lowerBound / blockRows) * blockRows : rows.lowerBound
            let end = min(total, max(start + blockRows, ((rows.upperBound + blockRows - 1) / blockRows) * blockRows))
            if block.count < (end - start) * rowBytes {
                block.append(contentsOf: repeatElement(0, count: (end - start) * rowBytes - block.count))
            }
            // Sequential reads cross block ends: keep the rows already held instead of rereading them.
            var loadFrom = start
            if blockType == type && blockStart <= start && start < blockEnd && blockEnd < end {
                let keep = (blockEnd - start) * rowBytes, from = (start - blockStart) * rowBytes
                block.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: $0.baseAddress! + from, byteCount: keep) }
                loadFrom = blockEnd
            }
            blockType = nil
            try block.withUnsafeMutableBytes { bytes in
                let target = UnsafeMutableRawBufferPointer(rebasing: bytes[((loadFrom - start) * rowBytes)..<((end - start) * rowBytes)])
                try load(loadFrom, end, type: type, size: size, into: target)
            }
            blockType = type
            blockStart = start
            blockEnd = end
        }
        let offset = (rows.lowerBound - blockStart) * rowBytes
        block.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + rows.count * rowBytes)]))
        }
    }

    /// Copies `rows` pieces of `pieceBytes` (= the size of `E`) from a packed slab into a block
    /// with row stride `strideBytes` (unaligned loads and stores).
    @inline(__always)
    private static func interleave<E>(_: E.Type, _ source: UnsafeMutableRawPointer, _ target: UnsafeMutableRawPointer,
                                      rows: Int, pieceBytes: Int, strideBytes: Int) {
        for row in 0..<rows {
            let value = source.loadUnaligned(fromByteOffset: row &* pieceBytes, as: E.self)
            target.storeBytes(of: value, toByteOffset: row &* strideBytes, as: E.self)
        }
    }
}
