import CHDF5

/// Closes a transient HDF5 identifier (dataspace, datatype, property list, attribute) at scope end.
struct H5Temporary: ~Copyable {
    let id: hid_t
    private let closer: (hid_t) -> herr_t

    init(_ id: hid_t, _ closer: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.closer = closer
    }

    deinit { if id >= 0 { _ = closer(id) } }
}
