/// A fixed-size Float buffer owned by the updater (an optimizer slot, a gradient accumulator, or
/// the scratch gradient), allocated once so that a training step allocates nothing.
final class UpdaterBuffer {
    /// The values.
    let pointer: UnsafeMutablePointer<Float>
    /// Number of values.
    let count: Int

    /// A buffer of `count` values, all `value`.
    init(count: Int, value: Float) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: value, count: count)
    }

    deinit { pointer.deallocate() }

    /// Sets every value to `value`.
    func fill(_ value: Float) { pointer.update(repeating: value, count: count) }

    /// Copies `count` values from `source`.
    func copy(from source: UnsafePointer<Float>) { pointer.update(from: source, count: count) }

    /// Adds `count` values from `source`.
    func add(_ source: UnsafePointer<Float>) {
        var i = 0
        while i < count {
            let k = min(16, count - i)
            OptimizerLanes.store(OptimizerLanes.load(pointer + i, k) + OptimizerLanes.load(source + i, k), pointer + i, k)
            i += 16
        }
    }
}
