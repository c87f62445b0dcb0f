import Foundation
import Testing
@testable import ReturnnConfig

/// The sandbox's numpy beyond the CPython-checked cases: repr details, what the engine reads,
/// located errors for what is not supported, and speed.
@Suite struct NumpyModuleTests {
    private func value(_ body: String) throws -> ConfigValue {
        try #require(try loadPython("import numpy as np\n" + body).typed["x"])
    }

    /// numpy's repr: padding to a common width, `1.` for whole floats, dtype suffixes, wrapping.
    @Test func arrayReprFollowsNumpy() throws {
        #expect(try value("x = np.linspace(0, 1, 3)").repr == "array([0. , 0.5, 1. ])")
        #expect(try value("x = np.array([1, -10, 100])").repr == "array([  1, -10, 100])")
        #expect(try value("x = np.array([0.5, 1e-7])").repr == "array([5.e-01, 1.e-07])")
        #expect(try value("x = np.array([1.0, np.nan])").repr == "array([ 1., nan])")
        #expect(try value("x = np.arange(3, dtype=np.int32)").repr == "array([0, 1, 2], dtype=int32)")
        #expect(try value("x = np.zeros(0, dtype=bool)").repr == "array([], dtype=bool)")
        #expect(try value("x = np.array(True)").repr == "array(True)")
        #expect(try value("x = np.array([[1.5, 2], [3, 4]])").repr == "array([[1.5, 2. ],\n       [3. , 4. ]])")
        #expect(try value("x = str(np.array([[1.5, 2], [3, 4]]))").stringValue == "[[1.5 2. ]\n [3.  4. ]]")
        #expect(try value("x = np.float32").repr == "<class 'numpy.float32'>")
        #expect(try value("x = np.arange(3).dtype").repr == "dtype('int64')")
    }

    /// Scalars read out of arrays are Python numbers (numpy gives numpy scalars).
    @Test func elementsArePythonNumbers() throws {
        #expect(try value("x = np.arange(3)[1]").repr == "1")
        #expect(try value("x = np.linspace(0, 1, 5).sum()").repr == "2.5")
        #expect(try value("x = np.array([True])[0]").repr == "True")
        #expect(try value("x = np.float32(0.1)").repr == "0.10000000149011612")
        #expect(try value("x = np.int32(2**31 + 5)").repr == "-2147483643")
    }

    /// The engine reads an array where it expects a list (learning rates, sizes).
    @Test func engineReadsArraysAsLists() throws {
        let c = try loadPython("import numpy as np\nlearning_rates = np.linspace(1e-4, 1e-3, num=10)\nsizes = np.arange(2, 5) * 256")
        let lrs = try c.floatList("learning_rates")
        #expect(lrs.count == 10 && lrs.first == 1e-4 && lrs.last == 1e-3)
        #expect(try c.intList("sizes") == [512, 768, 1024])
        #expect(ConfigDump.json(c).contains("\"sizes\": [\n    512,"))
    }

    /// Arrays are mutable and shared as in numpy: in-place operators and item assignment are
    /// seen through every name; a sub-array is a copy (numpy: a view).
    @Test func arraysAreSharedAndMutable() throws {
        #expect(try value("a = np.zeros(3)\nb = a\nb[0] = 5\nb += 1\nx = a.tolist()").repr == "[6.0, 1.0, 1.0]")
        #expect(try value("a = np.zeros((2, 2))\na[0][1] = 5\nx = a.tolist()").repr == "[[0.0, 0.0], [0.0, 0.0]]")
    }

