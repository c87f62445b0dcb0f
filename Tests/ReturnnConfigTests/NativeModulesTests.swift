import Testing
@testable import ReturnnConfig

@Suite struct NativeModulesTests {
    @Test func whitelistedModules() throws {
        let c = try loadPython("""
            import os, pwd, sys, math
            from returnn.util.basic import get_login_username
            import returnn.util.basic
            from __future__ import print_function
            from returnn.config import get_global_config
            env = os.environ.get('SETUP', 'none')
            env2 = os.environ.get('NOT_SET', 'none')
            env3 = os.environ['HOME']
            uid = os.getuid()
            login = os.getlogin()
            pw = pwd.getpwuid(os.getuid())[0]
            user = get_login_username()
            user2 = returnn.util.basic.get_login_username()
            argv = sys.argv
            demo_name, _ = os.path.splitext(__file__)
            model = "/tmp/%s/returnn/%s/model" % (get_login_username(), demo_name)
            same = get_global_config().value('env', None)
            """)
        #expect(c.typed["env"]?.repr == "'x1'")
        #expect(c.typed["env2"]?.repr == "'none'")
        #expect(c.typed["env3"]?.repr == "'/home/tester'")
        #expect(c.typed["uid"]?.repr == "1234")
        #expect(c.typed["login"]?.repr == "'tester'")
        #expect(c.typed["pw"]?.repr == "'tester'")
        #expect(c.typed["user"]?.repr == "'tester'")
        #expect(c.typed["user2"]?.repr == "'tester'")
        #expect(c.typed["argv"]?.repr == "['returnn', 'test.config']")
        #expect(c.typed["model"]?.repr == "'/tmp/tester/returnn/test/model'")
        #expect(c.typed["same"]?.repr == "'x1'")
    }

    @Test func everythingElseIsRefusedWithALocation() {
        let cases: [(String, String)] = [
            ("import subprocess as sp\nsp.check_output(['ls', '-l'])", "a config can start no process; of all programs only 'cf' and 'hostname' are answered (through subprocess.check_output), not 'ls -l'"),
            ("import subprocess\nsubprocess.call(['rm', 'x'])", "subprocess.call: a config can start no process"),
            ("from TFUtil import x\ny = x(1)", "use of 'returnn.tf.util.basic.x' of module 'returnn.tf.util.basic' (imported at line 3) is not supported"),
            ("from returnn.datasets.generating import TimitDataset\nm = TimitDataset.get_label_map()",
             "use of 'returnn.datasets.generating.TimitDataset.get_label_map' of module 'returnn.datasets.generating'"),
            ("import tensorflow.compat.v1 as tf\nz = tf.zeros", "use of 'tensorflow.compat.v1.zeros'"),
            ("x = open('f', 'a')", "a config can write no file"),
            ("import gzip\nx = gzip.open('f.gz', 'wt')", "a config can write no file"),
            ("exec('x = 1')", "'exec' is not available in configs"),
            ("import os\nos.system('ls')", "'os.system' is not available in configs: a config can start no process"),
            ("import os\nos.makedirs('/tmp/x')", "'os.makedirs' is not available in configs: a config can write no file"),
            ("x = [].__class__.__bases__", "attribute access to internals ('__bases__')"),
            ("from tensorflow import *", "import *' is not supported for this module"),
            ("import returnn.import_", "import of 'returnn.import_' is not supported in configs"),
            ("import shutil\nshutil.copyfile('a', 'b')", "shutil.copyfile(): a config can write no file"),
        ]
        for (src, fragment) in cases {
            let e = configError { _ = try loadPython("\n" + src) }
            #expect(e?.message.contains(fragment) == true, "\(src): \(String(describing: e))")
            #expect((e?.location?.line ?? 0) >= 3, "\(src)")
        }
    }

    /// `globals()` is the live module namespace (demo-tf-hard-att-copy reads
    /// `globals()["config"]`; i6_core's configs end with `locals().update(**config)`).
    @Test func globalsIsTheLiveModuleNamespace() throws {
        let c = try loadPython("""
        a = 1
        g = globals()
        has_a = "a" in g and g["a"] == 1
        has_config = "config" in globals()
        g["b"] = 2
        has_b = "b" in globals()
        config = {"lr": 0.1, "net": {"out": 1}}
        locals().update(**config)
        globals().update({"c": 3})
        """)
        #expect(c.typed["has_a"]?.repr == "True")
        #expect(c.typed["has_b"]?.repr == "True")
        #expect(c.typed["has_config"]?.repr == "True")
        #expect(c.typed["lr"]?.repr == "0.1")
        #expect(c.typed["net"]?.repr == "{'out': 1}")
        #expect(c.typed["c"]?.repr == "3")
        let e = configError { _ = try loadPython("x = globals(1)") }
        #expect(e?.message.contains("globals()") == true, "\(String(describing: e))")
    }

    /// Upstream configs import modules they never use (numpy in demo-rhn-enwik8, TF inside
    /// functions the engine does not call): the import alone is no error, the use is.
    @Test func unusedUnavailableImportsAreHarmless() throws {
        let c = try loadPython("""
        import numpy
        from pprint import pprint
        import tensorflow as tf
        def custom(x):
            return tf.reduce_sum(x)
        lr = 0.01
        """)
        #expect(c.typed["lr"]?.repr == "0.01")
        let e = configError { _ = try c.function("custom")?.call([.int(1)], []) }
        #expect(e?.message.contains("use of 'tensorflow.reduce_sum' of module 'tensorflow' (imported at line 4)") == true,
                "\(String(describing: e))")
        #expect(e?.location?.line == 6)
    }
}
