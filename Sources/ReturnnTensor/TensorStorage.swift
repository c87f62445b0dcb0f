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

    /// Allocates a copy of `count` elements read from `source`.
    public convenience init(copying source: UnsafePointer<Element>, count: Int) {
        self.init(uninitializedCount: count)
        TensorStorage.copyBytes(from: source, to: pointer, count: count)
    }

    /// Allocates a copy of `array`.
    public convenience init(_ array: [Element]) {
        self.init(uninitializedCount: array.count)
        array.withUnsafeBufferPointer { buf in
            if let base = buf.baseAddress { TensorStorage.copyBytes(from: base, to: pointer, count: array.count) }
        }
    }

    /// Plain memory copy (elements are bitwise copyable); avoids relying on generic specialisation.
    @inline(__always)
    static func copyBytes(from src: UnsafePointer<Element>, to dst: UnsafeMutablePointer<Element>, count: Int) {
        guard count > 0 else { return }
        UnsafeMutableRawPointer(dst).copyMemory(from: UnsafeRawPointer(src), byteCount: count * MemoryLayout<Element>.stride)
    }

    deinit {
        pointer.deallocate()
    }

    /// A new storage holding a copy of this one.
    public func copy() -> TensorStorage<Element> {
        TensorStorage(copying: pointer, count: count)
    }
}
