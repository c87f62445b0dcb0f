import Foundation
import Testing
@testable import ReturnnConfig

/// `import` of the config's own helper modules (next to the config or on `sys.path`), old
/// RETURNN module names, and placeholders for modules the sandbox does not provide.
@Suite struct ModuleImporterTests {
    @Test func helperModulesNextToTheConfigAndOnSysPath() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lib/nets"), withIntermediateDirectories: true)
        try Data("""
            import os
            from nets.blocks import block
            def network_36(n):
                return {'l%d' % i: block(i) for i in range(n)}
            counter = [0]
            """.utf8).write(to: dir.appendingPathComponent("networks.py"))
        try Data("".utf8).write(to: dir.appendingPathComponent("lib/nets/__init__.py"))
        try Data("DIM = 512\ndef block(i):\n    return {'class': 'linear', 'n_out': DIM, 'from': 'l%d' % (i - 1) if i else 'data'}\n".utf8)
            .write(to: dir.appendingPathComponent("lib/nets/blocks.py"))
        let config = dir.appendingPathComponent("setup.config")
        try Data("""
            #!rnn.py
            import sys, os
            sys.path.insert(0, os.path.dirname(__file__) + '/lib')
            from networks import network_36
            import networks
            import nets.blocks
            network = network_36(2)
            networks.counter[0] += 1
            same = networks.counter
            dim = nets.blocks.DIM
            """.utf8).write(to: config)
        let c = Config(environment: testEnvironment())
        try c.load(file: config.path)
        #expect(c.typed["network"]?.repr == "{'l0': {'class': 'linear', 'n_out': 512, 'from': 'data'}, 'l1': {'class': 'linear', 'n_out': 512, 'from': 'l0'}}")
        #expect(c.typed["same"]?.repr == "[1]")
        #expect(c.typed["dim"]?.repr == "512")
    }

    @Test func errorsInHelperModulesNameTheirFile() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x = 1\ny = undefined_thing\n".utf8).write(to: dir.appendingPathComponent("broken.py"))
        try Data("import b\nA = 1\n".utf8).write(to: dir.appendingPathComponent("a.py"))
        try Data("import a\nB = 2\nseen = hasattr(a, 'A')\n".utf8).write(to: dir.appendingPathComponent("b.py"))
        let config = dir.appendingPathComponent("c.config")
        try Data("#!rnn.py\nimport broken\n".utf8).write(to: config)
        let e = configError { let c = Config(environment: testEnvironment()); try c.load(file: config.path) }
        #expect(e?.location?.file.hasSuffix("broken.py") == true, "\(String(describing: e))")
        #expect(e?.location?.line == 2)
        // A circular import sees the partly initialised module, as in Python.
        try Data("#!rnn.py\nimport a, b\nx = (a.A, b.B, b.seen)\n".utf8).write(to: config)
        let c = Config(environment: testEnvironment())
        try c.load(file: config.path)
        #expect(c.typed["x"]?.repr == "(1, 2, False)")
    }

    @Test func oldModuleNamesAreTheSameObjects() throws {
        let c = try loadPython("""
            import Util, returnn.util.basic as basic
            from TFUtil import get_shape, DimensionTag as DT
            from Pretrain import WrapEpochValue
            from returnn.pretrain import WrapEpochValue as W2
            same = Util is basic and WrapEpochValue is W2
            w = WrapEpochValue(lambda epoch: epoch * 2).get_value(3)
            n = (Util.NumbersDict(5), Util.NumbersDict({'data': 10}))
            """)
        #expect(c.typed["same"]?.repr == "True")
        #expect(c.typed["w"]?.repr == "6")
        #expect(c.typed["n"]?.repr == "(5, {'data': 10})")
    }

    @Test func modulesTheSandboxLacksImportButRefuseUse() throws {
        let c = try loadPython("""
            import tensorflow as tf
            from returnn.tf.util.basic import where_bc
            try:
                import horovod.tensorflow as hvd
                hvd.init()
            except ImportError:
                hvd = None
            def custom(source, **kwargs):
                return tf.reduce_mean(source(0), axis=-1)
            network = {'out': {'class': 'eval', 'eval': custom}}
            """)
        #expect(c.typed["hvd"]?.isNone == true)
        let e = configError { _ = try loadPython("import tensorflow as tf\nx = tf.float32") }
        #expect(e?.message.contains("use of 'tensorflow.float32' of module 'tensorflow' (imported at line 2) is not supported in configs") == true, "\(String(describing: e))")
        #expect(e?.location?.line == 3)
    }
}

/// The hooks the network uses to run config code in `eval` layers: a provider for names of
/// modules the sandbox lacks, and evaluating an expression over the config's globals.
@Suite struct ModuleProviderTests {
    @Test func providerAnswersPlaceholderNamesWhileSet() throws {
        let c = try loadPython("""
            import tensorflow as tf
            from TFUtil import where_bc
            def transform(x):
                return tf.reduce_sum(x) + where_bc(x)
            """)
        let before = configError { _ = try c.evaluate("transform(3)", locals: [], location: SourceLocation(file: "eval", line: 1, column: 1)) }
        #expect(before?.message.contains("use of 'tensorflow.reduce_sum'") == true, "\(String(describing: before))")
        c.setModuleProvider { name in
            switch name {
            case "tensorflow.reduce_sum": return ConfigValue(.function(ConfigFunction(name: "reduce_sum") { a, _ in .int((a[0].intValue ?? 0) * 10) }))
            case "returnn.tf.util.basic.where_bc": return ConfigValue(.function(ConfigFunction(name: "where_bc") { a, _ in a[0] }))
            default: return nil
            }
        }
        let v = try c.evaluate("transform(x) + 1", locals: [("x", .int(3))], location: SourceLocation(file: "eval", line: 1, column: 1))
        #expect(v.repr == "34")
        let missing = configError { _ = try c.evaluate("tf.nope", locals: [], location: SourceLocation(file: "eval", line: 1, column: 1)) }
        #expect(missing?.message.contains("use of 'tensorflow.nope'") == true)
        c.setModuleProvider(nil)
        #expect(configError { _ = try c.evaluate("transform(3)", locals: [], location: SourceLocation(file: "eval", line: 1, column: 1)) } != nil)
    }
}
