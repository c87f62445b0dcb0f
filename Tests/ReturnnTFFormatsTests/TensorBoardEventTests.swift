import Foundation
import Testing
@testable import ReturnnTFFormats

@Suite struct TensorBoardEventTests {
    @Test func writerWritesVersionThenScalars() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try EventFileWriter(directory: dir.appendingPathComponent("train-x").path, wallTime: 1_700_000_000.25, hostname: "host")
        #expect(w.path.hasSuffix("train-x/events.out.tfevents.1700000000.host"))
        try w.addScalars(step: 0, wallTime: 1_700_000_001, [("objective/loss/loss_output", 0.5), ("learning_rate", 0.01)])
        try w.addScalars(step: 1, wallTime: 1_700_000_002, [("objective/loss/loss_output", 0.25)])
        w.close()
        let events = try TensorBoardEvent.read(path: w.path)
        #expect(events.count == 3)
        #expect(events[0] == TensorBoardEvent(wallTime: 1_700_000_000.25, step: 0, fileVersion: "brain.Event:2", writer: "swift-returnn"))
        #expect(events[1].step == 0 && events[1].scalars == [.init(tag: "objective/loss/loss_output", value: 0.5), .init(tag: "learning_rate", value: 0.01)])
        #expect(events[2].step == 1 && events[2].wallTime == 1_700_000_002 && events[2].scalars == [.init(tag: "objective/loss/loss_output", value: 0.25)])
    }

    @Test func flushWritesBufferedEvents() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try EventFileWriter(directory: dir.path, wallTime: 5, hostname: "h")
        try w.addScalars(step: 3, [("a", 1)])
        #expect(try TensorBoardEvent.read(path: w.path).count == 1)  // only the version event so far
        try w.flush()
        #expect(try TensorBoardEvent.read(path: w.path).count == 2)
        // A second writer in the same second gets its own file.
        let w2 = try EventFileWriter(directory: dir.path, wallTime: 5, hostname: "h")
        #expect(w2.path != w.path)
        w.close()
        w2.close()
    }

    @Test func damagedEventFileIsLocated() throws {
        let e = TensorBoardEvent(wallTime: 1, step: 2, scalars: [.init(tag: "t", value: 3)])
        var bytes = TFRecord.frame(try e.serialized())
        #expect(try TensorBoardEvent.read(bytes, file: "ev") == [e])
        bytes[14] ^= 1
        #expect(throws: TFFormatError.self) { try TensorBoardEvent.read(bytes, file: "ev") }
        let notProto = TFRecord.frame([0xFF, 0xFF, 0xFF])
        #expect(throws: TFFormatError(.format, "ev: record 0: not a valid Event proto (the file is damaged or not an event file)")) {
            try TensorBoardEvent.read(notProto, file: "ev")
        }
    }
}
