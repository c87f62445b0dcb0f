import Foundation

extension FileHandle {
    /// Writes `text` as UTF-8 to this stream (stdout, stderr, a log file), ignoring a failed
    /// write. Foundation's `write(_: Data)` stops the process with a trap when the write fails
    /// (a full disk under a redirected log, a closed descriptor); log and error output must not
    /// turn such a failure into a crash.
    public func writeOutput(_ text: String) {
        try? write(contentsOf: Data(text.utf8))
    }
}
