import Foundation
import Testing

/// Every file the binary writes atomically leaves nothing behind when the disk is full: the
/// command exits non-zero with a message, the temporary file is gone and earlier files are
/// unchanged. A full disk is made without privileges in two ways: a file-size limit
/// (`RLIMIT_FSIZE`, with SIGXFSZ ignored: a write past it fails with EFBIG like one on a full
/// disk), or a temporary file name that is a link to /dev/full (writes fail with ENOSPC).
@Suite(.serialized, .enabled(if: FileSizeLimit.supported, "needs Linux with prlimit, bash and /dev/full"))
struct FullDiskTests {
    static func run(_ args: [String], fileSizeLimit bytes: Int, environment: [String: String] = [:])
        throws -> (reason: Process.TerminationReason, status: Int32, stderr: String) {
        try FileSizeLimit.run(args, fileSizeLimit: bytes, environment: environment)
    }

    static func files(_ dir: URL) -> [String] { DemosTests.files(dir) }

    static func bytes(_ dir: URL, _ names: [String]) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for n in names { out[n] = try Data(contentsOf: dir.appendingPathComponent(n)) }
        return out
    }

    /// A small training config (12AX, a hidden layer; its checkpoint files are larger than the
    /// learning-rate file) writing into $OUT.
    static let trainConfig = """
        #!returnn.py
        import os
        train = {"class": "Task12AXDataset", "num_seqs": 20}
        dev = {"class": "Task12AXDataset", "num_seqs": 5, "fixed_random_seed": 1}
        num_inputs = 9
        num_outputs = 2
        batch_size = 500
        max_seqs = 5
        network = {
            "hidden": {"class": "linear", "activation": "tanh", "n_out": 50, "from": "data"},
            "output": {"class": "softmax", "loss": "ce", "n_out": 2, "from": "hidden"},
        }
        optimizer = {"class": "adam"}
        learning_rate = 0.01
        model = os.environ["OUT"] + "/model"
        learning_rate_file = os.environ["OUT"] + "/lr"
        num_epochs = 2
        log_verbosity = 2
        tf_log_dir = None
        """

    /// `dump-dataset --type hdf`: the HDF writer's temporary file is removed, no output appears.
    @Test func hdfDumpOnAFullDisk() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.hdf").path
        let r = try Self.run(["dump-dataset", "{'class': 'Task12AXDataset', 'num_seqs': 2000}", "--type", "hdf", "--out", out],
                             fileSizeLimit: 16_384)
        #expect(r.reason == .exit && r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("returnn dump-dataset: error: HDF file \(out): writing failed, the file was not written: ") &&
                r.stderr.contains("File too large; check free disk space"), "\(r.stderr)")
        #expect(Self.files(dir).isEmpty, "\(Self.files(dir))")
    }

    /// The `forward` task's HDF output: nothing is left behind.
    @Test func forwardOutputOnAFullDisk() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("fwd.hdf").path
        let r = try Self.run([DemosTests.demo("forward.config"), "++model", dir.path + "/model", "++output_file", out,
                              "++eval", "{'class': 'DummyDataset', 'num_seqs': 2000, 'input_dim': 2, 'output_dim': 3, 'seq_len': 5}"],
                             fileSizeLimit: 16_384)
        #expect(r.reason == .exit && r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("returnn: error: HDF file \(out): writing failed, the file was not written: ") &&
                r.stderr.contains("File too large; check free disk space"), "\(r.stderr)")
        #expect(Self.files(dir).isEmpty, "\(Self.files(dir))")
    }

    /// Training whose second checkpoint does not fit: the first epoch's models stay byte for byte,
    /// no temporary file is left, and the error says what to check.
    @Test func checkpointOnAFullDisk() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("train.config")
        try Self.trainConfig.write(to: cfg, atomically: false, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let first = try DemosTests.run([cfg.path, "++num_epochs", "1"], environment: ["OUT": out.path])
        #expect(first.status == 0, "\(first.stderr)")
        let epoch1 = ["lr", "model.001.opt.safetensors", "model.001.safetensors"]
        #expect(Self.files(out) == epoch1)
        let before = try Self.bytes(out, epoch1)
        // Below the size of a checkpoint file, above the learning-rate file.
        let limit = before["model.001.safetensors"]!.count - 1
        #expect(before["lr"]!.count < limit)
        let r = try Self.run([cfg.path], fileSizeLimit: limit, environment: ["OUT": out.path])
        #expect(r.reason == .exit && r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("model.002") && r.stderr.contains("File too large"), "\(r.stderr)")
        #expect(Self.files(out) == epoch1)
        let models = ["model.001.opt.safetensors", "model.001.safetensors"]
        #expect(try Self.bytes(out, models) == before.filter { models.contains($0.key) })
        // The learning-rate file is written before the model: it has epoch 2's train score.
        let lr = try String(contentsOf: out.appendingPathComponent("lr"), encoding: .utf8)
        #expect(lr.hasPrefix(String(decoding: before["lr"]!.dropLast(2), as: UTF8.self) + "2: EpochData("), "\(lr)")
    }

    /// The learning-rate file on a full disk: the `.new_tmp` file is removed (it stayed behind,
    /// empty, before), the error names the file and the reason.
    @Test func learningRateFileOnAFullDisk() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("train.config")
        try Self.trainConfig.write(to: cfg, atomically: false, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: out.path + "/lr.new_tmp", withDestinationPath: "/dev/full")
        let r = try DemosTests.run([cfg.path], environment: ["OUT": out.path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("learning_rate_file: cannot write '\(out.path)/lr.new_tmp': No space left on device"), "\(r.stderr)")
        #expect(!Self.files(out).contains { $0.contains("tmp") }, "\(Self.files(out))")
    }

    /// The log on stdout, redirected to a file on a full disk (as Sisyphus does): the lines that
    /// do not fit are lost, the training itself goes on (it stopped with a trap before).
    @Test func logOnAFullDisk() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = dir.appendingPathComponent("train.config")
        try Self.trainConfig.replacingOccurrences(of: "log_verbosity = 2", with: "log_verbosity = 5")
            .replacingOccurrences(of: "\"num_seqs\": 20}", with: "\"num_seqs\": 200}")
            .write(to: cfg, atomically: false, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let log = dir.appendingPathComponent("stdout.log")
        let r = try FileSizeLimit.run([cfg.path], fileSizeLimit: 8_192, environment: ["OUT": out.path], stdout: log)
        #expect(r.reason == .exit && r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: log).count == 8_192)
        #expect(Self.files(out) == ["lr", "model.001.opt.safetensors", "model.001.safetensors", "model.002.opt.safetensors",
                                    "model.002.safetensors"])
    }

    /// An address-space limit (`ulimit -v`, as grid engines set for `h_vmem`) is the memory
    /// budget when it is the smallest: a parameter that fits the machine but not the limit is
    /// refused at construction, before it is allocated.
    @Test func parameterBeyondTheAddressSpaceLimit() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try FileSizeLimit.run([DemosTests.demo("12ax.config"), "++model", dir.path + "/model", "++tf_log_dir", "None",
                                       "++network", "{'fw0': {'class': 'linear', 'n_out': 10**8, 'from': 'data'}, "
                                           + "'output': {'class': 'softmax', 'loss': 'ce', 'from': ['fw0']}}"],
                                      limits: ["--as=\(2 << 30)"])
        #expect(r.reason == .exit && r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("layer 'fw0': parameter 'fw0/W' of shape [9, 100000000] needs 3.4 GB as float32 (n_out 100000000), " +
                                  "more than the 2.0 GB of address-space limit (ulimit -v); make the layer smaller"), "\(r.stderr)")
    }

    /// `returnn plot`: the SVG's temporary file is removed.
    @Test func plotOnAFullDisk() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lr = dir.appendingPathComponent("lr")
        try PlotCommandTests.file.write(to: lr, atomically: false, encoding: .utf8)
        let svg = dir.appendingPathComponent("lr.svg").path
        try FileManager.default.createSymbolicLink(atPath: svg + ".tmp_write", withDestinationPath: "/dev/full")
        let r = try ReturnnCLITests.run(["plot", lr.path, "-o", svg])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(Self.files(dir) == ["lr"])
    }
}

