import Foundation
import ReturnnConfig

/// One `ExternSprintDataset` sequence made from a RASR segment, as upstream's
/// `SprintDatasetBase.add_new_data`: features divided by `input_stddev` and windowed, the alignment
/// checked against the frame count (`reduce_target_factor`), the orthography stripped and
/// post-processed, then as bytes (`orth`, `orth0`), BPE (`bpe`), vocabulary ids (`orth_classes`)
/// or a mapped index (`target_maps`).
struct SprintSeq {
    var tag: String
    var data: [String: SeqData]
    /// Feature frames.
    var frames: Int

    init(_ raw: SprintSegment, index: Int, expectedTag: String?, dataset d: ExternSprintDataset) throws {
        let s = d.settings
        let name = raw.name ?? "seq-\(index)"
        let at = "segment '\(name)' (seq \(index))"
        if let expectedTag, expectedTag != raw.name {
            throw DatasetError.invalidData(dataset: d.name, message: "RASR sent \(at) where the segment order asked for '\(expectedTag)'; does sprintConfigStr override the segment order (corpus.segment-order) or the segment list?")
        }
        guard raw.dim == d.inputDim else {
            throw DatasetError.invalidData(dataset: d.name, message: "\(at) has features of dim \(raw.dim), RASR's init said \(d.inputDim)")
        }
        tag = name
        frames = raw.frames
        var features = raw.features
        if s.inputStddev != 1 { for i in features.indices { features[i] /= s.inputStddev } }
        var x = SeqData.float32(features, dim: raw.dim)
        if d.options.window > 1 { x = SlidingWindow.apply(x, window: d.options.window) }
        var data = ["data": x]
        if let classes = raw.arrays["classes"] {
            let expected = (raw.frames + s.reduceTargetFactor - 1) / s.reduceTargetFactor
            guard classes.count == expected else {
                throw DatasetError.invalidData(dataset: d.name, message: "\(at): the alignment has \(classes.count) labels but the features have \(raw.frames) frames (reduce_target_factor \(s.reduceTargetFactor): expected \(expected)); check that the alignment cache matches the features")
            }
            if d.outputDim > 0, let bad = classes.first(where: { $0 < 0 || Int($0) >= d.outputDim }) {
                throw DatasetError.invalidData(dataset: d.name, message: "\(at): alignment label \(bad) is outside [0, \(d.outputDim)) (trainer-output-dimension)")
            }
            data["classes"] = .int32(classes)
        }
        for (key, text) in raw.strings {
            var value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if key == "orth" {
                for f in s.orthPostProcess {
                    let r: ConfigValue
                    do { r = try f.call([.str(value)]) } catch var e as ConfigError {
                        e.message = "dataset '\(d.name)': orth_post_process \(f.repr) failed on \(at): \(e.message)"
                        throw e
                    }
                    guard let v = r.stringValue else {
                        throw ConfigError(.type, "dataset '\(d.name)': orth_post_process \(f.repr) must return a str, got \(r.typeName)", at: f.location)
                    }
                    value = v
                }
                let bytes = Array(value.utf8)
                data["orth"] = SeqData(.uint8(bytes), shape: [bytes.count])
                if s.strAddFinalZero && s.targetMaps["orth"] == nil { data["orth0"] = SeqData(.uint8(bytes + [0]), shape: [bytes.count + 1]) }
                do {
                    if let bpe = s.bpe { data["bpe"] = .int32(try bpe.getSeq(value).map { Int32($0) }) }
                    if let v = s.orthVocab { data["orth_classes"] = .int32(try v.getSeq(value).map { Int32($0) }) }
                } catch let e as VocabularyError {
                    throw DatasetError.invalidData(dataset: d.name, message: "\(at): \(e)")
                }
            }
            if let map = s.targetMaps[key] {
                guard let idx = map[value] else {
                    throw DatasetError.invalidData(dataset: d.name, message: "\(at): '\(value)' is not in target_maps['\(key)']")
                }
                data[key] = .int32([Int32](repeating: Int32(idx), count: raw.frames))
            }
        }
        guard Set(data.keys) == Set(d.dataKeys) else {
            throw DatasetError.invalidData(dataset: d.name, message: "\(at) has keys \(data.keys.sorted()), the first segment had \(d.dataKeys.sorted()); RASR must send the same targets for every segment")
        }
        self.data = data
    }
}
