import Foundation
import Testing
@testable import ReturnnTraining

@Suite struct SafetensorsAtomicWriteTests {
    struct Interrupted: Error {}

    @Test func failedWriteLeavesNoFileAndRemovesTheTemporary() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/m.safetensors"
        #expect(throws: Interrupted.self) {
            try SafetensorsAtomicWrite.write(path: path) { sink in
                try sink.write([1, 2, 3])
                // Half-way: only the temporary file exists; nothing is visible under the name.
                #expect(directoryListing(dir) == ["m.safetensors.tmp_write"])
                throw Interrupted()
            }
        }
        #expect(directoryListing(dir).isEmpty)
    }

    @Test func failedWriteKeepsThePreviousFile() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/m.safetensors"
        try SafetensorsAtomicWrite.write(path: path, chunks: [[1, 2], [3]])
        #expect(fileBytes(path) == [1, 2, 3])
        #expect(throws: Interrupted.self) {
            try SafetensorsAtomicWrite.write(path: path) { sink in
                try sink.write([9, 9, 9, 9])
                throw Interrupted()
            }
        }
        #expect(fileBytes(path) == [1, 2, 3])
        #expect(directoryListing(dir) == ["m.safetensors"])
    }

    @Test func renameFailureRemovesTheTemporary() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The target is a non-empty directory: the final rename fails.
        let path = dir + "/m.safetensors"
        try FileManager.default.createDirectory(atPath: path + "/inner", withIntermediateDirectories: true)
        do {
            try SafetensorsAtomicWrite.write(path: path, chunks: [[1]])
            Issue.record("expected an error")
        } catch let e as CheckpointError {
            #expect(e.kind == .io && e.message.contains(path))
        }
        #expect(directoryListing(dir) == ["m.safetensors"])
    }

    @Test func missingDirectoryIsAnIOError() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: CheckpointError.self) {
            try SafetensorsAtomicWrite.write(path: dir + "/no/such/m.safetensors", chunks: [[1]])
        }
    }
}
