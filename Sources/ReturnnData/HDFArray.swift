/// A dense row-major n-dimensional array with a numeric element type, as RETURNN HDF files
/// store them (numpy arrays in upstream's API).
public struct HDFArray: Equatable, Sendable {
    /// Extent per axis.
    public let shape: [Int]
    /// The values, `shape.reduce(1, *)` of them.
    public let values: HDFValues

    /// Creates an array; the value count must match the shape.
    public init(shape: [Int], values: HDFValues) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == values.count,
                     "HDFArray: \(values.count) values do not fill shape \(shape)")
        self.shape = shape
        self.values = values
    }

    /// Creates an array from scalars of any supported type.
    public init<T: H5Scalar>(shape: [Int], _ values: [T]) {
        self.init(shape: shape, values: HDFValues(values))
    }

    /// The element type.
    public var elementType: H5ElementType { values.elementType }

    /// The array with a new shape of the same element count, or nil if the count differs.
    public func reshaped(_ newShape: [Int]) -> HDFArray? {
        guard newShape.allSatisfy({ $0 >= 0 }), newShape.reduce(1, *) == values.count else { return nil }
        return HDFArray(shape: newShape, values: values)
    }

    /// Item `index` along axis 0 (shape without axis 0).
    public func item(_ index: Int) -> HDFArray {
        precondition(!shape.isEmpty && index >= 0 && index < shape[0], "HDFArray.item: index \(index) out of range")
        let inner = shape.dropFirst().reduce(1, *)
        return HDFArray(shape: Array(shape.dropFirst()), values: values.sliced((index * inner)..<((index + 1) * inner)))
    }

    /// The leading block `[0..<lengths[0], 0..<lengths[1], ..., :]`: each of the first
    /// `lengths.count` axes is cut to the given length, the other axes stay whole.
    public func leadingBlock(_ lengths: [Int]) -> HDFArray? {
        guard lengths.count <= shape.count, zip(lengths, shape).allSatisfy({ $0 >= 0 && $0 <= $1 }) else { return nil }
        let newShape = lengths + shape.dropFirst(lengths.count)
        if newShape == shape { return self }
        if lengths.count == 1 {  // a leading prefix is contiguous
            return HDFArray(shape: newShape, values: values.sliced(0..<newShape.reduce(1, *)))
        }
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        var indices: [Int] = []
        indices.reserveCapacity(newShape.reduce(1, *))
        func visit(_ axis: Int, _ offset: Int) {
            if axis == newShape.count { indices.append(offset); return }
            for i in 0..<newShape[axis] { visit(axis + 1, offset + i * strides[axis]) }
        }
        visit(0, 0)
        return HDFArray(shape: newShape, values: values.gathered(indices))
    }
}
