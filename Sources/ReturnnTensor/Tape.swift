import ReturnnKernels

/// Reverse-mode automatic differentiation: a tape of primitive ops, each with its own gradient rule.
///
/// Use per batch: create a tape, register the parameters as leaves (`leaf(_:name:)`, with RETURNN
/// names like `"output/W"`), run layer code through the ops (extensions of `Tape`, one file per
/// family, each primitive's forward next to its gradient rule), then call `backward(_:)` on the
/// scalar loss to get the gradient of every leaf. A tape is used for one backward pass.
///
/// No-grad mode (`Tape(recording: false)`, for eval/forward/search) runs the same ops but records
/// nothing, so intermediates are freed as soon as layer code drops them. Also in recording mode an
/// op whose inputs are all constants (input data, masks) is not recorded.
///
/// Shape errors inside ops are `precondition` failures: layers check shapes when they are built
/// (and throw typed errors there), so a mismatch reaching the tape is a broken invariant.
///
/// Adding a primitive: compute the forward values, then call `record(inputs:outputs:backward:)`
/// with a rule that reads `BackwardContext.outputGradient(_:)` and adds into
/// `BackwardContext.gradientBuffer(_:)` / `accumulate(_:_:)` for each input that `needsGradient`.
/// The rule's closure captures exactly the intermediates it needs; they are released after the
/// rule ran (or immediately when the op is not recorded).
public final class Tape {
    /// One recorded primitive: input and output slots and its gradient rule.
    struct Node {
        let inputs: [Int?]
        let outputs: [Int]
        var rule: ((BackwardContext) -> Void)?
    }

    /// Whether ops are recorded (false = no-grad mode).
    public let isRecording: Bool
    /// Recorded primitives in execution (topological) order.
    var nodes: [Node] = []
    /// Shape of every slot (leaves and op outputs).
    var shapes: [[Int]] = []
    /// Gradient buffers per slot, filled during `backward`.
    var grads: [Tensor?] = []
    /// Leaf slots in registration order, with optional names.
    var leaves: [Int] = []
    /// Names of named leaves.
    var leafNames: [Int: String] = [:]
    /// Slots of named leaves, to reject duplicates.
    var slotsByName: [String: Int] = [:]
    /// Set once `backward` ran.
    var consumed = false

    /// Creates an empty tape; `recording: false` is the no-grad mode.
    public init(recording: Bool = true) {
        isRecording = recording
    }

    /// Number of recorded primitives (0 in no-grad mode).
    public var recordedOpCount: Int { nodes.count }

    /// Registers `value` as a differentiable leaf (a parameter), optionally under a unique `name`.
    /// In no-grad mode this returns a constant.
    public func leaf(_ value: Tensor, name: String? = nil) -> Variable {
        guard isRecording else { return Variable(value) }
        precondition(!consumed, "Tape.leaf: the tape was already used by backward")
        let id = newSlot(value.shape)
        leaves.append(id)
        if let name {
            precondition(slotsByName[name] == nil, "Tape.leaf: a leaf named '\(name)' is already registered")
            slotsByName[name] = id
            leafNames[id] = name
        }
        return Variable(value, id: id, tapeID: ObjectIdentifier(self))
    }

    /// Whether an op over `inputs` must be recorded (recording mode and some input is tracked).
    /// Ops use it to skip work that only the gradient rule needs.
    public func needsGradient(_ inputs: [Variable]) -> Bool {
        guard isRecording else { return false }
        var any = false
        for v in inputs {
            guard let id = v.id else { continue }
            precondition(v.tapeID == ObjectIdentifier(self) && id < shapes.count && shapes[id] == v.shape,
                         "Tape: variable belongs to another tape")
            any = true
        }
        return any
    }

    /// Records a primitive with several outputs; returns the outputs as variables (constants when
    /// nothing needs a gradient, in which case `rule` is dropped).
    public func record(
        inputs: [Variable], outputs: [Tensor], rule: @escaping (BackwardContext) -> Void
    ) -> [Variable] {
        guard needsGradient(inputs) else { return outputs.map { Variable($0) } }
        precondition(!consumed, "Tape: ops cannot be recorded after backward")
        let tid = ObjectIdentifier(self)
        let outIDs = outputs.map { newSlot($0.shape) }
        nodes.append(Node(inputs: inputs.map(\.id), outputs: outIDs, rule: rule))
        return zip(outputs, outIDs).map { Variable($0, id: $1, tapeID: tid) }
    }

    /// Records a primitive with one output.
    public func record(
        inputs: [Variable], output: Tensor, rule: @escaping (BackwardContext) -> Void
    ) -> Variable {
        record(inputs: inputs, outputs: [output], rule: rule)[0]
    }

    /// Runs the gradient rules in reverse order, starting from `output` with gradient `seed`
    /// (default 1 for a one-element output, the loss), and returns the gradient of every leaf.
    /// Leaves the output does not depend on get zero gradients. Can be called once per tape.
    public func backward(_ output: Variable, seed: Tensor? = nil) -> Gradients {
        precondition(isRecording, "Tape.backward: no-grad tape has nothing to differentiate")
        precondition(!consumed, "Tape.backward: called twice on one tape")
        consumed = true
        if let id = output.id {
            precondition(output.tapeID == ObjectIdentifier(self), "Tape.backward: variable belongs to another tape")
            let s: Tensor
            if let seed {
                precondition(seed.count == output.value.count,
                             "Tape.backward: seed shape \(seed.shape) does not match output \(output.shape)")
                s = seed.reshaped(output.shape)
            } else {
                precondition(output.value.count == 1,
                             "Tape.backward: output of shape \(output.shape) is not a scalar; pass a seed")
                s = Tensor(shape: output.shape, repeating: 1)
            }
            grads[id] = s
            runRules()
        }
        var byID: [Int: Tensor] = [:]
        for id in leaves { byID[id] = grads[id] ?? Tensor(zeros: shapes[id]) }
        grads = []
        return Gradients(byID: byID, names: leafNames)
    }

    /// Reverse sweep: each rule whose outputs received gradient runs once, then its captured
    /// intermediates and its output gradients are released.
    private func runRules() {
        for n in nodes.indices.reversed() {
            guard let rule = nodes[n].rule else { continue }
            nodes[n].rule = nil
            let outs = nodes[n].outputs
            guard outs.contains(where: { grads[$0] != nil }) else { continue }
            rule(BackwardContext(tape: self, inputs: nodes[n].inputs, outputs: outs))
            for o in outs { grads[o] = nil }
        }
    }

    /// Allocates a slot for a value of `shape`.
    private func newSlot(_ shape: [Int]) -> Int {
        shapes.append(shape)
        grads.append(nil)
        return shapes.count - 1
    }
}
