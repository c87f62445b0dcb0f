import Foundation
import Testing
import ReturnnConfig
import ReturnnTensor
@testable import ReturnnTraining

@Suite struct CheckpointPreloadTests {
    /// Network parameters: an acoustic model plus an LM part named with prefix `lm_`.
    static func network() -> [String: Tensor] {
        ["enc/W": Tensor(zeros: [2, 2]), "output/W": Tensor(zeros: [2, 3]), "output/b": Tensor(zeros: [3]),
         "lm_output/W": Tensor(zeros: [2, 3]), "lm_output/b": Tensor(zeros: [3])]
    }

    @Test func parsesEntriesSortedByKey() throws {
        let v = try checkpointConfigValue("preload_from_files", """
            preload_from_files = {
              "zz": {"filename": "am.safetensors", "init_for_train": True, "ignore_missing": True,
                     "ignore_params": ["output/b"], "ignore_params_prefixes": ["enc/"]},
              "aa": {"filename": "lm/net.040", "prefix": "lm_", "var_name_mapping": {"output/b": "output/bias"}},
              "mm": {"filename": "x", "init_for_train": "always"},
            }
            """)
        let p = try CheckpointPreload(value: v)
        #expect(p.entries.map(\.key) == ["aa", "mm", "zz"])
        #expect(p.entries[0] == CheckpointPreloadEntry(key: "aa", filename: "lm/net.040", prefix: "lm_", varNameMapping: ["output/b": "output/bias"]))
        #expect(p.entries[1].initForTrain == .always)
        #expect(p.entries[2] == CheckpointPreloadEntry(key: "zz", filename: "am.safetensors", initForTrain: .firstEpoch, ignoreMissing: true,
                                                       ignoreParams: ["output/b"], ignoreParamsPrefixes: ["enc/"]))
        #expect(try CheckpointPreload(config: try checkpointConfig("")).entries.isEmpty)
    }

    @Test func badEntriesAreConfigErrors() throws {
        let typo = try checkpointConfigValue("p", #"p = {"a": {"filename": "x", "prefx": "lm_"}}"#)
        do {
            _ = try CheckpointPreload(value: typo)
            Issue.record("expected an error")
        } catch let e as ConfigError {
            #expect(e.message.contains("unknown option 'prefx'; did you mean 'prefix'?"))
            #expect(e.location?.line == 2)
        }
        #expect(throws: ConfigError.self) { try CheckpointPreload(value: try checkpointConfigValue("p", #"p = {"a": {"prefix": "x"}}"#)) }
        #expect(throws: ConfigError.self) { try CheckpointPreload(value: try checkpointConfigValue("p", #"p = {"a": {"filename": None}}"#)) }
        #expect(throws: ConfigError.self) { try CheckpointPreload(value: try checkpointConfigValue("p", #"p = {"a": {"filename": "x", "init_for_train": "once"}}"#)) }
    }

    @Test func whenEntriesApply() {
        let no = CheckpointPreloadEntry(key: "a", filename: "f")
        let first = CheckpointPreloadEntry(key: "b", filename: "f", initForTrain: .firstEpoch)
        let always = CheckpointPreloadEntry(key: "c", filename: "f", initForTrain: .always)
        #expect(no.applies(isTraining: false, isFirstTrainEpoch: false))
        #expect(!no.applies(isTraining: true, isFirstTrainEpoch: true))
        #expect(first.applies(isTraining: true, isFirstTrainEpoch: true))
        #expect(!first.applies(isTraining: true, isFirstTrainEpoch: false))
        #expect(!first.applies(isTraining: false, isFirstTrainEpoch: false))
        #expect(always.applies(isTraining: true, isFirstTrainEpoch: false))
    }

    @Test func prefixSelectsAndStripsNames() throws {
        var params = Self.network()
        var loaded = Set<String>()
        let lm: [String: Tensor] = ["output/W": Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6]), "output/bias": Tensor([7, 8, 9]), "extra": Tensor([0])]
        let entry = CheckpointPreloadEntry(key: "lm", filename: "lm", prefix: "lm_", varNameMapping: ["output/b": "output/bias"])
        try CheckpointPreload.apply(entry, file: lm, to: &params, alreadyLoaded: &loaded)
        #expect(loaded == ["lm_output/W", "lm_output/b"])
        #expect(params["lm_output/W"]!.array == [1, 2, 3, 4, 5, 6])
        #expect(params["lm_output/b"]!.array == [7, 8, 9])
        #expect(params["output/W"]!.array == [0, 0, 0, 0, 0, 0])
    }

    @Test func ignoreRulesAndMissingParams() throws {
        let file: [String: Tensor] = ["output/W": Tensor(shape: [2, 3], repeating: 1), "enc/W": Tensor(shape: [2, 2], repeating: 2)]
        // Without a prefix all network params are selected; lm_* and output/b are missing in the file.
        var params = Self.network()
        var loaded = Set<String>()
        let strict = CheckpointPreloadEntry(key: "am", filename: "am")
        do {
            try CheckpointPreload.apply(strict, file: file, to: &params, alreadyLoaded: &loaded)
            Issue.record("expected an error")
        } catch let e as CheckpointError {
            #expect(e.kind == .parameter)
            #expect(e.message.contains("preload_from_files['am'] (am): parameters missing in the file: 'lm_output/W', 'lm_output/b', 'output/b'"))
        }
        params = Self.network()
        loaded = []
        let lenient = CheckpointPreloadEntry(key: "am", filename: "am", ignoreMissing: true, ignoreParamsPrefixes: ["enc/"])
        try CheckpointPreload.apply(lenient, file: file, to: &params, alreadyLoaded: &loaded)
        #expect(loaded == ["output/W"])
        #expect(params["enc/W"]!.array == [0, 0, 0, 0])
        params = Self.network()
        loaded = []
        let ignoring = CheckpointPreloadEntry(key: "am", filename: "am", ignoreParams: ["output/b", "lm_output/W", "lm_output/b"])
        try CheckpointPreload.apply(ignoring, file: file, to: &params, alreadyLoaded: &loaded)
        #expect(loaded == ["enc/W", "output/W"])
    }

    @Test func shapeMismatchNamesBothShapes() throws {
        var params = Self.network()
        var loaded = Set<String>()
        let entry = CheckpointPreloadEntry(key: "lm", filename: "lm.040", prefix: "lm_", ignoreMissing: true)
        #expect(throws: CheckpointError(.parameter, "preload_from_files['lm'] (lm.040): parameter 'lm_output/W' has shape [2, 3] in the network, but 'output/W' in the file has shape [3, 2]; fix the network or the var_name_mapping, or add it to ignore_params")) {
            try CheckpointPreload.apply(entry, file: ["output/W": Tensor(zeros: [3, 2])], to: &params, alreadyLoaded: &loaded)
        }
    }

    @Test func noMatchingParamsOrNothingLoadedAreErrors() throws {
        var params = Self.network()
        var loaded = Set<String>()
        let wrongPrefix = CheckpointPreloadEntry(key: "x", filename: "f", prefix: "decoder_")
        #expect(throws: CheckpointError.self) { try CheckpointPreload.apply(wrongPrefix, file: [:], to: &params, alreadyLoaded: &loaded) }
        let nothing = CheckpointPreloadEntry(key: "x", filename: "f", prefix: "lm_", ignoreMissing: true)
        #expect(throws: CheckpointError.self) {
            try CheckpointPreload.apply(nothing, file: ["other": Tensor([1])], to: &params, alreadyLoaded: &loaded)
        }
    }

    @Test func firstEntryWinsAndFilesAreRead() throws {
        let dir = try checkpointTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = Checkpoint(params: ["output/b": Tensor([1, 1, 1])], metadata: CheckpointMetadata(epoch: 1, globalStep: 1))
        let b = Checkpoint(params: ["output/b": Tensor([2, 2, 2]), "output/W": Tensor(shape: [2, 3], repeating: 2)],
                           metadata: CheckpointMetadata(epoch: 1, globalStep: 1))
        try a.save(to: dir + "/a.001")
        try b.save(to: dir + "/b.001")
        let preload = CheckpointPreload(entries: [
            CheckpointPreloadEntry(key: "2-b", filename: dir + "/b.001.safetensors", ignoreMissing: true),
            CheckpointPreloadEntry(key: "1-a", filename: dir + "/a.001", ignoreMissing: true),
            CheckpointPreloadEntry(key: "3-train", filename: dir + "/missing", initForTrain: .firstEpoch),
        ])
        var params = Self.network()
        let set = try preload.apply(to: &params, isTraining: false, isFirstTrainEpoch: false)
        #expect(set == ["output/b", "output/W"])
        #expect(params["output/b"]!.array == [1, 1, 1])
        #expect(params["output/W"]!.array == [2, 2, 2, 2, 2, 2])
        // In training only the init_for_train entry applies; its file is missing.
        #expect(throws: CheckpointError.self) { try preload.apply(to: &params, isTraining: true, isFirstTrainEpoch: true) }
        #expect(try preload.apply(to: &params, isTraining: true, isFirstTrainEpoch: false).isEmpty)
    }
}
