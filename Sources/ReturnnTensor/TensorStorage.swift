/// Heap buffer behind `Tensor` and `IntTensor`: a fixed number of contiguous elements.
///
/// Tensors share one storage until one of them is mutated (copy-on-write, decided by
/// `isKnownUniquelyReferenced` in the owning tensor). The storage itself never resizes.
public final class TensorStorage<Element: BitwiseCopyable>: @unchecked Sendable {
    /// Number of elements.
    public let count: Int
    /// First element; valid for `count` elements while the storage lives.
    public let pointer: UnsafeMutablePointer<Element>

    /// Allocates `count` uninitialised elements (the caller must write all of them before reading).
    public init(uninitializedCount count: Int) {
        precondition(count >= 0, "TensorStorage: negative element count \(count)")
        self.count = count
        pointer = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(count, 1))
    }

    /// Allocates `count` elements, each set to `value`.
    public convenience init(count: Int, repeating value: Element) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    /// Allocates a copy of `count` elements read from `source`.
    public convenience init(copying source: UnsafePointer<Element>, count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(from: source, count: count)
    }

    /// Allocates a copy of `array`.
    public convenience init(_ array: [Element]) {
        self.init(uninitializedCount: array.count)
        array.withUnsafeBufferPointer { buf in
            if let base = buf.baseAddress { pointer.initialize(from: base, count: array.count) }
        }
    }

    deinit {
        pointer.deallocate()
    }

    /// A new storage holding a copy of this one.
    public func copy() -> TensorStorage<Element> {
        TensorStorage(copying: pointer, count: count)
    }
}
