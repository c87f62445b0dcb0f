/// RETURNN's `optimize_move_layers_out` for the unit of a `rec` layer: which layers run frame by
/// frame in the loop and which once over whole sequences, before or after it.
///
/// A layer moves out before the loop when everything it reads (this frame or `prev:`) has moved
/// out too; of the rest, a layer moves out after the loop when no layer left in the loop reads it
/// and no layer reads its previous frame. Layers reading the step index `:i` stay in the loop.
enum RecMoveOut {
    /// The unit's layers that read other unit layers: this frame's (`current`), the previous
    /// frame's (`prev`), and whether the layer must stay in the loop (`fixed`).
    typealias Dependencies = [String: (current: Set<String>, prev: Set<String>, fixed: Bool)]

    /// Returns the layers moved out before the loop and the layers that stay in it (the others
    /// move out after it). Without `optimize` every layer stays in the loop.
    static func plan(names: [String], deps: Dependencies, optimize: Bool) -> (before: Set<String>, inside: Set<String>) {
        guard optimize else { return ([], Set(names)) }
        var before = Set<String>()
        var changed = true
        while changed {
            changed = false
            for x in names where !before.contains(x) {
                let d = deps[x]!
                if !d.fixed && d.current.isSubset(of: before) && d.prev.isSubset(of: before) {
                    before.insert(x)
                    changed = true
                }
            }
        }
        let rest = names.filter { !before.contains($0) }
        var after = Set(rest.filter { !deps[$0]!.fixed })
        for x in rest { after.subtract(deps[x]!.prev) }
        changed = true
        while changed {
            changed = false
            for y in rest where !after.contains(y) {
                let needed = deps[y]!.current.intersection(after)
                if !needed.isEmpty {
                    after.subtract(needed)
                    changed = true
                }
            }
        }
        return (before, Set(rest).subtracting(after))
    }
}
