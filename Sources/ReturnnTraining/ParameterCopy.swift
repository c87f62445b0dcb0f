import ReturnnNetwork
import ReturnnTensor

/// Carries parameter values from an old network into a newly built (randomly initialized) one,
/// by parameter name (`"output/W"`), as RETURNN does when the net dict changes between epochs
/// (`returnn/tf/engine.py` `init_new_network`, `returnn/tf/layers/base.py`
/// `set_param_values_by_dict`). Params the new network lacks are ignored; new params keep their
/// random init.
public enum ParameterCopy {
    /// One line for the log, with its RETURNN verbosity level (2 or 3).
    public struct Message: Equatable, Sendable, CustomStringConvertible {
        /// The log level (`log.v2`, `log.v3`).
        public let verbosity: Int
        /// The text.
        public let text: String

        /// Creates a message.
        public init(verbosity: Int, text: String) {
            self.verbosity = verbosity
            self.text = text
        }

        /// The text.
        public var description: String { text }
    }

    /// Copies `old` into `new` and returns the log messages (old params in name order).
    ///
    /// - `mode`: nil or `.ifPossible` copy where shapes match; `.subset` also copies into tensors
    ///   of another shape of the same rank (the old values go into the leading part of each
    ///   block of `splitInfo[name]`, or of the whole axis without split info); `.reset` copies
    ///   nothing.
    /// - `copyOutputLayer`: false leaves the params in `outputParams` (the output layers' params)
    ///   at their new values (RETURNN's `copy_output_layer`, applied in pretrain epochs).
    /// - `splitInfo`: per new param, per axis, the block sizes summing to the new dim (an LSTM's
    ///   `4·n` axis is `[n, n, n, n]`).
    /// - `ignoreWrongShape`: with `mode` nil and this false, a shape mismatch throws (upstream
    ///   asserts); with a mode it is always true. `ignoreNonExisting` false makes an old param
    ///   that the new network lacks throw. Both are true in pretrain epochs.
    ///
    /// Throws `NetworkError.parameterMismatch` for the strict cases above.
    public static func copy(from old: [String: Tensor], into new: inout [String: Tensor], mode: ParameterCopyMode?,
                            copyOutputLayer: Bool = true, outputParams: Set<String> = [],
                            splitInfo: [String: [[Int]]] = [:], ignoreWrongShape: Bool = true,
                            ignoreNonExisting: Bool = true) throws -> [Message] {
        var messages: [Message] = []
        let ignoreShape = ignoreWrongShape || mode != nil
        for name in old.keys.sorted() {
            let values = old[name]!
            if !copyOutputLayer && outputParams.contains(name) {
                messages.append(Message(verbosity: 2, text: "suspend copying of output layer param: \(name)"))
                continue
            }
            guard let target = new[name] else {
                guard ignoreNonExisting else {
                    throw NetworkError(.parameterMismatch, "param '\(name)' of the old network does not exist in the new network")
                }
                messages.append(Message(verbosity: 3, text: "Will not set param '\(name)' because it does not exist."))
                continue
            }
            if mode == .reset { continue }
            if target.shape == values.shape {
                new[name] = values
                continue
            }
            guard ignoreShape else {
                throw NetworkError(.parameterMismatch,
                                   "param '\(name)': shape \(target.shape) in the new network != \(values.shape) in the old one")
            }
            guard mode == .subset else {
                messages.append(Message(verbosity: 3, text: "Will not set param '\(name)' because its shape \(target.shape) != \(tupleRepr(values.shape))."))
                continue
            }
            guard target.rank == values.rank else {
                messages.append(Message(verbosity: 3, text: "Will not set param '\(name)': copy_param_mode 'subset' needs the same number of axes, but the shape is \(target.shape) now and \(values.shape) before."))
                continue
            }
            let newSplits: [[Int]]
            let oldSplits: [[Int]]
            if let info = splitInfo[name] {
                precondition(info.count == target.rank && zip(info, target.shape).allSatisfy { $0.reduce(0, +) == $1 },
                             "ParameterCopy: split info \(info) of param '\(name)' does not fit its shape \(target.shape)")
                guard let transformed = transformSplitInfo(info, toShape: values.shape) else {
                    messages.append(Message(verbosity: 3, text: "Will not set param '\(name)': cannot map the old shape \(values.shape) onto the blocks \(info) of the new shape \(target.shape)."))
                    continue
                }
                newSplits = info
                oldSplits = transformed
                messages.append(Message(verbosity: 3, text: "Param '\(name)': transform old values of shape parts \(oldSplits) into new shape parts \(newSplits)."))
            } else {
                newSplits = target.shape.map { [$0] }
                oldSplits = values.shape.map { [$0] }
                messages.append(Message(verbosity: 3, text: "Param '\(name)': transform old values of shape \(tupleRepr(values.shape)) into new shape \(tupleRepr(target.shape))."))
            }
            new[name] = copyWithNewSplitAxes(old: values, oldSplits: oldSplits, newSplits: newSplits, base: target)
        }
        return messages
    }

