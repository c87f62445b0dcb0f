import CHDF5

/// An object that holds links to groups and datasets: the file (root group) or a group.
public protocol H5Container: H5Object {
    /// The file this container belongs to (kept alive by every object opened from it).
    var file: H5File { get }
}

extension H5Container {
    /// Whether `path` (relative, "a/b", or absolute) names an existing link.
    public func contains(_ path: String) -> Bool {
        (try? withID { id in
            var prefix = path.hasPrefix("/") ? "/" : ""
            for component in path.split(separator: "/") {
                prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
                if H5Lexists(id, prefix, hid_t(H5P_DEFAULT)) <= 0 { return false }
            }
            return true
        }) ?? false
    }

    /// Names of the direct members (groups and datasets), sorted by name.
    public func memberNames() throws -> [String] {
        try withID { id in
            var info = H5G_info_t()
            guard H5Gget_info(id, &info) >= 0 else { throw libraryError(.read, "cannot list group") }
            var names: [String] = []
            for index in 0..<info.nlinks {
                let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0,
                                                hid_t(H5P_DEFAULT))
                guard length >= 0 else { throw libraryError(.read, "cannot list group") }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                _ = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count,
                                       hid_t(H5P_DEFAULT))
                names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) },
                                    as: UTF8.self))
            }
            return names
        }
    }

    /// Opens the group at `path`; throws `.missingObject` if there is none.
    public func group(_ path: String) throws -> H5Group {
        let full = childPath(path)
        guard contains(path) else {
            throw error(.missingObject, "cannot open group", object: full, "no such group")
        }
        return try withID { id in
            let gid = H5Gopen2(id, path, hid_t(H5P_DEFAULT))
            guard gid >= 0 else { throw libraryError(.objectAccess, "cannot open group", object: full) }
            return H5Group(file: file, path: full, id: gid)
        }
    }

    /// Creates the group at `path`, creating missing parent groups as well (as h5py does).
    @discardableResult
    public func createGroup(_ path: String) throws -> H5Group {
        let full = childPath(path)
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += (prefix.isEmpty ? "" : "/") + component
            if contains(prefix) { continue }
            try withID { id in
                let gid = H5Gcreate2(id, prefix, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
                guard gid >= 0 else { throw libraryError(.write, "cannot create group", object: full) }
                _ = H5Gclose(gid)
            }
        }
        return try group(path)
    }

    /// Opens the dataset at `path`; throws `.missingObject` if there is none.
    ///
    /// - Parameter chunkCacheBytes: size of HDF5's chunk cache for this dataset (default: the
    ///   library's 1 MiB). Row-range reads of chunked data whose chunks are narrow in the feature
    ///   axis (h5py's automatic chunking makes e.g. (6250, 2) for 40-dim features) touch many
    ///   chunks per row range and thrash a small cache; a larger cache makes each chunk be read
    ///   and decompressed once.
    public func dataset(_ path: String, chunkCacheBytes: Int? = nil) throws -> H5Dataset {
        let full = childPath(path)
        guard contains(path) else {
            throw error(.missingObject, "cannot open dataset", object: full, "no such dataset")
        }
        let did = try withID { id in
            try H5LayoutCheck.check(id, name: path, filePath: file.filePath, object: full)
            var did = H5Dopen2(id, path, hid_t(H5P_DEFAULT))
            guard did >= 0 else { throw libraryError(.objectAccess, "cannot open dataset", object: full) }
            if let chunkCacheBytes {
                // Reopen with an access property list carrying the larger cache.
                let access = H5Temporary(H5Dget_access_plist(did), H5Pclose)
                let slots = 12_421  // a prime, about 100x the chunks a cache of tens of MiB holds
                guard access.id >= 0, H5Pset_chunk_cache(access.id, slots, max(0, chunkCacheBytes), 0.75) >= 0 else {
                    _ = H5Dclose(did)
                    throw libraryError(.objectAccess, "cannot set chunk cache of dataset", object: full)
                }
                _ = H5Dclose(did)
                did = H5Dopen2(id, path, access.id)
                guard did >= 0 else { throw libraryError(.objectAccess, "cannot open dataset", object: full) }
            }
            return did
        }
        return try H5Dataset(file: file, path: full, id: did)
    }

    /// Creates a dataset.
    ///
    /// - Parameters:
    ///   - path: name below this container (parent groups must exist).
    ///   - type: element type; `.variableString` stores UTF-8 strings.
    ///   - shape: initial extent per axis (0 allowed).
    ///   - maxShape: per-axis maximum, nil entries unlimited; nil (default) = fixed at `shape`.
    ///     Any nil entry makes the dataset resizable, which needs chunked storage.
    ///   - chunk: chunk extent per axis; chosen automatically when resizable and not given.
    public func createDataset(_ path: String, type: H5ElementType, shape: [Int], maxShape: [Int?]? = nil,
                              chunk: [Int]? = nil) throws -> H5Dataset {
        let full = childPath(path)
        if case .unsupported(let text) = type {
            throw error(.type, "cannot create dataset", object: full, "unsupported element type \(text)")
        }
        if case .fixedString(let width) = type, width <= 0 {
            throw error(.type, "cannot create dataset", object: full, "fixed string width must be > 0")
        }
        guard shape.allSatisfy({ $0 >= 0 }), maxShape == nil || maxShape!.count == shape.count else {
            throw error(.shape, "cannot create dataset", object: full, "bad shape \(shape) / maxShape \(maxShape!)")
        }
        let resizable = maxShape?.contains(where: { $0 == nil }) ?? false
        let chunkDims: [Int]? = chunk ?? (resizable ? H5Dataset.defaultChunk(shape: shape, type: type) : nil)
        let did = try withID { id in
            var dims = shape.map { hsize_t($0) }
            var maxDims = (maxShape ?? shape.map { $0 }).map { $0.map { hsize_t($0) } ?? chdf5_unlimited() }
            let space = H5Temporary(H5Screate_simple(Int32(shape.count), &dims, &maxDims), H5Sclose)
            guard space.id >= 0 else { throw libraryError(.shape, "cannot create dataset", object: full) }
            let plist = H5Temporary(H5Pcreate(chdf5_p_dataset_create()), H5Pclose)
            if let chunkDims {
                var c = chunkDims.map { hsize_t(max(1, $0)) }
                guard H5Pset_chunk(plist.id, Int32(c.count), &c) >= 0 else {
                    throw libraryError(.write, "cannot create dataset", object: full)
                }
            }
            let fileType = try H5Dataset.makeFileType(type)
            let did = H5Dcreate2(id, path, fileType.id, space.id, hid_t(H5P_DEFAULT), plist.id, hid_t(H5P_DEFAULT))
            guard did >= 0 else { throw libraryError(.write, "cannot create dataset", object: full) }
            return did
        }
        return try H5Dataset(file: file, path: full, id: did)
    }

    /// Deletes the link `path` (the space is not reclaimed in the file, as with h5py's `del`).
    public func delete(_ path: String) throws {
        let full = childPath(path)
        try withID { id in
            guard H5Ldelete(id, path, hid_t(H5P_DEFAULT)) >= 0 else {
                throw libraryError(.write, "cannot delete", object: full)
            }
        }
    }
}
