/// A dense Int32 tensor (indices, sparse targets, sequence lengths): row-major values and a shape.
///
/// Same storage rules as `Tensor` (shared, copy-on-write). Int32 tensors are never differentiated.
public struct IntTensor: Sendable {
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// The values; shared between copies until one is mutated.
    public private(set) var storage: TensorStorage<Int32>

    /// Number of axes.
    @inlinable public var rank: Int { shape.count }
    /// Number of elements.
    @inlinable public var count: Int { storage.count }

    /// A tensor of `shape` holding `values` in row-major order.
    public init(shape: [Int], _ values: [Int32]) {
        ShapeUtil.checkValid(shape, "IntTensor")
        precondition(ShapeUtil.count(shape) == values.count,
                     "IntTensor: shape \(shape) needs \(ShapeUtil.count(shape)) values, got \(values.count)")
        self.shape = shape
        storage = TensorStorage(values)
    }

    /// A rank-1 tensor holding `values`.
    public init(_ values: [Int32]) {
        self.init(shape: [values.count], values)
    }

    /// A tensor of `shape` with every element set to `value`.
    public init(shape: [Int], repeating value: Int32) {
        ShapeUtil.checkValid(shape, "IntTensor")
        self.shape = shape
        storage = TensorStorage(uninitializedCount: ShapeUtil.count(shape))
        storage.pointer.initialize(repeating: value, count: storage.count)
    }

    /// Wraps `storage` (which must hold `count(shape)` elements) with `shape`.
    public init(shape: [Int], storage: TensorStorage<Int32>) {
        ShapeUtil.checkValid(shape, "IntTensor")
        precondition(ShapeUtil.count(shape) == storage.count,
                     "IntTensor: shape \(shape) needs \(ShapeUtil.count(shape)) values, storage has \(storage.count)")
        self.shape = shape
        self.storage = storage
    }

    /// The values in row-major order.
    public var array: [Int32] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// Read-only pointer to the values (valid while this tensor or a copy of it lives).
    @inlinable public var pointer: UnsafePointer<Int32> { UnsafePointer(storage.pointer) }

    /// Element at `indices` (one index per axis).
    public subscript(_ indices: Int...) -> Int32 {
        get { storage.pointer[offset(indices)] }
        set {
            let o = offset(indices)
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            storage.pointer[o] = newValue
        }
    }

    /// Flat index of `indices` (one per axis).
    public func offset(_ indices: [Int]) -> Int {
        precondition(indices.count == rank, "IntTensor: \(indices.count) indices for rank \(rank)")
        var o = 0
        for (i, d) in zip(indices, shape) {
            precondition(i >= 0 && i < d, "IntTensor: index \(indices) out of range for shape \(shape)")
            o = o * d + i
        }
        return o
    }

    /// The same values with another shape of equal element count (shares the storage).
    public func reshaped(_ newShape: [Int]) -> IntTensor {
        IntTensor(shape: newShape, storage: storage)
    }
}

extension IntTensor: Equatable {
    /// Equal shapes and equal values.
    public static func == (lhs: IntTensor, rhs: IntTensor) -> Bool {
        lhs.shape == rhs.shape && lhs.array == rhs.array
    }
}
