import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a TensorBoard event file, `events.out.tfevents.<unix time>.<hostname>` in a directory
/// (the name `tf.summary.FileWriter` gives it): TFRecord-framed `Event` protos, starting with the
/// `file_version` event. Events are buffered and written out by `flush()`, when the buffer passes
/// 1 MiB or 30 s have passed since the last write, and by `close()`.
public final class EventFileWriter {
    /// The event file.
    public let path: String
    /// `source_metadata.writer` of the first event.
    public let writerName: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var lastFlush = Date()
    /// Buffered bytes that trigger a write.
    static let flushBytes = 1 << 20
    /// Seconds after which buffered events are written at the next event.
    static let flushSeconds = 30.0

    /// Creates `directory` if needed and the event file in it, and writes the `file_version`
    /// event stamped `wallTime` (seconds since 1970; its integer part goes into the name).
    public init(directory: String, wallTime: Double = Date().timeIntervalSince1970, hostname: String = EventFileWriter.hostname(),
                writerName: String = "swift-returnn") throws
    {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw TFFormatError(.io, "cannot create the TensorBoard log directory \(directory): \(error.localizedDescription) (set tf_log_dir to a writable directory, or tf_log_dir = None to write no event files)")
        }
        var path = (directory as NSString).appendingPathComponent("events.out.tfevents.\(Int(wallTime)).\(hostname)")
        var fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 && errno == EEXIST {
            path += ".\(getpid())"
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else {
            throw TFFormatError(.io, "cannot create the TensorBoard event file \(path): \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.path = path
        self.writerName = writerName
        try add(TensorBoardEvent(wallTime: wallTime, step: 0, fileVersion: TensorBoardEvent.fileVersion, writer: writerName))
        try flush()
    }

    deinit { close() }

    /// Appends one event (written out by the next flush).
    public func add(_ event: TensorBoardEvent) throws {
        precondition(fd >= 0, "EventFileWriter: add after close")
        buffer.append(contentsOf: TFRecord.frame(try event.serialized()))
        if buffer.count >= Self.flushBytes || Date().timeIntervalSince(lastFlush) >= Self.flushSeconds { try flush() }
    }

    /// Appends an event with scalar `values` at `step`.
    public func addScalars(step: Int, wallTime: Double = Date().timeIntervalSince1970, _ values: [(String, Float)]) throws {
        try add(TensorBoardEvent(wallTime: wallTime, step: step, scalars: values.map { TensorBoardEvent.Scalar(tag: $0.0, value: $0.1) }))
    }

    /// Writes the buffered events to the file.
    public func flush() throws {
        lastFlush = Date()
        guard fd >= 0, !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        try buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw TFFormatError(.io, "cannot write the TensorBoard event file \(path): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    /// Flushes (errors ignored) and closes the file; later calls do nothing.
    public func close() {
        guard fd >= 0 else { return }
        try? flush()
        systemClose(fd)
        fd = -1
    }

    /// The machine's host name (`gethostname`), as upstream puts it into event file names.
    public static func hostname() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count - 1) == 0 else { return "localhost" }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The C `close` (a free function, so that `EventFileWriter.close` does not shadow it).
private func systemClose(_ fd: Int32) {
    _ = close(fd)
}
