/// Writes a list of label strings the way RETURNN's `hdf5_strings` does.
///
/// Fixed-width `S<max length>` (NULLPAD) when every string is ASCII and the width is > 0 (numpy
/// can encode it); otherwise variable-length UTF-8, which is upstream's fallback.
enum HDFStrings {
    static func write(_ strings: [String], to container: some H5Container, name: String) throws {
        let width = strings.map { $0.utf8.count }.max() ?? 0
        let ascii = strings.allSatisfy { $0.utf8.allSatisfy { $0 < 128 } }
        let type: H5ElementType = (!strings.isEmpty && ascii && width > 0) ? .fixedString(width: width) : .variableString
        let dataset = try container.createDataset(name, type: type, shape: [strings.count])
        try dataset.writeStrings(strings)
        dataset.close()
    }
}
