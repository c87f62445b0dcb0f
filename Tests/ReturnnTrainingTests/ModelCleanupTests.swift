import Foundation
import Testing
import ReturnnConfig
@testable import ReturnnTraining

@Suite struct ModelCleanupTests {
    @Test func defaultKeepPatternTable() {
        // last <= 10: multiples of 4, plus 5 * 2^i.
        #expect(ModelCleanup.defaultKeepPattern(lastEpoch: 10) == [4, 8, 5, 10])
        #expect(ModelCleanup.defaultKeepPattern(lastEpoch: 3) == [])
        // last <= 50: multiples of 20, plus 5 * 2^i.
        #expect(ModelCleanup.defaultKeepPattern(lastEpoch: 50) == [20, 40, 5, 10])
        // last <= 100: multiples of 40, plus 10 * 2^i.
        #expect(ModelCleanup.defaultKeepPattern(lastEpoch: 100) == [40, 80, 10, 20])
        // last > 100: multiples of 80 * next_pow2(1 + last // 240), plus 20 * 2^i.
        #expect(ModelCleanup.defaultKeepPattern(lastEpoch: 200) == [80, 160, 20, 40])
        // 1 + 300 // 240 = 2 → every 160; 1 + 500 // 240 = 3 → every 80 * 4 = 320.
        #expect(ModelCleanup.defaultKeepPattern(lastEpoch: 300) == [160, 20, 40, 80])
        #expect(ModelCleanup.defaultKeepPattern(lastEpoch: 500) == [320, 20, 40, 80, 160])
    }

    @Test func nextPowerOfTwo() {
        #expect([1, 2, 3, 4, 5, 9].map(ModelCleanup.nextPowerOfTwo) == [1, 2, 4, 4, 8, 16])
    }

    @Test func nothingDeletedWhileFewEpochs() throws {
        let p = try ModelCleanup.plan(stored: [1, 2, 3, 4], scores: [1: ["dev_score": 1]], options: try ModelCleanupOptions())
        #expect(p.delete.isEmpty && p.keep == [1, 2, 3, 4])
        #expect(p.messages.map(\.text) == ["Only 4 epochs stored so far and keeping last 2 epochs and best 4 epochs, thus not cleaning up any epochs yet."])
        let none = try ModelCleanup.plan(stored: [], scores: [:], options: try ModelCleanupOptions())
        #expect(none.messages.map(\.text) == ["Cannot cleanup models, no models found."])
    }

