import Foundation
import Testing
@testable import ReturnnData
#if canImport(Glibc)
import Glibc
#endif

/// The pipe framing of `Resources/returnn_sprint_extern.py`, decoded from hand-built bytes (the
/// module's own encoding is exercised end to end by `ExternSprintDatasetTests`).
@Suite struct SprintMessageReaderTests {
    /// A reader over `bytes` written into a pipe (small enough for the pipe buffer).
    static func reader(_ bytes: [UInt8]) -> SprintMessageReader {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0)
        _ = bytes.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        return SprintMessageReader(fd: fds[0])
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func str(_ s: String) -> [UInt8] { le(UInt32(s.utf8.count)) + Array(s.utf8) }
    static func message(_ tag: Character, _ payload: [UInt8]) -> [UInt8] {
        [tag.asciiValue!] + le(UInt64(payload.count)) + payload
    }

    @Test func decodesInitDataAndExit() throws {
        let initPayload = Self.le(Int64(2)) + Self.le(Int64(3)) + Self.le(UInt32(1)) + Self.str("c/r/1") + Self.le(UInt32(1)) + Self.le(UInt64(0.5.bitPattern))
        let features: [Float] = [1, 2, 3, 4, 5, 6]
        let data = [1] + Self.str("c/r/1") + [UInt8(ascii: "f"), 2] + Self.le(UInt64(3)) + Self.le(UInt64(2))
            + features.flatMap { Self.le($0.bitPattern) } + Self.le(UInt32(2))
            + Self.str("classes") + [UInt8(ascii: "a"), UInt8(ascii: "i"), 1] + Self.le(UInt64(3)) + [0, 1, 2].flatMap { Self.le(Int32($0)) }
            + Self.str("orth") + [UInt8(ascii: "s")] + Self.str("hi")
        let r = Self.reader(Self.message("I", initPayload) + Self.message("D", data) + Self.message("E", []))
        guard case .initialize(let i, let o, let names, let times) = try r.next() else { Issue.record("init"); return }
        #expect(i == 2 && o == 3 && names == ["c/r/1"] && times == [0.5])
        guard case .data(let seg) = try r.next() else { Issue.record("data"); return }
        #expect(seg.name == "c/r/1" && seg.frames == 3 && seg.dim == 2 && seg.features == features)
        #expect(seg.arrays["classes"] == [0, 1, 2] && seg.strings["orth"] == "hi")
        guard case .exit = try r.next() else { Issue.record("exit"); return }
        #expect(try r.next() == nil)
    }

    @Test func malformedStreamsSayWhatIsWrong() {
        func error(_ bytes: [UInt8]) -> String {
            do { _ = try Self.reader(bytes).next(); return "no error" } catch { return "\(error)" }
        }
        #expect(error([UInt8(ascii: "D"), 1, 2]) == "dataset ExternSprintDataset: bad data from the Sprint child: the stream ends inside a message header")
        #expect(error(Self.message("D", [1, 2, 3]).dropLast()) .hasSuffix("the stream ends inside a message of 3 bytes (the child died while sending)"))
        #expect(error(Self.message("X", [])).hasSuffix("unknown message tag 88"))
        #expect(error(Self.message("I", [1, 2])).hasSuffix("a field runs past the end of its message"))
        #expect(error(Self.message("D", [0, UInt8(ascii: "i"), 0])).hasSuffix("array dtype 'i', expected 'f'"))
    }
}