/// Runs the binary under a file-size limit (`RLIMIT_FSIZE`, set with util-linux `prlimit`).
enum FileSizeLimit {
    /// Whether the tools are there (Linux).
    static let supported = ["/dev/full", "/bin/bash"].allSatisfy { FileManager.default.fileExists(atPath: $0) } && prlimit != nil

    static var prlimit: String? {
        ["/usr/bin/prlimit", "/bin/prlimit"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `returnn args` with files limited to `bytes`; with `ignoreSignal` a write past the
    /// limit fails (EFBIG, as on a full disk), without it the kernel kills the process inside
    /// that write (SIGXFSZ; no handler runs, as with `kill -9` at that point).
    static func run(_ args: [String], fileSizeLimit bytes: Int, ignoreSignal: Bool = true, environment: [String: String] = [:],
                    stdout: URL? = nil) throws -> (reason: Process.TerminationReason, status: Int32, stderr: String) {
        try run(args, limits: ["--fsize=\(bytes):\(bytes)"], ignoreSignal: ignoreSignal, environment: environment, stdout: stdout)
    }

    /// Runs `returnn args` under the `prlimit` options `limits` (e.g. `--as=BYTES`).
    static func run(_ args: [String], limits: [String], ignoreSignal: Bool = true, environment: [String: String] = [:],
                    stdout: URL? = nil) throws -> (reason: Process.TerminationReason, status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        // The signal's disposition is set explicitly: a test runner may have it ignored.
        let disposition = ignoreSignal ? "trap '' XFSZ; exec " : "exec env --default-signal=XFSZ "
        p.arguments = ["-c", disposition + "\"$0\" \(limits.joined(separator: " ")) --core=0:0 -- \"$@\"", prlimit!,
                       try ReturnnCLITests.binary().path] + args
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        p.environment = env
        if let stdout {
            _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
            p.standardOutput = try FileHandle(forWritingTo: stdout)
        } else {
            p.standardOutput = FileHandle.nullDevice
        }
        let err = Pipe()
        p.standardError = err
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationReason, p.terminationStatus, String(decoding: e, as: UTF8.self))
    }

}
