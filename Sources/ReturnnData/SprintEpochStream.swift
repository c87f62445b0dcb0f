import Foundation

/// One RASR child feeding one epoch of `ExternSprintDataset`: a reader thread takes the child's
/// messages and buffers the segments until the training thread asks (upstream's
/// `_reader_thread_proc`); the dataset turns them into sequences on its own thread. The reader stays at most `maxAhead`
/// sequences ahead of the highest one requested, so RASR extracts features while we train.
///
/// Failures (the child dies, sends bad data, or sends nothing for `timeout` seconds while we wait)
/// become one `DatasetError` naming the command, the exit status and the child's last output lines.
final class SprintEpochStream: @unchecked Sendable {
    /// Upstream's `SprintCachedSeqsMax`.
    static let maxAhead = 200

    let child: SprintChildProcess
    let dataset: String
    let epoch: Int?
    private let cond = NSCondition()
    private var seqs: [Int: SprintSegment] = [:]
    private var received = 0
    private var requestedEnd = 0
    private var finished = false
    private var stopping = false
    private var readerDone = false
    private var failure: DatasetError?
    private var initMessage: (inputDim: Int, outputDim: Int, names: [String], times: [Double])?

    /// Starts reading from `child`; with `stopAfter`, the reader ends after that many segments.
    init(child: SprintChildProcess, dataset: String, epoch: Int?, stopAfter: Int? = nil) {
        self.child = child
        self.dataset = dataset
        self.epoch = epoch
        // The thread holds the stream until it ends; owners call `stop()` to end it early.
        let thread = Thread { self.run(stopAfter: stopAfter) }
        thread.name = "ExternSprintDataset reader"
        thread.start()
    }

    private func run(stopAfter: Int?) {
        var sawExit = false
        do {
            while let message = try child.reader.next() {
                cond.lock()
                let stop = stopping
                cond.unlock()
                if stop { break }
                switch message {
                case .initialize(let inputDim, let outputDim, let names, let times):
                    cond.lock()
                    initMessage = (inputDim, outputDim, names, times)
                    cond.broadcast()
                    cond.unlock()
                case .data(let segment):
                    guard initMessage != nil else {
                        throw failure("sent a segment before its init message")
                    }
                    cond.lock()
                    while received >= requestedEnd + Self.maxAhead && !stopping { cond.wait() }
                    seqs[received] = segment
                    received += 1
                    cond.broadcast()
                    let enough = stopAfter.map { received >= $0 } ?? false
                    cond.unlock()
                    if enough { return finish(error: nil, complete: true) }
                case .exit:
                    sawExit = true
                }
            }
            cond.lock()
            let stop = stopping
            cond.unlock()
            if stop { return finish(error: nil, complete: false) }
            let status = child.wait()
            if SprintChildProcess.isSuccess(status) {
                finish(error: nil, complete: true)
            } else {
                finish(error: failure("\(SprintChildProcess.describe(status: status))\(sawExit ? " after sending all segments" : "")"),
                       complete: false)
            }
        } catch let e as DatasetError {
            child.kill()
            let status = child.wait()
            cond.lock()
            let stop = stopping
            cond.unlock()
            if stop { return finish(error: nil, complete: false) }
            var message = e.description
            if case .unavailable(_, let m) = e { message = m }
            finish(error: failure("\(message) (the child \(SprintChildProcess.describe(status: status)))"), complete: false)
        } catch {
            child.kill()
            finish(error: failure("\(error)"), complete: false)
        }
    }

    private func finish(error: DatasetError?, complete: Bool) {
        cond.lock()
        if failure == nil { failure = error }
        finished = complete && error == nil
        readerDone = true
        cond.broadcast()
        cond.unlock()
    }

    /// An error about the child, with its command, segment count and last output lines.
    func failure(_ what: String) -> DatasetError {
        let tail = child.outputTail()
        let shown = tail.isEmpty ? " It printed nothing." : " Its last output lines:\n    " + tail.joined(separator: "\n    ")
        return .unavailable(dataset: dataset, message: "the Sprint child process (pid \(child.pid), epoch \(epoch.map(String.init) ?? "none"), `\(child.arguments.joined(separator: " "))`) \(what); \(received) segments were received.\(shown)")
    }

    /// Waits for the init message (the dimensions and the corpus' segment list).
    func waitForInit(timeout: Double?) throws -> (inputDim: Int, outputDim: Int, names: [String], times: [Double]) {
        cond.lock()
        defer { cond.unlock() }
        let deadline = timeout.map { Date(timeIntervalSinceNow: $0) }
        while initMessage == nil {
            if let failure { throw failure }
            if readerDone {
                throw failure("ended without sending its init message (RASR calls init at its first segment: is the corpus or the selected partition empty?)")
            }
            if let deadline {
                if !cond.wait(until: deadline) && initMessage == nil && failure == nil && !readerDone { throw hang(timeout!) }
            } else {
                cond.wait()
            }
        }
        return initMessage!
    }

    /// Waits until sequence `idx` arrived (true) or the epoch ended before it (false); throws the
    /// child's failure, or a hang after `timeout` seconds without a new sequence.
    func waitFor(_ idx: Int, timeout: Double?) throws -> Bool {
        cond.lock()
        defer { cond.unlock() }
        if idx + 1 > requestedEnd { requestedEnd = idx + 1; cond.broadcast() }
        var lastReceived = received
        var deadline = timeout.map { Date(timeIntervalSinceNow: $0) }
        while received <= idx {
            if let failure { throw failure }
            if readerDone { return false }
            if let d = deadline, !cond.wait(until: d) {
                if received == lastReceived && failure == nil && !readerDone { throw hang(timeout!) }
                lastReceived = received
                deadline = Date(timeIntervalSinceNow: timeout!)
            } else if deadline == nil {
                cond.wait()
            }
        }
        return true
    }

    private func hang(_ timeout: Double) -> DatasetError {
        stopping = true
        cond.unlock()
        child.kill()
        let e = failure("sent nothing for \(Int(timeout)) s and was killed (a hang? raise the dataset option 'child_timeout' if RASR is just slow)")
        cond.lock()
        failure = e
        return e
    }

    /// Segment `idx` (after `waitFor` returned true and before `drop` removed it).
    func segment(_ idx: Int) -> SprintSegment? {
        cond.lock()
        defer { cond.unlock() }
        return seqs[idx]
    }

    /// Frees the sequences before `start`.
    func drop(before start: Int) {
        cond.lock()
        for k in seqs.keys where k < start { seqs[k] = nil }
        if start > requestedEnd { requestedEnd = start }
        cond.broadcast()
        cond.unlock()
    }

    /// Sequences received so far; whether the epoch is complete (every segment arrived, the child exited 0).
    var progress: (received: Int, complete: Bool) {
        cond.lock()
        defer { cond.unlock() }
        return (received, finished)
    }

    /// Stops the child (SIGKILL unless it already finished, as upstream) and waits for the reader.
    func stop() {
        cond.lock()
        stopping = true
        cond.broadcast()
        cond.unlock()
        // A child that has not exited yet is killed (upstream kills one that did not finish its epoch;
        // one that did has already been reaped by the reader).
        if child.exitStatusIfExited() == nil { child.kill() }
        cond.lock()
        while !readerDone { cond.wait() }
        cond.unlock()
        child.wait()
    }
}
