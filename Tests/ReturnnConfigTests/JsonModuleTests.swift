import Foundation
import Testing
@testable import ReturnnConfig

/// The sandbox's `json` beyond the CPython-checked cases: files, refusals, located errors.
@Suite struct JsonModuleTests {
    /// `json.load` reads a file `open()` returned, keeping key order and ints apart from floats.
    @Test func loadReadsAnOpenedFile() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sizes.json").path
        try "{\"z\": 1, \"a\": [2.0, \"\\u00e9\"], \"n\": null}".write(toFile: path, atomically: false, encoding: .utf8)
        let c = try loadPython("import json\nwith open(\(ValueFormatting.strRepr(path))) as f:\n    x = json.load(f)")
        #expect(c.typed["x"]?.repr == "{'z': 1, 'a': [2.0, 'é'], 'n': None}")
    }

    /// `json.dump` writes only to sys.stdout/sys.stderr; a file is refused.
    @Test func dumpWritesNoFile() throws {
        let box = OutputBox()
        _ = try loadPython("import json, sys\njson.dump({'a': [1]}, sys.stdout)\nsys.stdout.write('\\n')", box: box)
        #expect(box.lines == ["{\"a\": [1]}"])
        let e = try #require(configError { _ = try loadPython("import json\njson.dump({}, 'out.json')") })
        #expect(e.kind == .unsupported && e.location?.line == 3)
        #expect(e.message.hasPrefix("json.dump(obj, fp): a config can write no file"))
    }

    /// An uncaught decode error points at the config line and carries Python's message.
    @Test func decodeErrorsAreLocated() throws {
        let e = try #require(configError { _ = try loadPython("import json\n\nx = json.loads('[1, 2')") })
        #expect(e.description == "test.config:4:15: Expecting ',' delimiter: line 1 column 6 (char 5)")
        #expect(e.exceptionClassName == "JSONDecodeError")
        let big = try #require(configError { _ = try loadPython("import json\nx = json.loads('123456789012345678901234')") })
        #expect(big.message == "JSON integer 123456789012345678901234 does not fit in 64 bits (integers are 64-bit in configs)")
        let np = try #require(configError { _ = try loadPython("import json, numpy\nx = json.dumps(numpy.zeros(2))") })
        #expect(np.message == "Object of type ndarray is not JSON serializable (convert a numpy array with .tolist())")
    }

    /// JSON configs keep their comments and located errors (the same parser, another mode).
    @Test func jsonConfigsStillAllowComments() throws {
        let c = try loadConfig("{\n  // lr\n  \"lr\": 0.1, /* n */ \"n\": 3\n}")
        #expect(c.typed["lr"]?.repr == "0.1" && c.typed["n"]?.location.line == 3)
        let e = try #require(configError { _ = try loadConfig("{\"a\": [1,\n 2}") })
        #expect(e.description == "test.config:2:3: JSON config: Expecting ',' delimiter")
    }
}
