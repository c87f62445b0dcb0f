import Foundation
import Testing
@testable import ReturnnData

/// Damaged HDF files found by the fuzzer (`returnn-fuzz hdf`; fixtures made by
/// `scripts/hdf/make_fuzz_fixtures.py`) are refused with an error that says what is wrong, never a
/// hang, a trap or a failed allocation; so are extents that no memory holds.
@Suite struct HDFDamagedFileTests {
    static func fuzzFixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fuzz/hdf/\(name)").path
    }

    static func openError(_ name: String) -> H5Error? {
        do {
            let ds = try HDFDataset(files: [fuzzFixture(name)], options: try DatasetOptions(name: "damaged"))
            _ = try ds.initSeqOrder(epoch: 1)
            for i in 0..<(ds.numSeqs ?? 0) { for key in ds.dataKeys { _ = try ds.data(i, key: key) } }
        } catch let e as H5Error {
            return e
        } catch {
            Issue.record("\(name): not an H5Error: \(error)")
        }
        return nil
    }

    /// libhdf5 loops forever or copies past a buffer on these global heaps.
    @Test func damagedGlobalHeapIsRefused() {
        let cases = [
            ("heap-zero-free-space.hdf", "the free space of the global heap collection at 8440 has size 0 (libhdf5 would loop forever)"),
            ("heap-object-longer-than-string.hdf", "string 4 of length 2 refers to a global heap object of 8 bytes"),
            ("heap-missing-object.hdf", "string 0 refers to object 7 of the global heap collection at 8440, which has no such object"),
        ]
        for (name, detail) in cases {
            let e = Self.openError(name)
            #expect(e?.kind == .read, "\(name): \(String(describing: e))")
            #expect(e?.description == "cannot read variable-length strings of HDF5 file \(Self.fuzzFixture(name)): damaged file: \(detail)",
                    "\(String(describing: e))")
        }
    }

    /// Two outputs of `scripts/fuzz.sh 100000 13` kept as found: a chunked layout without chunk
    /// dimensions (libhdf5 divided by them inside `H5Dopen2`: SIGFPE), and a string attribute with
    /// a damaged global-heap reference where RETURNN has numbers (libhdf5 crashed in `H5HG_read`).
    @Test func damagedLayoutAndStringAttributeAreRefused() {
        let layout = Self.openError("chunked-layout-without-dimensions.hdf")
        #expect(layout?.kind == .objectAccess && layout?.object == "/seqTags", "\(String(describing: layout))")
        #expect(layout?.detail == "damaged file: the chunked layout has 0 chunk dimensions", "\(String(describing: layout))")
        let attribute = Self.openError("string-attribute-damaged-heap-reference.hdf")
        #expect(attribute?.kind == .type && attribute?.object == "/targets/size@align", "\(String(describing: attribute))")
        #expect(attribute?.detail == "expected a number or numbers, found str", "\(String(describing: attribute))")
    }

    /// An extent beyond `Int` trapped converting it; extents larger than the stored data made
    /// libhdf5 read past it (or from a null pointer), or asked for more memory than there is.
    @Test func absurdExtentsAreRefused() {
        let e1 = Self.openError("max-extent-beyond-int.hdf")
        #expect(e1?.kind == .shape && e1?.object == "/seqLengths", "\(String(describing: e1))")
        #expect(e1?.detail.hasPrefix("extent [3, 2] (maximum [18446744073709551615, 17293822569102704639]) is beyond any file") == true)
        let cases = [
            ("string-count-beyond-memory.hdf", "/targets/labels/align",
             "contiguous storage of 11 bytes for an extent [2814749767106561] of 11-byte elements (30962247438172171 bytes)"),
            ("contiguous-extent-beyond-storage.hdf", "/inputs",
             "contiguous storage of 96 bytes for an extent [6, 545460846596] of 4-byte elements (13091060318304 bytes)"),
            ("compact-storage-empty.hdf", "/inputs", "compact storage of 0 bytes for an extent [8] of 1-byte elements (8 bytes)"),
        ]
        for (name, object, detail) in cases {
            let e = Self.openError(name)
            #expect(e?.kind == .shape && e?.object == object && e?.detail == "damaged file: " + detail, "\(name): \(String(describing: e))")
        }
    }

    /// Datasets whose extent no memory holds (stored without data, as HDF5 allows): every read
    /// that would allocate for the whole extent throws instead.
    @Test func readsBeyondMemoryThrow() throws {
        let dir = HDFTempDir()
        let path = dir.path("huge.h5")
        do {
            let file = try H5File.create(path: path)
            for (name, type) in [("floats", H5ElementType.float32), ("fixed", .fixedString(width: 10)), ("vlen", .variableString)] {
                try file.createDataset(name, type: type, shape: [1 << 50], maxShape: [nil]).close()
            }
            file.close()
        }
        let file = try H5File(path: path)
        defer { file.close() }
        let floats = try file.dataset("floats")
        #expect(floats.shape == [1 << 50])
        let e1 = #expect(throws: H5Error.self) { _ = try floats.read(as: Float.self) }
        #expect(e1?.kind == .shape && e1?.detail.contains("[1125899906842624] elements of 4 bytes need 4.0 PB, more than the ") == true,
                "\(String(describing: e1))")
        #expect(throws: H5Error.self) { _ = try floats.readRows(0..<(1 << 49), as: Float.self) }
        #expect(try floats.readRows(5..<7, as: Float.self) == [0, 0])
        let e2 = #expect(throws: H5Error.self) { _ = try file.dataset("fixed").readStrings() }
        #expect(e2?.kind == .shape, "\(String(describing: e2))")
        let e3 = #expect(throws: H5Error.self) { _ = try file.dataset("vlen").readStrings() }
        #expect(e3?.kind == .shape, "\(String(describing: e3))")
        #expect(try file.dataset("vlen").readStrings(3..<5) == ["", ""])
    }
}
