import CHDF5

/// Owns one HDF5 identifier and closes it exactly once (on `close()` or in `deinit`); opaque.
///
/// The identifier is read and changed only under `H5Library.lock`.
public final class H5Handle: @unchecked Sendable {
    /// How an identifier of this kind is closed (`H5Fclose`, `H5Dclose`, ...).
    enum Kind { case file, group, dataset }

    private var id: hid_t
    private let kind: Kind

    init(_ id: hid_t, kind: Kind) {
        precondition(id >= 0, "H5Handle needs a valid HDF5 identifier")
        self.id = id
        self.kind = kind
    }

    /// The identifier, or nil after `close()` (call under `H5Library.locked`).
    var current: hid_t? { id >= 0 ? id : nil }

    /// Closes the identifier; returns HDF5's status (0 also when already closed).
    @discardableResult
    func close() -> herr_t {
        H5Library.locked {
            guard id >= 0 else { return 0 }
            let status: herr_t
            switch kind {
            case .file: status = H5Fclose(id)
            case .group: status = H5Gclose(id)
            case .dataset: status = H5Dclose(id)
            }
            id = -1
            return status
        }
    }

    deinit { close() }
}
