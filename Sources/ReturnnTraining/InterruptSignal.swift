import Dispatch
import Foundation

/// Turns SIGINT (Ctrl-C) and SIGTERM into a flag the training loop checks between steps, so a run
/// stops cleanly: the current step finishes, nothing half-written is left, and the last complete
/// model stays the newest one.
public final class InterruptSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var raised: Int32?
    private var sources: [DispatchSourceSignal] = []

    /// Installs handlers for SIGINT and SIGTERM (a second Ctrl-C exits at once).
    public init(signals: [Int32] = [SIGINT, SIGTERM]) {
        for sig in signals {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            src.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.lock()
                let again = self.raised != nil
                self.raised = sig
                self.lock.unlock()
                if again { exit(128 + sig) }
                FileHandle.standardError.writeOutput("\nreturnn: got signal \(sig), stopping after the current step (again to quit now)\n")
            }
            src.resume()
            sources.append(src)
        }
    }

    /// An instance that never fires (tests, library use).
    public static func none() -> InterruptSignal { InterruptSignal(signals: []) }

    /// The signal received, if any.
    public var signalNumber: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }

    /// Raises the flag by hand (tests).
    public func raise(_ sig: Int32 = SIGINT) {
        lock.lock()
        raised = sig
        lock.unlock()
    }
}

/// Training stopped by a signal.
public struct Interrupted: Error, CustomStringConvertible {
    /// The signal.
    public let signalNumber: Int32
    /// Where it stopped.
    public let message: String
    /// Shell convention: 128 + signal.
    public var exitCode: Int32 { 128 + signalNumber }
    /// The message.
    public var description: String { message }
}