    /// Python's repr of a shape tuple: `(3, 4)`, `(3,)`, `()`.
    static func tupleRepr(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The split info of a param for another shape of the same rank (upstream
    /// `transform_param_axes_split_info_to_new_shape`): an axis with one part becomes the new
    /// dim; an axis of equal parts is divided equally; other parts follow the dims that changed
    /// on the other axes, the first unknown part taking the rest. Nil when no non-negative split
    /// fits.
    ///
    /// Example: `[[7], [7, 7, 7, 7]]` to shape `[14, 56]` gives `[[14], [14, 14, 14, 14]]`.
    public static func transformSplitInfo(_ info: [[Int]], toShape shape: [Int]) -> [[Int]]? {
        precondition(info.count == shape.count, "ParameterCopy.transformSplitInfo: \(info.count) axes of split info for shape \(shape)")
        var dimMap: [Int: Int] = [:]  // old block size -> new block size
        for (dim, parts) in zip(shape, info) {
            if parts.count == 1 {
                dimMap[parts[0]] = dim
            } else if let first = parts.first, parts.allSatisfy({ $0 == first }), dim % parts.count == 0 {
                dimMap[first] = dim / parts.count
            }
        }
        var out: [[Int]] = []
        for (dim, parts) in zip(shape, info) {
            precondition(!parts.isEmpty, "ParameterCopy.transformSplitInfo: empty split of an axis in \(info)")
            if parts.count == 1 {
                out.append([dim])
                continue
            }
            var newParts = parts.map { dimMap[$0] }
            if newParts.contains(where: { $0 == nil }) {
                while newParts.filter({ $0 == nil }).count > 1 {
                    let j = newParts.firstIndex(where: { $0 == nil })!
                    let assigned = newParts.reduce(0) { $0 + ($1 ?? 0) }
                    newParts[j] = min(parts[j], dim - assigned)
                }
                let j = newParts.firstIndex(where: { $0 == nil })!
                newParts[j] = dim - newParts.reduce(0) { $0 + ($1 ?? 0) }
            } else if newParts.reduce(0, { $0 + $1! }) != dim {
                newParts[0] = dim - newParts.dropFirst().reduce(0) { $0 + $1! }
            }
            let resolved = newParts.map { $0! }
            guard resolved.allSatisfy({ $0 >= 0 }), resolved.reduce(0, +) == dim else { return nil }
            out.append(resolved)
        }
        return out
    }

    /// `base` with, for every combination of blocks, the leading `min(old, new)` part of each old
    /// block written into the corresponding new block (upstream `copy_with_new_split_axes`).
    ///
    /// Shape contract: `old.shape[a] == oldSplits[a].sum`, `base.shape[a] == newSplits[a].sum`,
    /// and `oldSplits[a].count == newSplits[a].count` for every axis `a`.
    public static func copyWithNewSplitAxes(old: Tensor, oldSplits: [[Int]], newSplits: [[Int]], base: Tensor) -> Tensor {
        let rank = old.rank
        precondition(base.rank == rank && oldSplits.count == rank && newSplits.count == rank,
                     "ParameterCopy.copyWithNewSplitAxes: ranks differ")
        for a in 0..<rank {
            precondition(oldSplits[a].count == newSplits[a].count
                && oldSplits[a].reduce(0, +) == old.shape[a] && newSplits[a].reduce(0, +) == base.shape[a],
                "ParameterCopy.copyWithNewSplitAxes: axis \(a): splits \(oldSplits[a]) / \(newSplits[a]) do not fit shapes \(old.shape) / \(base.shape)")
        }
        var result = base
        if rank == 0 {
            return old
        }
        func strides(_ shape: [Int]) -> [Int] {
            var s = [Int](repeating: 1, count: shape.count)
            for a in stride(from: shape.count - 2, through: 0, by: -1) { s[a] = s[a + 1] * shape[a + 1] }
            return s
        }
        let oldStrides = strides(old.shape), newStrides = strides(base.shape)
        func offsets(_ parts: [Int]) -> [Int] {
            var o: [Int] = [], acc = 0
            for p in parts { o.append(acc); acc += p }
            return o
        }
        let oldOffsets = oldSplits.map(offsets), newOffsets = newSplits.map(offsets)
        old.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                var block = [Int](repeating: 0, count: rank)  // block index per axis
                blocks: while true {
                    let dims = (0..<rank).map { min(oldSplits[$0][block[$0]], newSplits[$0][block[$0]]) }
                    if !dims.contains(0) {
                        // Walk the box `dims` over all axes but the last; copy rows along the last.
                        var pos = [Int](repeating: 0, count: rank)
                        rows: while true {
                            var s = 0, d = 0
                            for a in 0..<rank {
                                s += (oldOffsets[a][block[a]] + pos[a]) * oldStrides[a]
                                d += (newOffsets[a][block[a]] + pos[a]) * newStrides[a]
                            }
                            (dst.baseAddress! + d).update(from: src.baseAddress! + s, count: dims[rank - 1])
                            var a = rank - 2
                            while a >= 0 {
                                pos[a] += 1
                                if pos[a] < dims[a] { continue rows }
                                pos[a] = 0
                                a -= 1
                            }
                            break rows
                        }
                    }
                    var a = rank - 1
                    while a >= 0 {
                        block[a] += 1
                        if block[a] < oldSplits[a].count { continue blocks }
                        block[a] = 0
                        a -= 1
                    }
                    break blocks
                }
            }
        }
        return result
    }
}
