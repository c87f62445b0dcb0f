import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads framed messages from the child-to-parent pipe. Not thread-safe: one reader.
final class SprintMessageReader: @unchecked Sendable {
    private let fd: Int32
    private var closed = false

    init(fd: Int32) { self.fd = fd }

    deinit { close() }

    func close() {
        if !closed { closed = true; _ = Glibc.close(fd) }
    }

    /// The next message, or nil at end of file before a message starts. Throws for a message cut
    /// off in the middle or malformed.
    func next() throws -> SprintMessage? {
        var header = [UInt8](repeating: 0, count: 9)
        let got = try readFully(&header)
        if got == 0 { return nil }
        guard got == header.count else { throw Self.malformed("the stream ends inside a message header") }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(header[1 + i]) << (8 * UInt64(i)) }
        guard length < 1 << 34 else { throw Self.malformed("message length \(length) is implausible") }
        var payload = [UInt8](repeating: 0, count: Int(length))
        guard try readFully(&payload) == payload.count else {
            throw Self.malformed("the stream ends inside a message of \(length) bytes (the child died while sending)")
        }
        var p = SprintPayload(bytes: payload)
        switch header[0] {
        case UInt8(ascii: "I"):
            let inputDim = try p.int64(), outputDim = try p.int64()
            let names = try (0..<p.count()).map { _ in try p.string() }
            let times = try (0..<p.count()).map { _ in try p.double() }
            return .initialize(inputDim: inputDim, outputDim: outputDim, segmentNames: names, segmentTimes: times)
        case UInt8(ascii: "D"):
            let name = try p.byte() != 0 ? try p.string() : nil
            let (features, shape) = try p.floatArray()
            guard shape.count == 2 else { throw Self.malformed("features have \(shape.count) axes, expected 2") }
            var arrays = [String: [Int32]](), strings = [String: String]()
            for _ in 0..<(try p.count()) {
                let key = try p.string()
                switch try p.byte() {
                case UInt8(ascii: "a"): arrays[key] = try p.intArray()
                case UInt8(ascii: "s"): strings[key] = try p.string()
                case let k: throw Self.malformed("target '\(key)' has unknown kind \(k)")
                }
            }
            return .data(SprintSegment(name: name, features: features, frames: shape[0], dim: shape[1], arrays: arrays, strings: strings))
        case UInt8(ascii: "E"):
            return .exit
        case let tag:
            throw Self.malformed("unknown message tag \(tag)")
        }
    }

    /// Reads until `buffer` is full or end of file; returns the bytes read.
    private func readFully(_ buffer: inout [UInt8]) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.malformed("reading the pipe failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    static func malformed(_ message: String) -> DatasetError {
        .unavailable(dataset: "ExternSprintDataset", message: "bad data from the Sprint child: \(message)")
    }
}
