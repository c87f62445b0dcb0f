/// A dataset that holds each loaded sequence as a dict key → `SeqData` (upstream's `DatasetSeq`
/// features): `seqLength` and `data` follow from `seqDict`.
public protocol SeqDictDataset: Dataset {
    /// Every key of sequence `seqIdx` (loading it if needed).
    func seqDict(_ seqIdx: Int) throws -> [String: SeqData]
}

extension SeqDictDataset {
    /// The length of every data key.
    public func seqLength(_ seqIdx: Int) throws -> NumbersDict {
        let s = try seqDict(seqIdx)
        return NumbersDict(orderedPairs: dataKeys.map { ($0, s[$0]!.length) })
    }

    /// The data of `key`; throws for keys the dataset does not have.
    public func data(_ seqIdx: Int, key: String) throws -> SeqData {
        try checkKey(key)
        return try seqDict(seqIdx)[key]!
    }
}
