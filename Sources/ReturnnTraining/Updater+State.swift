import ReturnnConfig
import ReturnnTensor

extension Updater {
    /// The optimizer state for checkpoints, under TF-like names: the slots of each parameter
    /// (`output/W/Adam` = m, `output/W/Adam_1` = v, ...), the gradient accumulators
    /// (`output/W/accum_grad`), and each optimizer instance's scalars (`beta1_power`,
    /// `beta2_power`, ...; a second instance gets `beta1_power_1`, as TF names them).
    public func state() -> [String: Tensor] {
        var s: [String: Tensor] = [:]
        for e in entries {
            for (name, buf) in zip(e.slotNames, e.slots) { s[name] = Self.tensor(buf, shape: e.info.shape) }
            if let accum = e.accum { s[Self.accumName(e)] = Self.tensor(accum, shape: e.info.shape) }
        }
        for (choice, names) in zip(optimizers, scalarNames) {
            for (name, value) in zip(names, choice.optimizer.scalars) { s[name] = Tensor(scalar: value) }
        }
        return s
    }

    /// Restores a `state()`. Entries missing from `s` are reset to their initial values and
    /// returned (e.g. loading a model trained with another optimizer); an unknown entry or a shape
    /// mismatch throws `UpdaterError` before anything is changed.
    @discardableResult
    public func loadState(_ s: [String: Tensor]) throws -> [String] {
        var known: [String: [Int]] = [:]
        for e in entries {
            for name in e.slotNames { known[name] = e.info.shape }
            if e.accum != nil { known[Self.accumName(e)] = e.info.shape }
        }
        for names in scalarNames { for n in names { known[n] = [] } }
        for (name, t) in s.sorted(by: { $0.key < $1.key }) {
            guard let shape = known[name] else {
                throw UpdaterError.unknownStateEntry(name: name, suggestion: EditDistance.closest(to: name, in: known.keys.sorted()))
            }
            let ok = shape.isEmpty ? t.count == 1 : t.shape == shape
            if !ok { throw UpdaterError.stateShapeMismatch(name: name, expected: shape, got: t.shape) }
        }
        var missing: [String] = []
        for e in entries {
            for (j, (name, buf)) in zip(e.slotNames, e.slots).enumerated() {
                let initial = optimizers[e.optimizerIndex].optimizer.slotInitialValues[j]
                if let t = s[name] { t.withUnsafeBufferPointer { buf.copy(from: $0.baseAddress!) } } else { buf.fill(initial); missing.append(name) }
            }
            if let accum = e.accum {
                if let t = s[Self.accumName(e)] { t.withUnsafeBufferPointer { accum.copy(from: $0.baseAddress!) } } else {
                    accum.fill(0)
                    missing.append(Self.accumName(e))
                }
            }
        }
        for (choice, names) in zip(optimizers, scalarNames) where !names.isEmpty {
            choice.optimizer.resetScalars()
            var values = choice.optimizer.scalars
            for (j, n) in names.enumerated() {
                if let t = s[n] { values[j] = t.array[0] } else { missing.append(n) }
            }
            choice.optimizer.scalars = values
        }
        return missing.sorted()
    }

    /// Puts all optimizer slots, scalars and gradient accumulators back to their initial values
    /// (RETURNN `reset_updater_vars_mod_step`).
    public func resetSlots() {
        for e in entries {
            let initial = optimizers[e.optimizerIndex].optimizer.slotInitialValues
            for (buf, v) in zip(e.slots, initial) { buf.fill(v) }
            e.accum?.fill(0)
        }
        for choice in optimizers { choice.optimizer.resetScalars() }
    }

    /// RETURNN's `reset_updater_vars_mod_step = n`: resets the optimizer state (`resetSlots()`)
    /// before the training steps whose step number within the epoch is a multiple of n (so also at
    /// the start of every epoch). Returns whether it reset. The engine calls this before `step`.
    @discardableResult
    public func resetSlotsIfDue(stepInEpoch: Int) -> Bool {
        guard resetUpdaterVarsModStep > 0, stepInEpoch % resetUpdaterVarsModStep == 0 else { return false }
        resetSlots()
        return true
    }

    private static func accumName(_ e: Entry) -> String { "\(e.info.name)/accum_grad" }

    private static func tensor(_ buf: UpdaterBuffer, shape: [Int]) -> Tensor {
        Tensor(shape: shape, Array(UnsafeBufferPointer(start: buf.pointer, count: buf.count)))
    }
}
