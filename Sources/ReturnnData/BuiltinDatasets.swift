import ReturnnConfig

/// The one list of dataset classes known by their RETURNN names.
///
/// Other dataset families (HDF, LM, meta datasets) add their types here as they land.
public enum BuiltinDatasets {
    /// All registered dataset types.
    public static var all: [any Dataset.Type] {
        [
            Task12AXDataset.self,
            TaskEpisodicCopyDataset.self,
            TaskXmlModelingDataset.self,
            TaskNumberBaseConvertDataset.self,
            DummyDataset.self,
            DummyDatasetMultipleSequenceLength.self,
            DummyGenericDataset.self,
            StaticDataset.self,
            CopyTaskDataset.self,
            HDFDataset.self,
            SprintCacheDataset.self,
            ExternSprintDataset.self,
            LmDataset.self,
            TranslationDataset.self,
            MetaDataset.self,
            CombinedDataset.self,
            ConcatDataset.self,
            OggZipDataset.self,
            LibriSpeechCorpus.self,
        ]
    }

    /// RETURNN class names of all registered types.
    public static var classNames: [String] { all.map { $0.className } }

    /// The dataset classes as a `NameRegistry` (with upstream's other dataset classes).
    public static var registry: NameRegistry<any Dataset.Type> {
        NameRegistry(family: "dataset class", entries: all.map { ($0.className, $0) }, upstreamNames: UpstreamNames.datasets)
    }

    /// The type registered as `className`; throws `unknownClass` (with the registry's message:
    /// "did you mean", or "exists in upstream RETURNN but is not supported yet") otherwise.
    public static func type(named className: String) throws -> any Dataset.Type {
        guard let t = registry.lookup(className) else {
            throw DatasetError.unknownClass(name: className, known: classNames)
        }
        return t
    }
}
