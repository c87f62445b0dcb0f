import CHDF5
import Foundation

extension H5Object {
    /// Names of this object's attributes, in name order.
    public func attributeNames() throws -> [String] {
        try withID { id in
            var info = H5O_info_t()
            guard H5Oget_info2(id, &info, UInt32(H5O_INFO_NUM_ATTRS)) >= 0 else {
                throw libraryError(.read, "cannot list attributes")
            }
            var names: [String] = []
            for index in 0..<info.num_attrs {
                let length = H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, hid_t(H5P_DEFAULT))
                guard length >= 0 else { throw libraryError(.read, "cannot list attributes") }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                _ = H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count,
                                       hid_t(H5P_DEFAULT))
                names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            return names
        }
    }

    /// Whether the attribute `name` exists.
    public func hasAttribute(_ name: String) -> Bool {
        (try? withID { id in H5Aexists(id, name) > 0 }) ?? false
    }

    /// Reads the numeric attribute `name` (ints or floats); throws `.missingObject` if absent and
    /// `.type` for any other type before reading it. Readers of RETURNN's files use this: libhdf5
    /// follows a variable-length string attribute's reference into the global heap unchecked (a
    /// damaged reference crashed it), and RETURNN's attributes are all numbers.
    public func numericAttribute(_ name: String) throws -> H5AttributeValue {
        try readAttribute(name, numericOnly: true)
    }

    /// Reads the attribute `name`; throws `.missingObject` if absent, `.type` if not int/float/string.
    /// Variable-length strings are read by libhdf5 without the global-heap check datasets get
    /// (`H5GlobalHeapCheck`): read them only from files written by a trusted writer.
    public func attribute(_ name: String) throws -> H5AttributeValue {
        try readAttribute(name, numericOnly: false)
    }

    /// Reads the attribute `name`; with `numericOnly`, any other type is refused before it is read.
    private func readAttribute(_ name: String, numericOnly: Bool) throws -> H5AttributeValue {
        let where_ = "\(objectPath == "/" ? "" : objectPath)@\(name)"
        return try withID { id in
            guard H5Aexists(id, name) > 0 else {
                _ = H5Eclear2(hid_t(H5E_DEFAULT))
                throw error(.missingObject, "cannot read attribute", object: where_, "no such attribute")
            }
            let attr = H5Temporary(H5Aopen(id, name, hid_t(H5P_DEFAULT)), H5Aclose)
            guard attr.id >= 0 else { throw libraryError(.objectAccess, "cannot open attribute", object: where_) }
            let type = H5Temporary(H5Aget_type(attr.id), H5Tclose)
            let kind = H5ElementType.classify(type.id)
            switch kind {
            case .int8, .uint8, .int16, .int32, .int64, .float32, .float64: break
            default:
                if numericOnly {
                    throw error(.type, "cannot read attribute", object: where_, "expected a number or numbers, found \(kind)")
                }
            }
            let space = H5Temporary(H5Aget_space(attr.id), H5Sclose)
            let rank = H5Sget_simple_extent_ndims(space.id)
            let count = Int(H5Sget_simple_extent_npoints(space.id))
            guard rank <= 1, count >= 0 else {
                throw error(.shape, "cannot read attribute", object: where_, "attribute has \(rank) axes, expected 0 or 1")
            }
            let isScalar = rank == 0
            guard !isScalar || count == 1 else {
                throw error(.shape, "cannot read attribute", object: where_, "attribute has no value (empty dataspace)")
            }
            let width: Int
            if case .fixedString(let w) = kind { width = w } else { width = 8 }
            _ = try checkedCount([count, width], elementSize: 1, operation: "cannot read attribute", object: where_)
            switch kind {
            case .int8, .uint8, .int16, .int32, .int64:
                var values = [Int64](repeating: 0, count: count)
                guard H5Aread(attr.id, chdf5_native_int64(), &values) >= 0 else {
                    throw libraryError(.read, "cannot read attribute", object: where_)
                }
                return isScalar ? .int(values[0]) : .ints(values)
            case .float32, .float64:
                var values = [Double](repeating: 0, count: count)
                guard H5Aread(attr.id, chdf5_native_double(), &values) >= 0 else {
                    throw libraryError(.read, "cannot read attribute", object: where_)
                }
                return isScalar ? .double(values[0]) : .doubles(values)
            case .fixedString(let width):
                let memType = H5Temporary(H5Tcopy(type.id), H5Tclose)
                var bytes = [UInt8](repeating: 0, count: count * width)
                guard H5Aread(attr.id, memType.id, &bytes) >= 0 else {
                    throw libraryError(.read, "cannot read attribute", object: where_)
                }
                let strings = (0..<count).map { i -> String in
                    let item = bytes[(i * width)..<((i + 1) * width)]
                    return String(decoding: item.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                return isScalar ? .string(strings[0]) : .strings(strings)
            case .variableString:
                let memType = H5Temporary(H5Tcopy(type.id), H5Tclose)
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
                guard H5Aread(attr.id, memType.id, &pointers) >= 0 else {
                    throw libraryError(.read, "cannot read attribute", object: where_)
                }
                let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
                _ = H5Dvlen_reclaim(memType.id, space.id, hid_t(H5P_DEFAULT), &pointers)
                return isScalar ? .string(strings[0]) : .strings(strings)
            case .unsupported(let text):
                throw error(.type, "cannot read attribute", object: where_, "unsupported type \(text)")
            }
        }
    }

    /// Writes (or replaces) the attribute `name`. Integers are stored as int64 and floats as
    /// float64, strings as variable-length UTF-8, as h5py does for Python values.
    public func setAttribute(_ name: String, _ value: H5AttributeValue) throws {
        let where_ = "\(objectPath == "/" ? "" : objectPath)@\(name)"
        try withID { id in
            if H5Aexists(id, name) > 0, H5Adelete(id, name) < 0 {
                throw libraryError(.write, "cannot replace attribute", object: where_)
            }
            func create(_ fileType: hid_t, count: Int?) throws -> H5Temporary {
                let space: H5Temporary
                if let count {
                    var dims = [hsize_t(count)]
                    space = H5Temporary(H5Screate_simple(1, &dims, nil), H5Sclose)
                } else {
                    space = H5Temporary(H5Screate(H5S_SCALAR), H5Sclose)
                }
                let attr = H5Temporary(H5Acreate2(id, name, fileType, space.id, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT)),
                                       H5Aclose)
                guard attr.id >= 0 else { throw libraryError(.write, "cannot create attribute", object: where_) }
                return attr
            }
            var status: herr_t = 0
            switch value {
            case .int(let v):
                var values = [v]
                let attr = try create(chdf5_native_int64(), count: nil)
                status = H5Awrite(attr.id, chdf5_native_int64(), &values)
            case .ints(let values):
                let attr = try create(chdf5_native_int64(), count: values.count)
                status = H5Awrite(attr.id, chdf5_native_int64(), values)
            case .double(let v):
                var values = [v]
                let attr = try create(chdf5_native_double(), count: nil)
                status = H5Awrite(attr.id, chdf5_native_double(), &values)
            case .doubles(let values):
                let attr = try create(chdf5_native_double(), count: values.count)
                status = H5Awrite(attr.id, chdf5_native_double(), values)
            case .string(let s):
                let type = try H5Dataset.makeFileType(.variableString)
                var pointers: [UnsafeMutablePointer<CChar>?] = [strdup(s)]
                defer { pointers.forEach { free($0) } }
                let attr = try create(type.id, count: nil)
                status = H5Awrite(attr.id, type.id, &pointers)
            case .strings(let strings):
                let type = try H5Dataset.makeFileType(.variableString)
                var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
                defer { pointers.forEach { free($0) } }
                let attr = try create(type.id, count: strings.count)
                status = H5Awrite(attr.id, type.id, &pointers)
            }
            guard status >= 0 else { throw libraryError(.write, "cannot write attribute", object: where_) }
        }
    }
}
