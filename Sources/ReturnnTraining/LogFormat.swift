import Foundation

/// How one log target formats a record (RETURNN's `log_format`: `default`, `timed`, `raw`,
/// `verbose`; unknown names fall back to `default`, as upstream).
public enum LogFormat: String, Sendable, CaseIterable {
    /// The message only.
    case `default`
    /// `<asctime> <message>`.
    case timed
    /// The message only.
    case raw
    /// `<LEVEL> - <asctime> <message>`.
    case verbose

    /// The format named `name`, or `default` for unknown names.
    public init(name: String) { self = LogFormat(rawValue: name) ?? .default }

    /// Upstream's level name of a stream: v0 ERROR, v1/v2 INFO, v3-v5 DEBUG.
    public static func levelName(stream: Int) -> String {
        switch stream {
        case 0: return "ERROR"
        case 1, 2: return "INFO"
        default: return "DEBUG"
        }
    }

    /// Upstream's `asctime` with datefmt `%Y-%m-%d,%H:%M:%S.%MS` in local time. The `%MS` is
    /// upstream's quirk: minutes followed by a literal `S` (kept for identical log files).
    public static func asctime(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var tmv = tm()
        localtime_r(&t, &tmv)
        var buf = [Int8](repeating: 0, count: 64)
        _ = strftime(&buf, buf.count, "%Y-%m-%d,%H:%M:%S.%MS", &tmv)
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The formatted record for `message` from stream `stream` at `date`.
    public func format(_ message: String, stream: Int, date: Date) -> String {
        switch self {
        case .default, .raw: return message
        case .timed: return LogFormat.asctime(date) + " " + message
        case .verbose: return LogFormat.levelName(stream: stream) + " - " + LogFormat.asctime(date) + " " + message
        }
    }
}
