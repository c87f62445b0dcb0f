import Foundation
import Testing
@testable import ReturnnConfig

@Suite struct InterpreterTests {
    /// Each snippet of `language_cases.txt` gives the same `repr(x)` as CPython.
    @Test func languageCasesMatchCPython() throws {
        let cases = try fixtureCases("language_cases.txt")
        #expect(cases.count >= 80)
        for (source, expected) in cases {
            do {
                let c = try loadPython(source)
                #expect(c.typed["x"]?.repr == expected, "\(source)")
            } catch {
                Issue.record("\(source)\nthrew: \(error)")
            }
        }
    }

    @Test func printGoesToTheEnvironmentOutput() throws {
        let box = OutputBox()
        _ = try loadPython("print('a', 1, sep='-')\nprint('x', end='')\nprint([1, 'b'])", box: box)
        #expect(box.lines == ["a-1", "x", "[1, 'b']"])
    }

    @Test func valuesRememberWhereTheyWereWritten() throws {
        let c = try loadPython("a = 1\nnet = {\n  'out': {'n_out': 5}}\n")
        #expect(c.typed["a"]?.location == SourceLocation(file: "test.config", line: 2, column: 5))
        let net = try #require(c.typed["net"]?.dictValue)
        #expect(net.storedKey("out")?.location.line == 4)
        #expect(net.get("out")?.dictValue?.get("n_out")?.location == SourceLocation(file: "test.config", line: 4, column: 20))
    }

    @Test func configFunctionsStayCallable() throws {
        let c = try loadPython("def get_network(epoch, **kwargs):\n  return {'n': epoch * 2, 'kw': kwargs}\n")
        let f = try #require(c.function("get_network"))
        let r = try f.call([.int(3)], [("flag", .bool(true))])
        #expect(r.repr == "{'n': 6, 'kw': {'flag': True}}")
        let e = configError { _ = try f.call([]) }
        #expect(e?.message.contains("missing required argument 'epoch'") == true)
    }

    @Test func closuresCaptureDefiningScopeAndDefaultsAreEvaluatedOnce() throws {
        let c = try loadPython("""
            def f(a, l=[]):
                l.append(a)
                return l
            f(1)
            x = f(2)
            fs = [lambda v, i=i: v + i for i in range(3)]
            y = [g(10) for g in fs]
            """)
        #expect(c.typed["x"]?.repr == "[1, 2]")
        #expect(c.typed["y"]?.repr == "[10, 11, 12]")
    }

    @Test func limitsStopRunawayConfigs() throws {
        let rec = configError { _ = try loadPython("def f(n):\n  return f(n + 1)\nx = f(0)") }
        #expect(rec?.kind == .limit)
        #expect(rec?.location?.line == 2)
        let loop = configError { _ = try loadPython("n = 0\nwhile True:\n  n += 1") }
        #expect(loop?.kind == .limit)
        #expect(loop?.location?.line == 3)
        let big = configError { _ = try loadPython("x = list(range(10 ** 9))") }
        #expect(big?.kind == .limit)
        let rep = configError { _ = try loadPython("x = 'ab' * 10 ** 9") }
        #expect(rep?.kind == .limit)
        let overflow = configError { _ = try loadPython("x = 2 ** 70") }
        #expect(overflow?.kind == .value)
    }

    /// int() with a base outside 2...36 (found by `scripts/fuzz.sh 100000 17`: it trapped in
    /// Int(_:radix:)) is CPython's ValueError.
    @Test func intBaseOutOfRange() throws {
        for base in ["500", "1", "37", "-2"] {
            let e = configError { _ = try loadPython("x = int('10', \(base))") }
            #expect(e?.kind == .value && e?.message.contains("int() base must be >= 2 and <= 36, or 0") == true, "\(String(describing: e))")
            #expect(e?.location?.line == 2)
        }
        #expect(try loadPython("x = int('z', 36)").typedValue("x")?.intValue == 35)
    }
}

@Suite struct InterpreterExternalCallTests {
    /// A config function called by the engine after loading gets the large stack and a fresh
    /// budget: deep (but limited) recursion works from any thread, runaway recursion is an error.
    @Test func externalCallsRunOnALargeStack() async throws {
        let c = try loadPython("def depth(n):\n  return 0 if n == 0 else 1 + depth(n - 1)\n")
        let f = try #require(c.function("depth"))
        #expect(try f.call([.int(90)]).repr == "90")
        let e = configError { _ = try f.call([.int(5000)]) }
        #expect(e?.kind == .limit)
        #expect(try f.call([.int(3)]).repr == "3")
    }
}
