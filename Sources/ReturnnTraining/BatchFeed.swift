import ReturnnData
import ReturnnNetwork
import ReturnnTensor

/// Turns a padded `Batch` from the data pipeline into the network's input values, checking each
/// key against the extern data template (sparse class indices in range, feature dims).
enum BatchFeed {
    /// Network inputs for the keys the network uses.
    static func values(_ batch: Batch, externData: ExternData, keys: [String]) throws -> [String: LayerValue] {
        var out: [String: LayerValue] = [:]
        for key in keys {
            guard let p = batch.data[key] else {
                throw EngineError("the dataset gives no data '\(key)' (it has: \(batch.data.keys.sorted().joined(separator: ", "))); " +
                                  "check extern_data / the layer's 'target'")
            }
            guard let t = externData[key] else { continue }
            let lens = IntTensor(shape: [p.seqLens.count], p.seqLens.map { Int32($0) })
            if t.isSparse {
                let ints = try intValues(p.values, key: key)
                let dim = t.sparseDim!
                if let bad = ints.enumerated().first(where: { $0.element < 0 || Int($0.element) >= dim }) {
                    throw EngineError("data '\(key)' has class index \(bad.element), but its dim is \(dim); fix extern_data / " +
                                      "num_outputs for '\(key)' or the data (seqs \(batch.seqTags.joined(separator: ", ")))")
                }
                out[key] = LayerValue(ints: IntTensor(shape: Array(p.shape.prefix(2)), ints), seqLens: lens)
            } else {
                let floats = floatValues(p.values)
                let expected = t.shape(batch: p.shape[0], time: p.shape.count > 1 ? p.shape[1] : 1)
                guard expected.reduce(1, *) == floats.count, p.shape.last == t.featureDim || t.featureDim == nil else {
                    throw EngineError("data '\(key)' has frames of shape \(Array(p.shape.dropFirst(2))), but extern_data says dim " +
                                      "\(t.featureDim.map(String.init) ?? "none"); fix extern_data / num_inputs")
                }
                out[key] = LayerValue(values: Variable(Tensor(shape: expected, floats)), seqLens: lens)
            }
        }
        return out
    }

    static func intValues(_ v: SeqData.Values, key: String) throws -> [Int32] {
        switch v {
        case .int32(let a): return a
        case .int64(let a): return a.map { Int32(truncatingIfNeeded: $0) }
        case .int16(let a): return a.map { Int32($0) }
        case .int8(let a): return a.map { Int32($0) }
        case .uint8(let a): return a.map { Int32($0) }
        case .float32, .float64:
            throw EngineError("data '\(key)' is declared sparse but the dataset gives float values; set sparse False in extern_data")
        }
    }

    static func floatValues(_ v: SeqData.Values) -> [Float] {
        switch v {
        case .float32(let a): return a
        case .float64(let a): return a.map { Float($0) }
        case .int32(let a): return a.map { Float($0) }
        case .int64(let a): return a.map { Float($0) }
        case .int16(let a): return a.map { Float($0) }
        case .int8(let a): return a.map { Float($0) }
        case .uint8(let a): return a.map { Float($0) }
        }
    }
}
