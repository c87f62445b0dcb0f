import Foundation
import Logging

/// A swift-log handler printing RETURNN's log format through a `LogSink`.
///
/// RETURNN's streams map to swift-log levels: v0 (errors) `.error`, v1 `.warning`, v2 `.notice`,
/// v3 `.info`, v4 `.debug`, v5 `.trace`. Each target shows the streams up to its verbosity.
public struct ReturnnLogHandler: LogHandler {
    /// The writer shared by all copies of the handler.
    public let sink: LogSink
    /// Metadata (not printed; RETURNN's formats have none).
    public var metadata: Logger.Metadata = [:]
    /// Lowest level passed to the sink (the least verbose target still filters per target).
    public var logLevel: Logger.Level

    /// Creates a handler over `sink`.
    public init(sink: LogSink) {
        self.sink = sink
        self.logLevel = ReturnnLogHandler.level(forStream: max(0, sink.maxVerbosity))
    }

    /// The swift-log level of RETURNN stream `v` (0...5).
    public static func level(forStream v: Int) -> Logger.Level {
        switch v {
        case ...0: return .error
        case 1: return .warning
        case 2: return .notice
        case 3: return .info
        case 4: return .debug
        default: return .trace
        }
    }

    /// RETURNN stream of a swift-log level (`.critical` counts as v0).
    public static func stream(for level: Logger.Level) -> Int {
        switch level {
        case .critical, .error: return 0
        case .warning: return 1
        case .notice: return 2
        case .info: return 3
        case .debug: return 4
        case .trace: return 5
        }
    }

    /// Metadata access (required by `LogHandler`).
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one record.
    public func log(event: LogEvent) {
        sink.write(event.message.description, stream: ReturnnLogHandler.stream(for: event.level))
    }
}
