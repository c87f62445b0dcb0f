/// Reads one data key of a `SprintCacheDataset` from its archive(s) (upstream
/// `SprintCacheDataset.SprintCacheReader`): features as `[T, dim]` float32, alignments as `[T]`
/// labels in int8/int16/int32 by label count.
final class SprintCacheKeyReader {
    let key: String
    let bundle: SprintCacheBundle
    let type: SprintCacheDataType
    let labeling: AllophoneLabeling?
    /// Entry names without `.attribs`, in archive order.
    let contentKeys: [String]
    /// Spec before windowing.
    let spec: DataSpec

    init(key: String, source: SprintCacheDatasetSource, dataset: String) throws {
        let type = source.resolvedType(key: key)
        let bundle = try SprintCacheBundle(path: source.filename)
        let content = bundle.fileList.filter { !$0.hasSuffix(".attribs") }
        self.key = key
        self.bundle = bundle
        self.type = type
        self.labeling = source.allophoneLabeling
        self.contentKeys = content
        switch type {
        case .align:
            guard let l = source.allophoneLabeling else {
                throw DatasetError.invalidOption(dataset: dataset, option: "data[\(key)].allophone_labeling",
                                                 message: "data_type 'align' needs allophone_labeling (silence_phone, allophone_file, phoneme_file/state_tying_file)")
            }
            if !l.usesStateTying && l.phonemeIndex == nil {
                throw DatasetError.invalidOption(dataset: dataset, option: "data[\(key)].allophone_labeling",
                                                 message: "the state tying matches no allophone of \(l.allophoneFile) and there is no phoneme_file")
            }
            let dtype: DataType = l.numLabels < 1 << 7 ? .int8 : l.numLabels < 1 << 15 ? .int16 : .int32
            spec = .sparse(l.numLabels, dtype: dtype)
        case .feat:
            guard let first = content.first else {
                throw DatasetError.file(path: source.filename, message: "no entries (besides .attribs); cannot infer the feature dim of key '\(key)'")
            }
            guard let f = try bundle.readFeatures(first), f.frames > 0 else {
                throw DatasetError.file(path: source.filename, message: "entry '\(first)' has no frames; cannot infer the feature dim of key '\(key)'")
            }
            spec = .dense(f.dim)
        }
    }

    /// Sequence `name` of this key.
    func read(_ name: String) throws -> SeqData {
        switch type {
        case .feat:
            guard let f = try bundle.readFeatures(name), f.frames > 0 else {
                throw DatasetError.file(path: bundle.path, message: "feature entry '\(name)' of key '\(key)' has no frames")
            }
            guard f.dim == spec.dim else {
                throw DatasetError.file(path: bundle.path, message: "feature entry '\(name)' of key '\(key)' has dim \(f.dim), expected \(spec.dim)")
            }
            return SeqData(.float32(f.values), shape: [f.frames, f.dim])
        case .align:
            guard let alignment = try bundle.readAlignment(name) else {
                throw DatasetError.file(path: bundle.path, message: "alignment entry '\(name)' of key '\(key)' is empty")
            }
            let items = alignment.items
            let l = labeling!
            // ALIGNEMI alignments hold emission ids, i.e. labels of the state tying already.
            let emissionIds = alignment.labelType == .emission
            if emissionIds && !l.usesStateTying {
                throw DatasetError.file(path: bundle.path, message: "alignment entry '\(name)' of key '\(key)' holds emission ids (ALIGNEMI), which are state-tied labels; give allophone_labeling a state_tying_file")
            }
            var labels = [Int]()
            labels.reserveCapacity(items.count)
            for (t, it) in items.enumerated() {
                guard it.weight == 1 else {
                    throw DatasetError.file(path: bundle.path, message: "alignment entry '\(name)' frame \(t) has weight \(it.weight): soft alignments are not supported")
                }
                if emissionIds {
                    guard Int(it.emission) < l.numLabels else {
                        throw DatasetError.file(path: bundle.path, message: "alignment entry '\(name)' frame \(t): emission id \(it.emission) is not below the \(l.numLabels) labels of the state tying")
                    }
                    labels.append(Int(it.emission))
                    continue
                }
                guard let lab = l.label(mixture: Int(it.emission)) else {
                    throw DatasetError.file(path: bundle.path, message: "alignment entry '\(name)' frame \(t): mixture \(it.emission) has no label in the allophone labeling (\(l.allophoneFile))")
                }
                labels.append(lab)
            }
            switch spec.dtype {
            case .int8: return SeqData(.int8(labels.map { Int8($0) }), shape: [labels.count])
            case .int16: return SeqData(.int16(labels.map { Int16($0) }), shape: [labels.count])
            default: return SeqData(.int32(labels.map { Int32($0) }), shape: [labels.count])
            }
        }
    }

    /// Payload size of entry `name` (upstream's sort key for this dataset).
    func entrySize(_ name: String) -> Int {
        Int(bundle.entry(named: name)?.size ?? 0)
    }
}
