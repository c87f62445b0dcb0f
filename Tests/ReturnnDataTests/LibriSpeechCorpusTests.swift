import Foundation
import ReturnnConfig
import Testing

@testable import ReturnnData

/// LibriSpeechCorpus on a tiny LibriSpeech layout (directory and zips) against upstream RETURNN's
/// LibriSpeechCorpus (librispeech.json, made by make_audio_fixtures.py).
@Suite struct LibriSpeechCorpusTests {
    static func run(_ name: String) throws -> [String: Any] {
        (try AudioFixtures.json("librispeech.json")["runs"] as! [[String: Any]]).first { $0["name"] as! String == name }!
    }

    static let audio = "{'features': 'log_mel_filterbank', 'num_feature_filters': 6}"
    static let chars = "{'class': 'CharacterTargets', 'vocab_file': '\(AudioFixtures.path("chars.vocab"))'}"
    static let dir = AudioFixtures.path("librispeech")

    static let configs: [String: String] = [
        "dev_dir_sorted": "'path': '\(dir)', 'prefix': 'dev', 'audio': \(audio), 'seq_ordering': 'sorted', 'targets': \(chars)",
        "dev_clean_zip_subset": "'path': '\(AudioFixtures.path("librispeech-zip"))', 'prefix': 'dev-clean', 'use_zip': True, 'audio': \(audio), 'fixed_random_subset': 2, 'seq_tag_format': '%(subdir)s/%(speaker)i-%(chapter)i-%(seq)04i'",
        "dev_filter": "'path': '\(dir)', 'prefix': 'dev', 'audio': None, 'targets': \(chars), 'epoch_wise_filter': {(1, 1): {'subdirs': ['dev-clean'], 'max_mean_len': 5}}",
    ]

    static func build(_ opts: String) throws -> any Dataset {
        try DatasetFactoryTests.build("train = {'class': 'LibriSpeechCorpus', \(opts)}")!
    }

    @Test(arguments: ["dev_dir_sorted", "dev_clean_zip_subset", "dev_filter"])
    func matchesUpstream(_ name: String) throws {
        let run = try Self.run(name)
        let ds = try Self.build(Self.configs[name]!)
        #expect(ds.totalNumSeqs == run["total_num_seqs"] as? Int)
        #expect(try ds.allTags() == run["all_tags"] as! [String])
        for (e, seqs) in (run["epochs"] as! [[[String: Any]]]).enumerated() {
            try ds.initSeqOrder(epoch: e + 1)
            #expect(ds.numSeqs == seqs.count)
            guard ds.numSeqs == seqs.count else { continue }
            try ds.loadSeqs(0, seqs.count)
            for (i, s) in seqs.enumerated() {
                #expect(try ds.tag(i) == s["tag"] as! String)
                if let c = s["classes"] as? [Int] { #expect(try ds.data(i, key: "classes").ints == c) }
                if let shape = s["data_shape"] as? [Int] {
                    let d = try ds.data(i, key: "data")
                    #expect(d.shape == shape)
                    guard case .float32(let v) = d.values else { Issue.record("data is not float32"); continue }
                    #expect(zip(v, s["data"] as! [Double]).allSatisfy { AudioFixtures.close(Double($0), $1) }, "\(name) \(s["tag"]!)")
                }
            }
        }
    }

    @Test func charsAndBpeShortcutsAndErrors() throws {
        let ds = try Self.build("'path': '\(Self.dir)', 'prefix': 'train', 'audio': None, 'targets': 'chars', 'chars': {'vocab_file': '\(AudioFixtures.path("chars.vocab"))'}")
        try ds.initSeqOrder(epoch: 1)
        #expect(try ds.tag(0) == "train-clean-100-19-198-0000")
        #expect(try ds.vocabulary(for: "classes")!.seqLabels(try ds.data(0, key: "classes").ints) == "ONE")
        func error(_ opts: String) -> String {
            do { _ = try Self.build(opts) } catch { return "\(error)" }
            return "no error"
        }
        #expect(error("'path': '\(AudioFixtures.directory)', 'prefix': 'dev', 'audio': None, 'targets': \(Self.chars)").contains("has no train-clean-100; give the LibriSpeech root"))
        #expect(error("'path': '\(Self.dir)', 'prefix': 'valid', 'audio': \(Self.audio)").contains("must start with train, dev or test"))
        #expect(error("'path': '\(Self.dir)', 'prefix': 'dev', 'audio': None, 'targets': 'bpe'").contains("'bpe' needs the bpe option"))
        #expect(error("'path': '\(Self.dir)', 'prefix': 'test', 'audio': \(Self.audio)").contains("no transcriptions found for prefix 'test'"))
        #expect(error("'path': '\(Self.dir)', 'prefix': 'dev', 'audio': \(Self.audio), 'epoch_wise_filter': {(1, 2): {'max_len': 3}}").contains("epoch_wise_filter[(1, 2)]: unknown option 'max_len'"))
    }
}
