import Testing
@testable import ReturnnConfig

/// `sys`: version_info as a named tuple, stdout/stderr writes, `sys.path` shared with imports,
/// setrecursionlimit accepted.
@Suite struct SysModuleTests {
    @Test func versionPathAndStreams() throws {
        let box = OutputBox()
        let c = try loadPython("""
            import sys
            sys.setrecursionlimit(10 ** 4)
            v = (sys.version_info >= (3, 0), sys.version_info[:2], tuple(sys.version_info)[:2], sys.version_info.major)
            sys.path.insert(0, '/x')
            sys.path.append('/y')
            p = sys.path
            sys.stdout.write('a')
            sys.stdout.write('b\\nc\\n')
            print('to stderr', file=sys.stderr)
            sys.stdout.flush()
            """, box: box)
        #expect(c.typed["v"]?.repr == "(True, (3, 11), (3, 11), 3)")
        #expect(c.typed["p"]?.repr == "['/x', '/y']")
        #expect(box.lines == ["ab", "c"])
        let e = configError { _ = try loadPython("print('x', file=open)") }
        #expect(e?.message.contains("can print only to sys.stdout or sys.stderr") == true)
    }

    @Test func excInfoInsideAHandler() throws {
        let c = try loadPython("import sys\ntry:\n  raise KeyError('k')\nexcept KeyError:\n  t, v, tb = sys.exc_info()\n  x = (t.__name__, v.args, tb)")
        #expect(c.typed["x"]?.repr == "('KeyError', ('k',), None)")
    }
}