    @Test func keepsLastBestAndPattern() throws {
        // Epochs 1..12; dev_score best at 3, 6, 7, 1; dev_error best at 2, 3, 9, 11; train_score all equal (ignored).
        var scores: [Int: [String: Double]] = [:]
        let dev: [Double] = [0.5, 0.9, 0.1, 0.8, 0.85, 0.2, 0.3, 0.95, 0.97, 0.99, 0.96, 0.98]
        let err: [Double] = [0.5, 0.1, 0.1, 0.6, 0.7, 0.8, 0.9, 0.6, 0.2, 0.6, 0.3, 0.6]
        for e in 1...12 { scores[e] = ["dev_score": dev[e - 1], "dev_error": err[e - 1], "train_score": 1.0] }
        let p = try ModelCleanup.plan(stored: Array(1...12), scores: scores, options: try ModelCleanupOptions(keepBestN: 2))
        // last 2: 11, 12; pattern for last=12 (<= 50): 5, 10; dev_score best 2: 3, 6; dev_error best 2: 2, 3 (tie broken by epoch).
        #expect(p.keep == [2, 3, 5, 6, 10, 11, 12])
        #expect(p.delete == [1, 4, 7, 8, 9])
        #expect(p.messages.map(\.text) == [
            "Ignoring score key 'train_score' because all epochs have the same value 1.0.",
            "We have stored models for epochs [1, 2, 3, ..., 10, 11, 12] and keep epochs [2, 3, 5, 6, 10, 11, 12].",
            "We will delete the models of epochs [1, 4, 7, 8, 9].",
        ])
    }

    @Test func explicitKeepReplacesThePattern() throws {
        let scores = Dictionary(uniqueKeysWithValues: (1...8).map { ($0, ["dev_score": Double($0)]) })
        let p = try ModelCleanup.plan(stored: Array(1...8), scores: scores, options: try ModelCleanupOptions(keepLastN: 1, keepBestN: 1, keep: [6, 99]))
        // best: 1 (lowest); last: 8; keep: 6.
        #expect(p.keep == [1, 6, 8] && p.delete == [2, 3, 4, 5, 7])
        let q = try ModelCleanup.plan(stored: Array(1...8), scores: scores, options: try ModelCleanupOptions(keepLastN: 1, keepBestN: 1))
        // default pattern for last=8: 4, 8, 5.
        #expect(q.keep == [1, 4, 5, 8])
    }

    @Test func missingScoresCountAsWorstAndAllKeptIsReported() throws {
        // Epoch 3 has no dev_score: it ranks last. Epochs 1..5 with keep_best_n 1, keep_last_n 1.
        let scores: [Int: [String: Double]] = [1: ["dev_score": 3], 2: ["dev_score": 2], 4: ["dev_score": 1], 5: ["dev_score": 4], 3: [:]]
        let p = try ModelCleanup.plan(stored: [1, 2, 3, 4, 5], scores: scores, options: try ModelCleanupOptions(keepLastN: 1, keepBestN: 1, keep: []))
        #expect(p.keep == [4, 5] && p.delete == [1, 2, 3])
        let all = try ModelCleanup.plan(stored: [4, 5, 6], scores: [4: ["a": 1], 5: ["a": 2], 6: ["a": 3]],
                                        options: try ModelCleanupOptions(keepLastN: 2, keepBestN: 1, keep: []))
        #expect(all.delete.isEmpty && all.messages.last?.text == "3 epochs stored so far and keeping all.")
        #expect(throws: CheckpointError.self) {
            try ModelCleanup.plan(stored: [1, 2, 3, 4, 5, 6], scores: [:], options: try ModelCleanupOptions())
        }
    }

    @Test func optionsFromConfig() throws {
        #expect(try ModelCleanupOptions.fromConfig(try checkpointConfig("")) == nil)
        #expect(try ModelCleanupOptions.fromConfig(try checkpointConfig("cleanup_old_models = False")) == nil)
        #expect(try ModelCleanupOptions.fromConfig(try checkpointConfig("cleanup_old_models = True")) == (try ModelCleanupOptions()))
        let d = try ModelCleanupOptions.fromConfig(try checkpointConfig("cleanup_old_models = {'keep_last_n': 3, 'keep_best_n': 0, 'keep': {10, 20}}"))
        #expect(try ModelCleanupOptions.fromConfig(try checkpointConfig("cleanup_old_models = {'keep': [7]}"))?.keep == [7])
        #expect(throws: ConfigError.self) { try ModelCleanupOptions.fromConfig(try checkpointConfig("cleanup_old_models = {'keep': 'x'}")) }
        #expect(d == (try ModelCleanupOptions(keepLastN: 3, keepBestN: 0, keep: [10, 20])))
        #expect(throws: ConfigError.self) { try ModelCleanupOptions.fromConfig(try checkpointConfig("cleanup_old_models = {'keep_lst_n': 3}")) }
        #expect(throws: CheckpointError.self) { try ModelCleanupOptions.fromConfig(try checkpointConfig("cleanup_old_models = {'keep_last_n': 0}")) }
    }

    @Test func deleteRemovesTheModelFiles() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        let ckpt = CheckpointTests.sample()
        for e in 1...3 { try ckpt.save(to: d.name(e)) }
        let existing = ModelFiles.existingModels(model: d.model, finalEpoch: 5, requireOptimizerState: false)
        let freed = try ModelCleanup.delete(epochs: [1, 3], existingModels: existing)
        #expect(freed > 0)
        #expect(directoryListing(d.dir + "/net-model") == ["network.002.opt.safetensors", "network.002.safetensors"])
    }

    @Test func humanBytesSize() {
        #expect(ModelCleanup.humanBytesSize(512) == "512B")
        #expect(ModelCleanup.humanBytesSize(900) == "0.9KB")
        #expect(ModelCleanup.humanBytesSize(1536) == "1.5KB")
        #expect(ModelCleanup.humanBytesSize(3 * 1024 * 1024) == "3.0MB")
    }
}

@Suite struct ModelCleanupRunTests {
    private func setUp(_ d: FakeModelDir) throws -> [Int: [String: Double]] {
        let ckpt = CheckpointTests.sample()
        for e in 1...6 { try ckpt.save(to: d.name(e)) }
        return Dictionary(uniqueKeysWithValues: (1...6).map { ($0, ["dev_score": Double(7 - $0)]) })
    }

    @Test func dryRunDeletesNothing() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        let scores = try setUp(d)
        let cap = LineCapture()
        let log = try Log(logs: [], verbosity: [3], formats: [], stdoutWriter: cap.writer)
        let plan = try ModelCleanup.run(model: d.model, finalEpoch: 6, scores: scores,
                                        options: try ModelCleanupOptions(keepLastN: 1, keepBestN: 1, keep: []), dryRun: true, log: log)
        #expect(plan.delete == [1, 2, 3, 4, 5])
        #expect(cap.lines.last == "Dry-run, will not delete models.")
        #expect(directoryListing(d.dir + "/net-model").count == 12)
    }

    @Test func runDeletesAndReports() throws {
        let d = try FakeModelDir()
        defer { d.remove() }
        let scores = try setUp(d)
        let cap = LineCapture()
        let log = try Log(logs: [], verbosity: [3], formats: [], stdoutWriter: cap.writer)
        let options = try ModelCleanupOptions(keepLastN: 1, keepBestN: 1, keep: [2])
        // A refused confirmation keeps everything.
        _ = try ModelCleanup.run(model: d.model, finalEpoch: 6, scores: scores, options: options, dryRun: false, log: log) { false }
        #expect(directoryListing(d.dir + "/net-model").count == 12)
        try ModelCleanup.run(model: d.model, finalEpoch: 6, scores: scores, options: options, dryRun: false, log: log)
        #expect(directoryListing(d.dir + "/net-model") == ["network.002.opt.safetensors", "network.002.safetensors",
                                                           "network.006.opt.safetensors", "network.006.safetensors"])
        #expect(cap.lines.last?.hasPrefix("Deleted ") == true)
        #expect(cap.lines.contains("We will delete the models of epochs [1, 3, 4, 5]."))
    }
}
