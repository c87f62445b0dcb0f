import SwiftProtobuf

/// One record of a TensorBoard event file, reduced to what swift-returnn writes and its tests
/// read back: the time, the step, and either the file-version marker or scalar values by tag.
public struct TensorBoardEvent: Sendable, Equatable {
    /// The marker TensorBoard expects in the first record of a file.
    public static let fileVersion = "brain.Event:2"

    /// Seconds since 1970 (UTC) when the event was written.
    public var wallTime: Double
    /// Global train step the values belong to.
    public var step: Int
    /// `file_version` (only in the first record), else nil.
    public var fileVersion: String?
    /// Scalar summary values (`simple_value`) by tag, in the order stored.
    public var scalars: [Scalar]
    /// `source_metadata.writer` (the program), if set.
    public var writer: String?

    /// A tagged scalar.
    public struct Scalar: Sendable, Equatable {
        /// The tag, e.g. `objective/loss/loss_output`.
        public var tag: String
        /// The value.
        public var value: Float

        /// A scalar `value` under `tag`.
        public init(tag: String, value: Float) {
            self.tag = tag
            self.value = value
        }
    }

    /// An event.
    public init(wallTime: Double, step: Int, fileVersion: String? = nil, scalars: [Scalar] = [], writer: String? = nil) {
        self.wallTime = wallTime
        self.step = step
        self.fileVersion = fileVersion
        self.scalars = scalars
        self.writer = writer
    }

    /// The serialized `Event` proto.
    public func serialized() throws -> [UInt8] {
        var e = TFEvent()
        e.wallTime = wallTime
        e.step = Int64(step)
        if let fileVersion {
            e.fileVersion = fileVersion
        } else {
            var s = TFSummary()
            s.value = scalars.map { sc in
                var v = TFSummary.Value()
                v.tag = sc.tag
                v.simpleValue = sc.value
                return v
            }
            e.summary = s
        }
        if let writer {
            var m = TFSourceMetadata()
            m.writer = writer
            e.sourceMetadata = m
        }
        return try e.serializedBytes()
    }

    /// Decodes an `Event` proto; values other than scalars are skipped. `what` names the record in
    /// errors.
    public init(serialized bytes: [UInt8], what: String) throws {
        let e: TFEvent
        do { e = try TFEvent(serializedBytes: bytes) } catch {
            throw TFFormatError(.format, "\(what): not a valid Event proto (the file is damaged or not an event file)")
        }
        var scalars: [Scalar] = []
        for v in e.summary.value {
            if case .simpleValue(let x)? = v.value { scalars.append(Scalar(tag: v.tag, value: x)) }
        }
        var fileVersion: String?
        if case .fileVersion(let s)? = e.what { fileVersion = s }
        self.init(wallTime: e.wallTime, step: Int(e.step), fileVersion: fileVersion, scalars: scalars,
                  writer: e.hasSourceMetadata ? e.sourceMetadata.writer : nil)
    }

    /// All events of an event file's content (TFRecord framing, CRCs checked); `file` names it in
    /// errors.
    public static func read(_ bytes: [UInt8], file: String) throws -> [TensorBoardEvent] {
        try TFRecord.records(bytes, file: file).enumerated().map { i, r in
            try TensorBoardEvent(serialized: r, what: "\(file): record \(i)")
        }
    }

    /// All events of the event file at `path`.
    public static func read(path: String) throws -> [TensorBoardEvent] {
        try read(TensorBundle.readFile(path), file: path)
    }
}
