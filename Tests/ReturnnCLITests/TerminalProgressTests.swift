import Foundation
import Testing

/// The live progress line of training, end to end: drawn with `\r` on a terminal (a pseudo
/// terminal here), never written to the log file or to a stdout that is not a terminal.
@Suite(.serialized) struct TerminalProgressTests {
    static let config = """
        #!rnn.py
        train = {"class": "Task12AXDataset", "num_seqs": 300}
        dev = {"class": "Task12AXDataset", "num_seqs": 20, "fixed_random_seed": 1}
        num_inputs = 9
        num_outputs = 2
        batch_size = 500
        max_seqs = 5
        network = {"output": {"class": "softmax", "loss": "ce", "from": "data"}}
        learning_rate = 0.01
        num_epochs = 1
        log = ["./returnn.log"]
        log_verbosity = 3
        """

    /// Runs `returnn returnn.config` in `dir` with stdout and stderr on a new pseudo terminal of
    /// 120 columns; returns the exit status and everything the terminal received.
    static func runOnTerminal(in dir: URL) throws -> (status: Int32, text: String) {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else {
            throw ReturnnCLITests.CLIError(description: "cannot open a pseudo terminal (errno \(errno))")
        }
        let p = Process()
        p.executableURL = try ReturnnCLITests.binary()
        p.arguments = ["returnn.config"]
        p.currentDirectoryURL = dir
        let slaveHandle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        p.standardOutput = slaveHandle
        p.standardError = slaveHandle
        try p.run()
        try slaveHandle.close()
        // Read until the child's side is closed (EIO once no process holds the slave).
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(master, &buf, buf.count)
            if n <= 0 { break }
            bytes += buf[0..<n]
        }
        p.waitUntilExit()
        close(master)
        return (p.terminationStatus, String(decoding: bytes, as: UTF8.self))
    }

    @Test func progressLineOnTerminalOnly() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.config.write(to: dir.appendingPathComponent("returnn.config"), atomically: false, encoding: .utf8)

        let tty = try Self.runOnTerminal(in: dir)
        #expect(tty.status == 0, "\(tty.text)")
        // Drawn in place: `\r`, the line, erase-to-end-of-line; the first step is drawn at once.
        #expect(tty.text.contains("\rtrain epoch 1, step 1/~"), "\(tty.text)")
        #expect(tty.text.contains(" frames/s, elapsed 0:00:"))
        #expect(tty.text.contains("%"))
        // Erased before the finish line, which starts a clean line.
        #expect(tty.text.contains("\r\u{1B}[Ktrain epoch 1, finished after "), "\(tty.text)")
        // No progress line is wider than the terminal (120 columns): it would wrap and `\r` could not erase it.
        for segment in tty.text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }) where segment.contains("frames/s, elapsed") {
            #expect(segment.replacingOccurrences(of: "\u{1B}[K", with: "").count < 120, "\(segment)")
        }
        let logFile = try String(contentsOf: dir.appendingPathComponent("returnn.log"), encoding: .utf8)
        #expect(logFile.contains("train epoch 1, finished after "))
        #expect(!logFile.contains("\r") && !logFile.contains("frames/s, elapsed") && !logFile.contains("\u{1B}"))

        // The same run with stdout in a pipe (as under i6_core, or `| tee`): no progress line.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("returnn.log"))
        let piped = try ReturnnCLITests.run(["returnn.config"], cwd: dir)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("train epoch 1, finished after "))
        #expect(!piped.stdout.contains("\r") && !piped.stdout.contains("frames/s, elapsed") && !piped.stdout.contains("\u{1B}"))
    }
}
