import Foundation
import Testing
@testable import ReturnnData

/// The Swift HDF5 layer: types, shapes, strings, attributes, resizing, errors, threads.
@Suite struct H5FileTests {
    /// Files are open close-on-exec: a child process started meanwhile must not inherit them
    /// (it would keep HDF5's flock after we close the file, and reopening it would fail).
    @Test func filesAreClosedOnExec() throws {
        let dir = HDFTempDir()
        let path = dir.path("cloexec.h5")
        func descriptorFlags() throws -> [Int32] {
            let fds = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")
            return fds.compactMap { name -> Int32? in
                guard let fd = Int32(name),
                      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)")) == path else { return nil }
                return fcntl(fd, F_GETFD)
            }
        }
        let created = try H5File.create(path: path)
        #expect(try descriptorFlags().allSatisfy { $0 >= 0 && $0 & FD_CLOEXEC != 0 } && !descriptorFlags().isEmpty)
        created.close()
        let opened = try H5File(path: path)
        #expect(try descriptorFlags().allSatisfy { $0 >= 0 && $0 & FD_CLOEXEC != 0 } && !descriptorFlags().isEmpty)
        opened.close()
    }

    @Test func numericDatasetsRoundTripAllTypes() throws {
        let dir = HDFTempDir()
        let path = dir.path("types.h5")
        do {
            let file = try H5File.create(path: path)
            try file.createDataset("f32", type: .float32, shape: [2, 3]).write([Float]([1, 2, 3, 4, 5, -6.5]))
            try file.createDataset("f64", type: .float64, shape: [3]).write([1.25, -2, 1e300])
            try file.createDataset("i8", type: .int8, shape: [3]).write([Int8]([-128, 0, 127]))
            try file.createDataset("u8", type: .uint8, shape: [3]).write([UInt8]([0, 200, 255]))
            try file.createDataset("i16", type: .int16, shape: [2]).write([Int16]([-1, 32767]))
            try file.createDataset("i32", type: .int32, shape: [2]).write([Int32]([2147483647, -2147483648]))
            try file.createDataset("i64", type: .int64, shape: [1]).write([Int64.max])
        }
        let file = try H5File(path: path)
        let f32 = try file.dataset("f32")
        #expect(f32.elementType == .float32 && f32.shape == [2, 3] && f32.rowElementCount == 3)
        #expect(try f32.read(as: Float.self) == [1, 2, 3, 4, 5, -6.5])
        #expect(try f32.readRows(1..<2, as: Float.self) == [4, 5, -6.5])
        #expect(try f32.readRows(1..<1, as: Float.self) == [])
        #expect(try file.dataset("f64").read(as: Double.self) == [1.25, -2, 1e300])
        #expect(try file.dataset("i8").read(as: Int8.self) == [-128, 0, 127])
        #expect(try file.dataset("u8").elementType == .uint8)
        #expect(try file.dataset("u8").read(as: UInt8.self) == [0, 200, 255])
        #expect(try file.dataset("u8").read(as: Int32.self) == [0, 200, 255])  // HDF5 converts
        #expect(try file.dataset("i16").read(as: Int16.self) == [-1, 32767])
        #expect(try file.dataset("i32").read(as: Int32.self) == [2147483647, -2147483648])
        #expect(try file.dataset("i64").read(as: Int64.self) == [Int64.max])
        #expect(try file.memberNames() == ["f32", "f64", "i16", "i32", "i64", "i8", "u8"])
    }

    @Test func resizableAppendAndHyperslab() throws {
        let dir = HDFTempDir()
        let path = dir.path("append.h5")
        let file = try H5File.create(path: path)
        let data = try file.createDataset("x", type: .float32, shape: [0, 2], maxShape: [nil, 2])
        #expect(data.isChunked && data.maxShape == [nil, 2])
        for row in 0..<5 {
            let values: [Float] = [Float(row), Float(row) + 0.5]
            try values.withUnsafeBufferPointer { try data.appendRows($0) }
        }
        #expect(data.shape == [5, 2])
        #expect(try data.readRows(2..<4, as: Float.self) == [2, 2.5, 3, 3.5])
        #expect(throws: H5Error.self) { try data.readRows(4..<6, as: Float.self) }
        let bad: [Float] = [1, 2, 3]
        #expect(throws: H5Error.self) { try bad.withUnsafeBufferPointer { try data.appendRows($0) } }
        let fixed = try file.createDataset("fixed", type: .int32, shape: [2])
        #expect(throws: H5Error.self) { try fixed.resize([3]) }
    }

    @Test func fixedAndVariableStrings() throws {
        let dir = HDFTempDir()
        let path = dir.path("strings.h5")
        do {
            let file = try H5File.create(path: path)
            // Width exactly the longest string: the NULLPAD trap would drop the last character.
            try file.createDataset("fixed", type: .fixedString(width: 10), shape: [3])
                .writeStrings(["longer-tag", "a", ""])
            let vlen = try file.createDataset("vlen", type: .variableString, shape: [0], maxShape: [nil])
            try vlen.appendStrings(["seq-0", "ünïcödé"])
            try vlen.appendStrings(["x"])
            #expect(throws: H5Error.self) {
                try file.createDataset("short", type: .fixedString(width: 2), shape: [1]).writeStrings(["abc"])
            }
        }
        let file = try H5File(path: path)
        #expect(try file.dataset("fixed").elementType == .fixedString(width: 10))
        #expect(try file.dataset("fixed").readStrings() == ["longer-tag", "a", ""])
        #expect(try file.dataset("vlen").elementType == .variableString)
        #expect(try file.dataset("vlen").readStrings() == ["seq-0", "ünïcödé", "x"])
        #expect(try file.dataset("vlen").readStrings(1..<3) == ["ünïcödé", "x"])
        #expect(throws: H5Error.self) { try file.dataset("vlen").read(as: Float.self) }
    }

    @Test func attributesScalarArrayString() throws {
        let dir = HDFTempDir()
        let path = dir.path("attrs.h5")
        do {
            let file = try H5File.create(path: path)
            try file.setAttribute("n", .int(7))
            try file.setAttribute("n", .int(8))  // replaces
            let group = try file.createGroup("targets/size")
            try group.setAttribute("classes", .ints([10, 1]))
            try group.setAttribute("f", .double(0.5))
            try group.setAttribute("fs", .doubles([1, 2]))
            try group.setAttribute("s", .string("hello"))
            try group.setAttribute("ss", .strings(["a", "bc"]))
        }
        let file = try H5File(path: path)
        #expect(try file.attribute("n") == .int(8))
        #expect(file.contains("targets") && file.contains("targets/size") && !file.contains("targets/data"))
        let group = try file.group("targets/size")
        #expect(try group.attributeNames() == ["classes", "f", "fs", "s", "ss"])
        #expect(try group.attribute("classes") == .ints([10, 1]))
        #expect(try group.attribute("f") == .double(0.5))
        #expect(try group.attribute("fs") == .doubles([1, 2]))
        #expect(try group.attribute("s") == .string("hello"))
        #expect(try group.attribute("ss") == .strings(["a", "bc"]))
        #expect(group.hasAttribute("s") && !group.hasAttribute("nope"))
        let error = #expect(throws: H5Error.self) { try group.attribute("nope") }
        #expect(error?.kind == .missingObject)
        #expect(error?.description.contains("nope") == true)
    }

    @Test func errorsNameFileAndObject() throws {
        let dir = HDFTempDir()
        let missing = dir.path("missing.h5")
        let e1 = #expect(throws: H5Error.self) { try H5File(path: missing) }
        #expect(e1?.kind == .fileNotFound)
        #expect(e1?.description == "cannot open HDF5 file \(missing): no such file")

        let text = dir.path("text.h5")
        try Data("not hdf5 at all".utf8).write(to: URL(fileURLWithPath: text))
        let e2 = #expect(throws: H5Error.self) { try H5File(path: text) }
        #expect(e2?.kind == .notHDF5)
        #expect(e2?.description == "cannot open HDF5 file \(text): not an HDF5 file (wrong format, or the file is corrupt)")

        let path = dir.path("ok.h5")
        do {
            let file = try H5File.create(path: path)
            try file.createDataset("x", type: .float32, shape: [100000]).write([Float](repeating: 1, count: 100000))
        }
        let e5 = #expect(throws: H5Error.self) { try H5File.create(path: path) }  // exists, no overwrite
        #expect(e5?.description.hasPrefix("cannot create HDF5 file \(path): ") == true, "\(String(describing: e5))")
        let file = try H5File(path: path)
        let e3 = #expect(throws: H5Error.self) { try file.dataset("seqLengths") }
        #expect(e3?.description == "cannot open dataset '/seqLengths' in file \(path): no such dataset")
        let dataset = try file.dataset("x")
        dataset.close()
        #expect((#expect(throws: H5Error.self) { try dataset.read(as: Float.self) })?.kind == .closed)
        file.close()

        // Truncated: cut the file in half.
        let truncated = dir.path("truncated.h5")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        let e4 = #expect(throws: H5Error.self) { try H5File(path: truncated) }
        #expect(e4?.kind == .notHDF5 && e4?.description.hasPrefix("cannot open HDF5 file \(truncated): ") == true)
        #expect(e4?.description.contains(" in file ") == false, "\(String(describing: e4))")
    }

    @Test func concurrentReadsFromTwoThreads() throws {
        let dir = HDFTempDir()
        let path = dir.path("threads.h5")
        let rows = 2000, width = 8
        do {
            let file = try H5File.create(path: path)
            let values = (0..<(rows * width)).map { Float($0) }
            try file.createDataset("x", type: .float32, shape: [rows, width], maxShape: [nil, width]).write(values)
        }
        let dataset = try H5File(path: path).dataset("x")
        let failures = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        failures.initialize(repeating: 0, count: 2)
        defer { failures.deallocate() }
        nonisolated(unsafe) let sink = failures
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            for i in 0..<1000 {
                let row = (i * 7 + thread * 13) % (rows - 3)
                let got = (try? dataset.readRows(row..<(row + 3), as: Float.self)) ?? []
                let want = ((row * width)..<((row + 3) * width)).map { Float($0) }
                if got != want { sink[thread] += 1 }
            }
        }
        #expect(failures[0] == 0 && failures[1] == 0)
        #expect(H5Library.isLibraryThreadSafe)
    }
}
