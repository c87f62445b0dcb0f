import Foundation
import Testing
@testable import ReturnnConfig

/// `os` and `os.path`: path strings as CPython's posixpath, read-only file system queries, and
/// `os.environ` as the config's own copy of the environment.
@Suite struct OsModuleTests {
    @Test func pathFunctions() {
        #expect(OsModule.join(["a", "b"]) == "a/b")
        #expect(OsModule.join(["a/", "b"]) == "a/b")
        #expect(OsModule.join(["a", "/b", "c"]) == "/b/c")
        #expect(OsModule.splitext("demos/x.12ax.config") == ("demos/x.12ax", ".config"))
        #expect(OsModule.splitext("a.b/c") == ("a.b/c", ""))
        #expect(OsModule.splitext("..x") == ("..x", ""))
        #expect(OsModule.dirname("/") == "/")
        #expect(OsModule.dirname("a/b/") == "a/b")
        #expect(OsModule.normpath("") == ".")
        #expect(OsModule.normpath("a/..") == ".")
        #expect(OsModule.normpath("../a/../../b") == "../../b")
        #expect(OsModule.expanduser("~/x", home: "/home/u") == "/home/u/x")
        #expect(OsModule.expanduser("~user/x", home: "/home/u") == "~user/x")
        #expect(OsModule.expanduser("a/~", home: "/home/u") == "a/~")
    }

    @Test func readOnlyFileSystemQueries() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("12345".utf8).write(to: dir.appendingPathComponent("f.txt"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: dir.appendingPathComponent("f.txt").path)
        let d = dir.path
        let c = try loadPython("""
            import os
            d = \(ValueFormatting.strRepr(d))
            x = (os.path.exists(d + '/f.txt'), os.path.exists(d + '/nope'), os.path.isfile(d + '/f.txt'), os.path.isfile(d + '/sub'),
                 os.path.isdir(d + '/sub'), os.path.islink(d + '/link'), os.path.getsize(d + '/f.txt'), os.listdir(d),
                 os.path.realpath(d + '/link') == os.path.realpath(d + '/f.txt'), os.path.abspath('rel') == os.path.join(os.getcwd(), 'rel'),
                 os.path.lexists(d + '/link'))
            """)
        #expect(c.typed["x"]?.repr == "(True, False, True, False, True, True, 5, ['f.txt', 'link', 'sub'], True, True, True)")
        let e = configError { _ = try loadPython("import os\nos.path.getsize('/no/such/file')") }
        #expect(e?.message == "[Errno 2] No such file or directory: '/no/such/file'")
        #expect(e?.location?.line == 3)
        let e2 = configError { _ = try loadPython("import os\nx = os.listdir('/no/such/dir')") }
        #expect(e2?.message.contains("No such file or directory") == true)
        let caught = try loadPython("import os\ntry:\n  os.path.getsize('/no/such')\nexcept FileNotFoundError:\n  x = 'fnf'\nexcept OSError:\n  x = 'os'")
        #expect(caught.typed["x"]?.repr == "'fnf'")
    }

    /// `os.environ` reads the environment; writes change what the config sees, not the process.
    @Test func environIsTheConfigsCopy() throws {
        let c = try loadPython("""
            import os
            a = os.environ['SETUP']
            b = 'SETUP' in os.environ and 'NOPE' not in os.environ
            os.environ['TF_CPP_MIN_LOG_LEVEL'] = '2'
            os.environ.setdefault('OMP_NUM_THREADS', '4')
            c = (os.environ.get('TF_CPP_MIN_LOG_LEVEL'), os.getenv('OMP_NUM_THREADS'), sorted(os.environ.keys()))
            d = os.path.expandvars('$SETUP/${SETUP}/$NOPE')
            e = os.path.expanduser('~/data')
            from returnn.util.basic import cleanup_env_var_path
            os.environ['LD_LIBRARY_PATH'] = '/opt/a:/usr/lib:/opt/a/b'
            cleanup_env_var_path('LD_LIBRARY_PATH', '/opt/a')
            f = os.environ['LD_LIBRARY_PATH']
            """)
        #expect(c.typed["a"]?.repr == "'x1'")
        #expect(c.typed["b"]?.repr == "True")
        #expect(c.typed["c"]?.repr == "('2', '4', ['HOME', 'OMP_NUM_THREADS', 'SETUP', 'TF_CPP_MIN_LOG_LEVEL'])")
        #expect(c.typed["d"]?.repr == "'x1/x1/$NOPE'")
        #expect(c.typed["e"]?.repr == "'/home/tester/data'")
        #expect(c.typed["f"]?.repr == "'/usr/lib'")
        #expect(ProcessInfo.processInfo.environment["TF_CPP_MIN_LOG_LEVEL"] == nil)
        let e = configError { _ = try loadPython("import os\nx = os.environ['NOPE']") }
        #expect(e?.message.contains("'NOPE' is not set in the environment") == true)
    }
}
