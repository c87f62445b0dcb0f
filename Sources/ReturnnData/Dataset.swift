/// A RETURNN dataset: sequences with data per key, ordered anew every epoch (RETURNN `Dataset`).
///
/// Lifecycle as upstream: construct, then `initSeqOrder(epoch:)` at the start of every epoch
/// (epochs count from 1; `nil` means "not in an epoch yet"), then for increasing sequence indices
/// `loadSeqs(start, end)` followed by `seqLength`/`data`/`tag`. Sequence indices are positions in
/// the current (sub-)epoch's order; `corpusSeqIdx` maps them back to the corpus.
public protocol Dataset: AnyObject {
    /// RETURNN class name used in configs (`"Task12AXDataset"`, `"HDFDataset"`, ...).
    static var className: String { get }
    /// The common options this dataset was built with.
    var options: DatasetOptions { get }
    /// All data keys (`get_data_keys`), "data" first when present.
    var dataKeys: [String] { get }
    /// Keys that are targets (`get_target_list`), a subset of `dataKeys`.
    var targetList: [String] { get }
    /// Dim, sparsity, dtype and frame shape of a key; throws for unknown keys.
    func dataSpec(_ key: String) throws -> DataSpec
    /// Label names per key (`labels`), where known.
    var labels: [String: [String]] { get }
    /// The vocabulary of `key`, to turn ids into text (`seqLabels`) or text into ids (`getSeq`):
    /// the dataset's own vocabulary object where it has one (LmDataset's `orth_vocab`), else
    /// `Vocabulary.fromLabels(labels[key])` (upstream `create_vocab_from_labels`, which upstream's
    /// search uses to write hypotheses); nil when the key has no labels.
    func vocabulary(for key: String) -> Vocabulary?
    /// The current epoch (`nil` before the first `initSeqOrder` or after `finishEpoch`).
    var epoch: Int? { get }
    /// Starts an epoch: computes the sequence order. Returns whether the order may have changed.
    @discardableResult func initSeqOrder(epoch: Int?) throws -> Bool
    /// Starts an epoch with a given order of corpus indices (upstream `init_seq_order(seq_order=...)`).
    /// The default implementation throws: not every dataset supports it.
    func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws
    /// Number of sequences in the current (sub-)epoch; `nil` when unknown or infinite.
    var numSeqs: Int? { get }
    /// `n < numSeqs`, also for datasets that do not know their length in advance.
    func isLessThanNumSeqs(_ n: Int) throws -> Bool
    /// Number of sequences of the whole corpus, without partitioning; `nil` if unknown/infinite.
    var totalNumSeqs: Int? { get }
    /// Makes sequences `[start, end)` of the current order available.
    func loadSeqs(_ start: Int, _ end: Int) throws
    /// Length per data key of sequence `seqIdx` (`get_seq_length`).
    func seqLength(_ seqIdx: Int) throws -> NumbersDict
    /// The data of one key for sequence `seqIdx`, shape `[T, ...]`.
    func data(_ seqIdx: Int, key: String) throws -> SeqData
    /// Tag of sequence `seqIdx` (`get_tag`).
    func tag(_ seqIdx: Int) throws -> String
    /// Tags of the whole corpus in corpus order (`get_all_tags`).
    func allTags() throws -> [String]
    /// Corpus index of sequence `seqIdx` (`get_corpus_seq_idx`), `nil` if the dataset cannot say.
    func corpusSeqIdx(_ seqIdx: Int) throws -> Int?
    /// Upstream `estimated_num_seqs`: `numSeqs` if known, else an estimate (default: the option).
    var estimatedNumSeqs: Int? { get }
}

extension Dataset {
    /// Default: `Vocabulary.fromLabels(labels[key])`, nil without labels.
    public func vocabulary(for key: String) -> Vocabulary? {
        labels[key].map { Vocabulary.fromLabels($0) }
    }

    /// Default: a predefined order is not supported.
    public func initSeqOrder(epoch: Int?, corpusOrder: [Int]) throws {
        throw DatasetError.invalidOption(dataset: name, option: "seq_order",
                                         message: "\(Self.className) cannot use a predefined sequence order")
    }

    /// Starts an epoch with the sequences of the given tags in that order (upstream
    /// `init_seq_order(seq_list=...)`); throws for tags not in the corpus.
    public func initSeqOrder(epoch: Int?, seqList: [String]) throws {
        let tags = try allTags()
        var index = [String: Int]()
        for (i, t) in tags.enumerated() where index[t] == nil { index[t] = i }
        let order = try seqList.map { t in
            guard let i = index[t] else {
                throw DatasetError.invalidOption(dataset: name, option: "seq_list", message: "unknown seq tag '\(t)'")
            }
            return i
        }
        try initSeqOrder(epoch: epoch, corpusOrder: order)
    }

    /// Default: `numSeqs`, else the `estimated_num_seqs` option.
    public var estimatedNumSeqs: Int? { numSeqs ?? options.estimatedNumSeqs }

    /// The dataset's name from its options.
    public var name: String { options.name }

    /// Default: `n < numSeqs`, true for infinite datasets.
    public func isLessThanNumSeqs(_ n: Int) throws -> Bool {
        guard let num = numSeqs else { return true }
        return n < num
    }

    /// RETURNN `num_outputs`: key → (dim, ndim), ndim 1 = sparse.
    public func numOutputs() throws -> [String: (dim: Int, ndim: Int)] {
        var r = [String: (dim: Int, ndim: Int)]()
        for k in dataKeys {
            let s = try dataSpec(k)
            r[k] = (s.dim, s.ndim)
        }
        return r
    }

    /// Fraction of the epoch done after sequence `seqIdx` (`get_complete_frac`), in (0, 1]: from
    /// `numSeqs`, else from `estimatedNumSeqs`; without either it grows monotonically towards (but
    /// never reaches) 1.
    public func completeFrac(_ seqIdx: Int) -> Double {
        if let n = numSeqs ?? estimatedNumSeqs, n > 0 { return Swift.min(Double(seqIdx + 1) / Double(n), 1.0) }
        return Swift.max(1e-10, (1 - 1 / (Double(seqIdx).squareRoot() / 100 + 1)) * 0.99)
    }

    /// Frames `[start, end)` of one key (`get_data_slice`).
    public func dataSlice(_ seqIdx: Int, key: String, start: Int, end: Int) throws -> SeqData {
        try data(seqIdx, key: key).frames(start, end)
    }

    /// `order[seqIdx]`: the corpus index of sequence `seqIdx` of `epoch`'s `order`; throws when no
    /// epoch was started or the index is outside the epoch.
    public func entry(of order: [Int], at seqIdx: Int, epoch: Int?) throws -> Int {
        guard let epoch else {
            throw DatasetError.unavailable(dataset: name, message: "no epoch started; call initSeqOrder(epoch:) first")
        }
        guard seqIdx >= 0, seqIdx < order.count else {
            throw DatasetError.unavailable(dataset: name, message: "seq index \(seqIdx) outside [0, \(order.count)) of epoch \(epoch)")
        }
        return order[seqIdx]
    }

    /// Throws `unknownDataKey` unless `key` is one of `dataKeys`.
    public func checkKey(_ key: String) throws {
        guard dataKeys.contains(key) else {
            throw DatasetError.unknownDataKey(dataset: name, key: key, available: dataKeys)
        }
    }
}
