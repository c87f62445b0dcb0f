import CHDF5
import ReturnnTensor

/// Something in an HDF5 file that has an identifier and attributes: the file (its root group),
/// a group, or a dataset.
public protocol H5Object: AnyObject, Sendable {
    /// Path of the HDF5 file on disk.
    var filePath: String { get }
    /// Absolute path of the object inside the file ("/" for the root group).
    var objectPath: String { get }
    /// The owned identifier.
    var handle: H5Handle { get }
}

extension H5Object {
    /// Runs `body` with the live identifier under the library lock; throws if closed.
    func withID<R>(_ body: (hid_t) throws -> R) throws -> R {
        try H5Library.locked {
            guard let id = handle.current else {
                throw H5Error(.closed, file: filePath, object: objectPath, operation: "cannot use closed object",
                              detail: "it was closed before")
            }
            return try body(id)
        }
    }

    /// An error about this object with HDF5's current error-stack message as detail.
    func libraryError(_ kind: H5Error.Kind, _ operation: String, object: String? = nil) -> H5Error {
        H5Error(kind, file: filePath, object: object ?? objectPath, operation: operation,
                detail: H5Library.errorStackMessage())
    }

    /// An error about this object with our own explanation.
    func error(_ kind: H5Error.Kind, _ operation: String, object: String? = nil, _ detail: String) -> H5Error {
        H5Error(kind, file: filePath, object: object ?? objectPath, operation: operation, detail: detail)
    }

    /// The element count of a read of `dims` elements of `elementSize` bytes; throws `.shape` when
    /// the count overflows or the bytes exceed the memory there is (a damaged file claiming a
    /// huge extent must give an error, not a failed allocation).
    func checkedCount(_ dims: [Int], elementSize: Int, operation: String, object: String? = nil) throws -> Int {
        let bytes = MemoryBudget.bytes(elements: dims, elementSize: max(1, elementSize))
        let budget = MemoryBudget.process
        if budget.exceeded(by: bytes) {
            throw error(.shape, operation, object: object,
                        "\(dims) elements of \(elementSize) bytes need \(MemoryBudget.format(bytes)), more than \(budget.phrase) (damaged file?)")
        }
        return dims.reduce(1, *)
    }

    /// The absolute path of `name` below this object.
    func childPath(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return objectPath == "/" ? "/" + name : objectPath + "/" + name
    }

    /// Closes this object's identifier; later use throws `.closed`. Idempotent.
    public func close() { handle.close() }
}
