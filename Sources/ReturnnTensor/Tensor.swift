/// A dense Float32 tensor: row-major contiguous values and a shape.
///
/// Cheap to pass around: the values live in a shared `TensorStorage`, copied only when a tensor
/// whose storage is shared is mutated (copy-on-write). A scalar has shape `[]`.
public struct Tensor: Sendable {
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// The values; shared between copies until one is mutated.
    public private(set) var storage: TensorStorage<Float>

    /// Number of axes.
    @inlinable public var rank: Int { shape.count }
    /// Number of elements.
    @inlinable public var count: Int { storage.count }

    /// Wraps `storage` (which must hold `count(shape)` elements) with `shape`.
    public init(shape: [Int], storage: TensorStorage<Float>) {
        ShapeUtil.checkValid(shape, "Tensor")
        precondition(ShapeUtil.count(shape) == storage.count,
                     "Tensor: shape \(shape) needs \(ShapeUtil.count(shape)) values, storage has \(storage.count)")
        self.shape = shape
        self.storage = storage
    }

    /// A zero-filled tensor of `shape`.
    public init(zeros shape: [Int]) {
        self.init(shape: shape, repeating: 0)
    }

    /// A tensor of `shape` with every element set to `value`.
    public init(shape: [Int], repeating value: Float) {
        ShapeUtil.checkValid(shape, "Tensor")
        let storage = TensorStorage<Float>(uninitializedCount: ShapeUtil.count(shape))
        if value == 0 && value.sign == .plus {
            UnsafeMutableRawPointer(storage.pointer).initializeMemory(
                as: UInt8.self, repeating: 0, count: storage.count * MemoryLayout<Float>.stride)
        } else {
            storage.pointer.initialize(repeating: value, count: storage.count)
        }
        self.init(shape: shape, storage: storage)
    }

    /// A tensor of `shape` holding `values` in row-major order.
    public init(shape: [Int], _ values: [Float]) {
        ShapeUtil.checkValid(shape, "Tensor")
        precondition(ShapeUtil.count(shape) == values.count,
                     "Tensor: shape \(shape) needs \(ShapeUtil.count(shape)) values, got \(values.count)")
        self.init(shape: shape, storage: TensorStorage(values))
    }

    /// A rank-1 tensor holding `values`.
    public init(_ values: [Float]) {
        self.init(shape: [values.count], values)
    }

    /// A scalar (shape `[]`).
    public init(scalar: Float) {
        self.init(shape: [], [scalar])
    }

    /// A tensor of `shape` with uninitialised values; the caller writes every element before use.
    public init(uninitialized shape: [Int]) {
        ShapeUtil.checkValid(shape, "Tensor")
        self.init(shape: shape, storage: TensorStorage(uninitializedCount: ShapeUtil.count(shape)))
    }

    /// The single value of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "Tensor.scalar: tensor of shape \(shape) has \(count) elements")
        return storage.pointer[0]
    }

    /// The values in row-major order.
    public var array: [Float] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// Read-only pointer to the values (valid while this tensor or a copy of it lives).
    @inlinable public var pointer: UnsafePointer<Float> { UnsafePointer(storage.pointer) }

    /// Flat index of `indices` (one per axis).
    @inlinable
    public func offset(_ indices: [Int]) -> Int {
        precondition(indices.count == rank, "Tensor: \(indices.count) indices for rank \(rank)")
        var o = 0
        for (i, d) in zip(indices, shape) {
            precondition(i >= 0 && i < d, "Tensor: index \(indices) out of range for shape \(shape)")
            o = o * d + i
        }
        return o
    }

    /// Element at `indices` (one index per axis).
    public subscript(_ indices: Int...) -> Float {
        get { storage.pointer[offset(indices)] }
        set {
            let o = offset(indices)
            makeUnique()
            storage.pointer[o] = newValue
        }
    }

    /// Makes the storage unique (copying it if shared) so that it may be written.
    public mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Calls `body` with the values; mutating them is allowed (copy-on-write first).
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
    }

    /// Calls `body` with the values, read-only.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// The same values with another shape of equal element count (shares the storage).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(ShapeUtil.count(newShape) == count,
                     "Tensor.reshaped: cannot reshape \(shape) (\(count) values) to \(newShape)")
        return Tensor(shape: newShape, storage: storage)
    }

    /// Writable pointer into a tensor this module just created and has not shared yet.
    @usableFromInline
    var freshPointer: UnsafeMutablePointer<Float> { storage.pointer }
}

extension Tensor: Equatable {
    /// Equal shapes and element-wise equal values (IEEE comparison: NaN differs from everything).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        guard lhs.shape == rhs.shape else { return false }
        for i in 0..<lhs.count where lhs.storage.pointer[i] != rhs.storage.pointer[i] { return false }
        return true
    }
}

extension Tensor: CustomStringConvertible {
    /// Shape and (up to 16) values, for logs and test failures.
    public var description: String {
        let shown = (0..<Swift.min(count, 16)).map { "\(storage.pointer[$0])" }.joined(separator: ", ")
        return "Tensor(\(shape): [\(shown)\(count > 16 ? ", …" : "")])"
    }
}
