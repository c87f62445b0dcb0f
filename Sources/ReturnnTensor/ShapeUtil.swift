/// Helpers over shapes given as `[Int]` (row-major, last axis contiguous).
public enum ShapeUtil {
    /// Number of elements of `shape` (1 for a scalar `[]`).
    @inlinable
    public static func count(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape { n *= d }
        return n
    }

    /// Row-major strides of `shape` in elements.
    public static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= shape[i]
        }
        return s
    }

    /// Checks that every dimension is non-negative.
    public static func checkValid(_ shape: [Int], _ what: @autoclosure () -> String) {
        for d in shape {
            precondition(d >= 0, "\(what()): negative dimension in shape \(shape)")
        }
    }

    /// Normalises a possibly negative axis (Python style, `-1` = last) for a tensor of `rank`.
    public static func axis(_ axis: Int, rank: Int, _ what: @autoclosure () -> String) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "\(what()): axis \(axis) out of range for rank \(rank)")
        return a
    }

    /// `(outer, n, inner)`: the tensor viewed as `[prod(shape[..<axis]), shape[axis], prod(shape[axis+1...])]`.
    public static func split(_ shape: [Int], at axis: Int) -> (outer: Int, n: Int, inner: Int) {
        (count(Array(shape[..<axis])), shape[axis], count(Array(shape[(axis + 1)...])))
    }
}
