import Foundation
import Testing
@testable import ReturnnConfig

/// `subprocess` answers exactly `cf` (the RWTH cache manager; the path itself when it is not
/// installed) and `hostname`; every other program is refused, naming it.
@Suite struct SubprocessModuleTests {
    /// The `cf()` helper as real configs write it (returnn-experiments, i6 setups).
    static let cfHelper = """
        import os
        from subprocess import check_output, CalledProcessError
        _cf_cache = {}
        def cf(filename):
            if filename in _cf_cache:
                return _cf_cache[filename]
            try:
                cached_fn = check_output(["cf", filename]).strip().decode("utf8")
            except CalledProcessError:
                print("Cache manager: Error occured, using local file")
                return filename
            assert os.path.exists(cached_fn)
            _cf_cache[filename] = cached_fn
            return cached_fn
        """

    @Test func cacheManagerWithoutCfAnswersThePath() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("corpus.txt.gz").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: corpus))
        let box = OutputBox()
        let env = ConfigEnvironment(environment: ["PATH": dir.path], argv: ["returnn"], userName: "u", uid: 1) { box.lines.append($0) }
        let c = Config(environment: env)
        try c.load(text: "#!rnn.py\n" + Self.cfHelper + "\ntrain = {'corpus_file': cf(\(ValueFormatting.strRepr(corpus)))}\nh = check_output(['hostname']).strip().decode('utf8')\nt = check_output(['hostname'], universal_newlines=True)\n", filename: "c.config")
        #expect(c.typed["train"]?.repr == "{'corpus_file': \(ValueFormatting.strRepr(corpus))}")
        #expect(c.typed["h"]?.stringValue == SystemInfo.hostName())
        #expect(c.typed["t"]?.stringValue == SystemInfo.hostName() + "\n")
    }

    /// With a `cf` program installed, its output is the answer and a failure is a
    /// `CalledProcessError` the config can catch.
    @Test func installedCacheManagerRunsAndItsFailureIsCatchable() throws {
        let dir = makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cf = dir.appendingPathComponent("cf")
        try Data("#!/bin/sh\nif [ \"$1\" = bad ]; then exit 3; fi\necho /local/cache$1\n".utf8).write(to: cf)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cf.path)
        let box = OutputBox()
        let env = ConfigEnvironment(environment: ["PATH": dir.path], argv: ["returnn"], userName: "u", uid: 1) { box.lines.append($0) }
        let c = Config(environment: env)
        try c.load(text: "#!rnn.py\nfrom subprocess import check_output, CalledProcessError\nx = check_output(['cf', '/data/a.hdf']).strip().decode('utf8')\ntry:\n  check_output(['cf', 'bad'])\nexcept CalledProcessError as e:\n  y = (e.returncode, e.cmd)\n", filename: "c.config")
        #expect(c.typed["x"]?.repr == "'/local/cache/data/a.hdf'")
        #expect(c.typed["y"]?.repr == "(3, ['cf', 'bad'])")
    }

    @Test func otherProgramsAreRefusedByName() {
        for (src, program) in [("import subprocess\nsubprocess.check_output(['rm', '-rf', '/'])", "'rm -rf /'"),
                               ("import subprocess\nsubprocess.check_output('ls -l', shell=True)", "'ls -l'"),
                               ("import subprocess\nsubprocess.Popen(['sleep', '1'])", "'sleep'")] {
            let e = configError { _ = try loadPython(src) }
            #expect(e?.message.contains("a config can start no process") == true, "\(String(describing: e))")
            #expect(e?.message.contains(program) == true, "\(String(describing: e))")
            #expect(e?.location?.line == 3)
        }
    }
}
