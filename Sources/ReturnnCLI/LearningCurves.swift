import ReturnnTraining

/// What `returnn plot` draws from a `learning_rate_file`: per epoch the scores and errors of each
/// dataset (`train_score`, `dev_error_output`, ...) and the learning rate, as i6_core's
/// `ReturnnTrainingJob.plot` takes them from the same file.
struct LearningCurves: Equatable {
    /// One line of the chart: a score or error key and its values per epoch.
    struct Series: Equatable {
        /// The key in the file (`dev_score_output/output_prob`).
        var key: String
        /// Whether the key is an error (`<dataset>_error...`, drawn on the error axis) rather than
        /// a score (`<dataset>_score...`, or any other key).
        var isError: Bool
        /// The key without `_score`/`_error` (`dev_output/output_prob`): a score and an error of the
        /// same group share a colour.
        var group: String
        /// (epoch, value) for each epoch that has a finite value, ascending by epoch.
        var points: [(epoch: Int, value: Double)]
        /// Epochs whose value is NaN or infinite (left out of the line).
        var nonFiniteEpochs: [Int]

        static func == (a: Series, b: Series) -> Bool {
            a.key == b.key && a.isError == b.isError && a.group == b.group && a.nonFiniteEpochs == b.nonFiniteEpochs
                && a.points.map(\.epoch) == b.points.map(\.epoch) && a.points.map(\.value) == b.points.map(\.value)
        }
    }

    /// Epochs in the file, ascending.
    var epochs: [Int]
    /// Score and error series, meta entries left out: grouped by dataset and loss (`group`), the
    /// train data's groups first, then the others in the order the file names them; in each group
    /// the score before the error.
    var series: [Series]
    /// The learning rate of each epoch, in `epochs` order.
    var learningRates: [Double]

    /// The curves of `data` (epoch → `EpochData`, as `LearningRateFileReader` returns it).
    init(_ data: [Int: EpochData]) {
        epochs = data.keys.sorted()
        learningRates = epochs.map { data[$0]!.learningRate }
        var order: [String] = []
        var values: [String: [(Int, Double)]] = [:]
        for e in epochs {
            for (k, v) in data[e]!.scores {
                if values[k] == nil { order.append(k) }
                values[k, default: []].append((e, v))
            }
        }
        let unordered = order.map { key in
            let (isError, group) = Self.classify(key)
            let all = values[key]!
            return Series(key: key, isError: isError, group: group, points: all.filter { $0.1.isFinite }.map { (epoch: $0.0, value: $0.1) },
                          nonFiniteEpochs: all.filter { !$0.1.isFinite }.map(\.0))
        }
        // Groups of the train data first, then the others as first seen; in a group the score first.
        var groups = unordered.map(\.group).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        groups = groups.filter { $0.hasPrefix("train") } + groups.filter { !$0.hasPrefix("train") }
        series = groups.flatMap { g in unordered.filter { $0.group == g && !$0.isError } + unordered.filter { $0.group == g && $0.isError } }
    }

    /// Scores (drawn on the left axis).
    var scores: [Series] { series.filter { !$0.isError } }
    /// Errors (drawn on the right axis).
    var errors: [Series] { series.filter(\.isError) }

    /// Whether `key` is an error, and its group: upstream names keys `<dataset>_score[_<loss>]`
    /// and `<dataset>_error[_<loss>]` (the dataset name may itself contain `_`).
    static func classify(_ key: String) -> (isError: Bool, group: String) {
        var best: (range: Range<String.Index>, isError: Bool)?
        for (marker, isError) in [("_score", false), ("_error", true)] {
            var search = key.startIndex..<key.endIndex
            while let r = key.range(of: marker, range: search) {
                if r.upperBound == key.endIndex || key[r.upperBound] == "_" {
                    if best == nil || r.lowerBound < best!.range.lowerBound { best = (r, isError) }
                    break
                }
                search = r.upperBound..<key.endIndex
            }
        }
        guard let best else { return (false, key) }
        return (best.isError, String(key[..<best.range.lowerBound]) + String(key[best.range.upperBound...]))
    }
}
