/// Row gather (embedding lookup) and its adjoint, row scatter-add.
///
/// Shape contract: `table` is `[rows, width]` contiguous, `indices` holds `count` Int32 values in
/// `0..<rows` (checked: an index out of range is a precondition failure), the gathered matrix is
/// `[count, width]`.
public enum Gather {
    /// `out[i, :] = table[indices[i], :]` for `i < count`.
    @inlinable
    public static func rows(
        _ table: UnsafePointer<Float>, rows: Int, width: Int,
        indices: UnsafePointer<Int32>, count: Int, _ out: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<count {
            let r = Int(indices[i])
            precondition(r >= 0 && r < rows, "Gather.rows: index \(r) out of range 0..<\(rows)")
            (out + i * width).update(from: table + r * width, count: width)
        }
    }

    /// `table[indices[i], :] += src[i, :]` for `i < count` (repeated indices add up).
    @inlinable
    public static func scatterAddRows(
        _ src: UnsafePointer<Float>, indices: UnsafePointer<Int32>, count: Int, width: Int,
        _ table: UnsafeMutablePointer<Float>, rows: Int
    ) {
        for i in 0..<count {
            let r = Int(indices[i])
            precondition(r >= 0 && r < rows, "Gather.scatterAddRows: index \(r) out of range 0..<\(rows)")
            let dst = table + r * width
            let s = src + i * width
            for j in 0..<width { dst[j] += s[j] }
        }
    }

    /// Naive twins: one element at a time, the test oracles.
    public enum Naive {
        /// Naive `Gather.rows`.
        public static func rows(
            _ table: UnsafePointer<Float>, rows: Int, width: Int,
            indices: UnsafePointer<Int32>, count: Int, _ out: UnsafeMutablePointer<Float>
        ) {
            for i in 0..<count {
                let r = Int(indices[i])
                precondition(r >= 0 && r < rows, "Gather.rows: index \(r) out of range 0..<\(rows)")
                for j in 0..<width { out[i * width + j] = table[r * width + j] }
            }
        }

        /// Naive `Gather.scatterAddRows`: per table element, sums the source entries that map to it.
        public static func scatterAddRows(
            _ src: UnsafePointer<Float>, indices: UnsafePointer<Int32>, count: Int, width: Int,
            _ table: UnsafeMutablePointer<Float>, rows: Int
        ) {
            for r in 0..<rows {
                for j in 0..<width {
                    var acc: Float = 0
                    for i in 0..<count where Int(indices[i]) == r { acc += src[i * width + j] }
                    table[r * width + j] += acc
                }
            }
        }
    }
}