    /// What the sandbox's numpy does not provide fails with a located error that says so.
    @Test func unsupportedOperationsGiveLocatedErrors() throws {
        func error(_ body: String) -> ConfigError? { configError { _ = try loadPython("import numpy as np\n" + body) } }
        let random = try #require(error("x = 1\nnp.random.seed(42)"))
        #expect(random.kind == .unsupported)
        #expect(random.location?.line == 4)
        #expect(random.message.hasPrefix("numpy.random.seed is not available in configs: the config sandbox has no random numbers"))
        let fancy = try #require(error("m = np.zeros((3, 3))\nx = m[[0, 1], [1, 2]]"))
        #expect(fancy.location?.line == 4)
        #expect(fancy.message == "indexing a numpy array with arrays or lists inside a tuple (advanced indexing) is not supported in configs; index one axis at a time")
        let axes = try #require(error("x = np.zeros((2, 2)).sum(axis=(0, 1))"))
        #expect(axes.kind == .unsupported && axes.location?.line == 3)
        #expect(axes.message == "numpy.sum(axis=(0, 1)): only one axis (an int) or None is supported in configs")
        let strings = try #require(error("x = np.array(['a', 'b'])"))
        #expect(strings.message == "numpy arrays of str are not supported in configs (the sandbox's numpy holds numbers and bools)")
        let dtype = try #require(error("x = np.zeros(2, dtype='float16')"))
        #expect(dtype.message == "numpy dtype 'float16' is not supported in configs; the sandbox's numpy has float64, float32, int64, int32 and bool")
        let matmul = try #require(error("x = np.eye(2) @ np.eye(2)"))
        #expect(matmul.kind == .unsupported && matmul.location?.line == 3)
        let shapes = try #require(error("x = np.zeros(2) + np.zeros(3)"))
        #expect(shapes.description == "test.config:3:17: operands could not be broadcast together with shapes (2,) (3,) ")
        #expect(error("x = np.array([1, 2]).reshape(3)")?.message == "cannot reshape array of size 2 into shape (3,)")
        #expect(error("x = np.arange(3)[5]")?.message == "index 5 is out of bounds for axis 0 with size 3")
        #expect(error("x = np.array([[1, 2], [3]])")?.message.hasPrefix("setting an array element with a sequence") == true)
        #expect(error("import numpy.random\nfrom numpy.random import seed\nx = 1")?.message == nil)
        #expect(error("from numpy.random import seed\nseed(3)")?.location?.line == 4)
    }

    /// A config catches numpy's errors with Python's exception classes.
    @Test func numpyErrorsAreCatchable() throws {
        #expect(try value("try:\n    np.arange(3)[7]\nexcept IndexError:\n    x = 'caught'").repr == "'caught'")
        #expect(try value("try:\n    np.ones(2).reshape(5)\nexcept ValueError as e:\n    x = str(e)").repr == "'cannot reshape array of size 2 into shape (5,)'")
    }

    /// A 10,000-epoch schedule is built with whole-array operations, not per element.
    @Test func largeSchedulesAreFast() throws {
        let start = Date()
        let c = try loadPython("""
            import numpy as np
            n = 10000
            warm = np.linspace(1e-5, 1e-3, 500)
            decay = 1e-3 * 0.999 ** np.arange(n - 500)
            learning_rates = np.clip(np.concatenate([warm, decay]), 1e-6, None)
            total = float(learning_rates.sum())
            peak = int(np.argmax(learning_rates))
            """)
        let elapsed = Date().timeIntervalSince(start)
        #expect(try c.floatList("learning_rates").count == 10000)
        #expect(c.typed["peak"]?.intValue == 499)
        #expect(elapsed < 2, "building a 10,000-epoch schedule took \(elapsed) s")
    }
}

/// `numpy.loadtxt` reads a text file of numbers (read-only, as `open`).
@Suite struct NumpyLoadTextTests {
    @Test func loadsRowsAndColumnsAsNumpy() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("# priors\n0.5 1.5\n-2 3e-1\n".utf8).write(to: dir.appendingPathComponent("m.txt"))
        try Data("1.0\n2.0\n3.0\n".utf8).write(to: dir.appendingPathComponent("v.txt"))
        try Data("1,2,3\n".utf8).write(to: dir.appendingPathComponent("r.csv"))
        let d = ValueFormatting.strRepr(dir.path)
        let c = try loadPython("""
            import numpy as np
            d = \(d)
            m = np.loadtxt(d + '/m.txt')
            v = np.loadtxt(d + '/v.txt')
            r = np.loadtxt(d + '/r.csv', delimiter=',')
            x = (m.shape, m.tolist(), v.shape, v.tolist(), r.tolist())
            """)
        #expect(c.typed["x"]?.repr == "((2, 2), [[0.5, 1.5], [-2.0, 0.3]], (3,), [1.0, 2.0, 3.0], [1.0, 2.0, 3.0])")
        let e = configError { _ = try loadPython("import numpy\nnumpy.loadtxt('/no/such.txt')") }
        #expect(e?.message == "[Errno 2] No such file or directory: '/no/such.txt'")
    }
}
