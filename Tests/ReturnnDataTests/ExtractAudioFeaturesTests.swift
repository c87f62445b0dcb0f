import Foundation
import ReturnnConfig
import Testing

@testable import ReturnnData

/// Decoding and feature extraction against upstream RETURNN's ExtractAudioFeatures (features.json).
@Suite struct ExtractAudioFeaturesTests {
    static var caseNames: [String] {
        ((try? AudioFixtures.json("features.json"))?["cases"] as? [[String: Any]] ?? []).map { $0["name"] as! String }
    }

    @Test(arguments: ["tone16k.wav", "tone16k.flac", "tone16k.ogg", "tone8k.wav"])
    func decodesAsSoundfile(_ file: String) throws {
        let want = (try AudioFixtures.json("features.json")["decoded"] as! [String: Any])[file] as! [String: Any]
        let audio = try AudioDecoder.decode(try AudioFixtures.bytes(file), name: file)
        #expect(audio.sampleRate == want["sample_rate"] as! Int)
        #expect(audio.samples.count == want["num_samples"] as! Int)
        for (i, v) in (want["head"] as! [Double]).enumerated() { #expect(abs(audio.samples[i] - v) < 1e-6, "\(file) sample \(i)") }
        #expect(abs(audio.samples.reduce(0) { $0 + abs($1) } - (want["sum_abs"] as! Double)) < 1e-6)
    }

    /// A minimal PCM-16 WAV file with `channels` channels of `frames` zero samples.
    static func wav(channels: Int, frames: Int, rate: Int = 16000) -> [UInt8] {
        func le(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        let data = frames * channels * 2
        return Array("RIFF".utf8) + le(36 + data, 4) + Array("WAVEfmt ".utf8) + le(16, 4) + le(1, 2) + le(channels, 2)
            + le(rate, 4) + le(rate * channels * 2, 4) + le(channels * 2, 2) + le(16, 2) + Array("data".utf8) + le(data, 4)
            + [UInt8](repeating: 0, count: data)
    }

    @Test func decoderRejectsGarbageAndStereo() throws {
        let mono = try AudioDecoder.decode(Self.wav(channels: 1, frames: 100), name: "mono.wav")
        #expect(mono.samples == [Double](repeating: 0, count: 100) && mono.sampleRate == 16000)
        #expect(throws: DatasetError.file(path: "stereo.wav", message: "has 2 channels; only mono audio is supported (convert it, e.g. sox in.wav -c 1 out.wav)")) {
            _ = try AudioDecoder.decode(Self.wav(channels: 2, frames: 100), name: "stereo.wav")
        }
        do {
            _ = try AudioDecoder.decode(Array("not audio at all".utf8), name: "x.ogg")
            Issue.record("garbage decoded")
        } catch let DatasetError.file(path, message) {
            #expect(path == "x.ogg")
            #expect(message.hasPrefix("cannot decode the audio (libsndfile: "))
        }
    }

    @Test(arguments: caseNames) func matchesUpstream(_ name: String) throws {
        let c = (try AudioFixtures.json("features.json")["cases"] as! [[String: Any]]).first { $0["name"] as! String == name }!
        let ex = try ExtractAudioFeatures.make(try AudioFixtures.value(AudioFixtures.python(c["options"]!)), context: "test.audio")
        let audio = try AudioDecoder.decode(try AudioFixtures.bytes(c["file"] as! String), name: c["file"] as! String)
        let (frames, values) = try ex.extract(audio: audio.samples, sampleRate: audio.sampleRate, seqName: name)
        let shape = c["shape"] as! [Int]
        #expect([frames, ex.featureDimension] == shape)
        let want = c["values"] as! [Double]
        #expect(values.count == want.count)
        var worst = 0.0
        for (i, w) in want.enumerated() where i < values.count {
            let d = abs(Double(values[i]) - w)
            worst = max(worst, d / (1e-4 + 1e-5 * abs(w)))
            #expect(AudioFixtures.close(Double(values[i]), w), "\(name) [\(i / shape[1]), \(i % shape[1])]: \(values[i]) vs \(w)")
        }
        #expect(worst <= 1, "\(name): worst error \(worst) of the tolerance")
    }

    @Test func preAndPostProcessHooksAreConfigFunctions() throws {
        let env = ConfigEnvironment(environment: [:], argv: [], userName: "", uid: 0) { _ in }
        let c = Config(environment: env)
        try c.load(text: "#!returnn.py\n" + """
            import numpy
            def pre(audio, sample_rate, random_state):
                assert random_state is None
                return audio[:sample_rate // 10]
            def post(x, seq_name):
                return x * 2.0 + (1.0 if seq_name == "s1" else 0.0)
            audio = {"features": "log_mel_filterbank", "num_feature_filters": 5, "pre_process": pre, "post_process": post}
            """, filename: "hooks.config")
        let ex = try ExtractAudioFeatures.make(c.typedValue("audio")!, context: "test.audio")
        let plain = try ExtractAudioFeatures(features: .logMelFilterbank, numFeatureFilters: 5)
        let audio = try AudioDecoder.decode(try AudioFixtures.bytes("tone16k.wav"), name: "tone16k.wav")
        let (frames, values) = try ex.extract(audio: audio.samples, sampleRate: 16000, seqName: "s1")
        var head = Array(audio.samples.prefix(1600))
        let peak = audio.samples.map { abs($0) }.max()!
        head = head.map { $0 / peak }
        let (plainFrames, plainValues) = try plain.extract(audio: head, sampleRate: 16000, seqName: "s1")
        #expect(frames == plainFrames && frames == 11)
        for (a, b) in zip(values, plainValues) { #expect(abs(a - (b * 2 + 1)) < 1e-5) }
    }

    static func error(_ options: String) -> String {
        do {
            let ex = try ExtractAudioFeatures.make(try AudioFixtures.value(options), context: "dataset train.audio")
            _ = try ex.extract(audio: [Double](repeating: 0.1, count: 800), sampleRate: 16000, seqName: "seq-1")
        } catch { return "\(error)" }
        return "no error"
    }

    @Test func badOptionsAndAudioGiveClearErrors() {
        #expect(Self.error("{'features': 'spectrum'}").contains("'spectrum' is unknown; use one of [\"mfcc\""))
        #expect(Self.error("{'featurs': 'mfcc'}").contains("did you mean 'features'"))
        #expect(Self.error("{'random_permute': True}").contains("random_permute: audio perturbation"))
        #expect(Self.error("{'sample_rate': 8000}").contains("sequence 'seq-1' has sample rate 16000 Hz, but sample_rate=8000 is set; resampling is not implemented"))
        #expect(Self.error("{'with_delta': True}").contains("sequence 'seq-1' has 6 frames; delta features need at least 9"))
        #expect(Self.error("{'features': 'log_mel_filterbank', 'feature_options': {'n_mels': 10}}").contains("'n_mels' is not an option of features='log_mel_filterbank'"))
        #expect(Self.error("{'norm_mean': [1.0, 2.0]}").contains("norm_mean: has 2 values, but the feature dimension is 40"))
        #expect(Self.error("{'norm_mean': 'no-such-file.txt'}").contains("cannot read norm file 'no-such-file.txt'"))
        #expect(Self.error("{'features': 'linear_spectrogram', 'num_feature_filters': 100}").contains("2 * num_feature_filters >= window samples (400 at 16000 Hz)"))
        #expect(Self.error("{'post_process': lambda x, seq_name: 1}").contains("post_process: must return an array of shape (time, 40)"))
    }
}
