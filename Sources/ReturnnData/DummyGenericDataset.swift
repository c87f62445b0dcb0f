/// Random data from an `extern_data`-like template (RETURNN `DummyGenericDataset`, used by
/// `use_dummy_datasets`).
///
/// Each key has its own dynamic time axis. For every key (in template order) the generator first
/// draws one length per key's time axis (`randint(min, max + 1)`, all keys, in order, as upstream
/// `get_random_seq_lens_for_dyn_dims`) and uses its own, then the values: sparse →
/// `randint(0, dim)`, float → `standard_normal`, int → `randint(0, 10)`.
public final class DummyGenericDataset: GeneratingDataset {
    /// RETURNN class name.
    public override class var className: String { "DummyGenericDataset" }

    /// One key of the template.
    public struct Template: Sendable, Equatable {
        /// Data key.
        public var key: String
        /// Element type (int32/int64 for integer data, float32/float64 for floats).
        public var dtype: DataType
        /// Number of classes for sparse data, `nil` for dense.
        public var sparseDim: Int?
        /// Shape per frame without time (`[]` for sparse, `[dim]` for dense features).
        public var featureShape: [Int]
        /// `available_for_inference` (default: true only for "data").
        public var availableForInference: Bool
        /// Length range of the time axis; `nil`: (1000, 8000) for float `[T]`/`[T,1]` data, else (5, 15).
        public var seqLens: ClosedRange<Int>?

        /// A template entry.
        public init(key: String, dtype: DataType, sparseDim: Int? = nil, featureShape: [Int] = [],
                    availableForInference: Bool? = nil, seqLens: ClosedRange<Int>? = nil) {
            self.key = key
            self.dtype = dtype
            self.sparseDim = sparseDim
            self.featureShape = featureShape
            self.availableForInference = availableForInference ?? (key == "data")
            self.seqLens = seqLens
        }

        var lenRange: ClosedRange<Int> {
            if let r = seqLens { return r }
            if !dtype.isInteger && sparseDim == nil && (featureShape == [] || featureShape == [1]) { return 1000...8000 }
            return 5...15
        }
    }

    /// The template, in key order.
    public let template: [Template]

    /// `DummyGenericDataset(data_template, num_seqs, seq_lens=None)`.
    public init(template: [Template], numSeqs: Int, options: DatasetOptions) throws {
        let bad = { (o: String, m: String) in DatasetError.invalidOption(dataset: options.name, option: o, message: m) }
        guard !template.isEmpty else { throw bad("data_template", "needs at least one data key") }
        var outputs = [(String, DataSpec)]()
        for t in template {
            if t.sparseDim != nil || t.dtype.isInteger {
                guard t.dtype == .int32 || t.dtype == .int64 else {
                    throw bad("data_template", "key '\(t.key)': integer data must be int32 or int64, got \(t.dtype)")
                }
            }
            if let r = t.seqLens, r.lowerBound < 0 { throw bad("seq_lens", "key '\(t.key)': lengths must be >= 0") }
            let dim = t.sparseDim ?? t.featureShape.last ?? 1
            outputs.append((t.key, DataSpec(dim: dim, sparse: t.sparseDim != nil, dtype: t.dtype, shape: t.featureShape)))
        }
        self.template = template
        var targets = template.contains { $0.key == "classes" } ? ["classes"] : []
        targets += template.filter { !$0.availableForInference && $0.key != "classes" }.map(\.key)
        try super.init(options: options, inputDim: nil, outputs: outputs, numSeqs: numSeqs, dataFirst: false, targets: targets)
    }

    override func generate(corpusSeqIdx: Int, random: inout NumpyRandomState) throws -> [String: SeqData] {
        var res = [String: SeqData]()
        for (ki, t) in template.enumerated() {
            var lens = [Int]()
            for u in template { lens.append(random.randint(u.lenRange.lowerBound, u.lenRange.upperBound + 1)) }
            let shape = [lens[ki]] + t.featureShape
            let n = shape.reduce(1, *)
            if let d = t.sparseDim {
                res[t.key] = DummyGenericDataset.ints((0..<n).map { _ in random.randint(0, d) }, t.dtype, shape)
            } else if t.dtype.isInteger {
                res[t.key] = DummyGenericDataset.ints((0..<n).map { _ in random.randint(0, 10) }, t.dtype, shape)
            } else {
                let v = (0..<n).map { _ in random.standardNormal() }
                res[t.key] = t.dtype == .float64 ? SeqData(.float64(v), shape: shape) : SeqData(.float32(v.map(Float.init)), shape: shape)
            }
        }
        return res
    }

    static func ints(_ v: [Int], _ dtype: DataType, _ shape: [Int]) -> SeqData {
        dtype == .int64 ? SeqData(.int64(v.map(Int64.init)), shape: shape) : SeqData(.int32(v.map { Int32($0) }), shape: shape)
    }
}
