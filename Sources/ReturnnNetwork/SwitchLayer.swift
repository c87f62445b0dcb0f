import ReturnnConfig
import ReturnnTensor

/// Elementwise choice by a bool condition (RETURNN `switch`, TF `where`): `condition ? true_from :
/// false_from`.
///
/// Options: `condition` (the name of a layer with bool output, e.g. `compare`, or a bool constant
/// that statically picks one side), `true_from`, `false_from` (layer names or numbers, e.g.
/// `float("-inf")` for masking). No `from`. The output has the common axes of the three (axes
/// matched by dim tags), the dtype of `true_from` (of `false_from` when `true_from` is a
/// constant); the gradient goes to the chosen side.
/// ```python
/// "mask": {"class": "compare", "from": "energy", "kind": "greater", "value": 0.0},
/// "masked": {"class": "switch", "condition": "mask", "true_from": "energy", "false_from": float("-inf")}
/// ```
public final class SwitchLayer: ReferencesLayers {
    /// The class name in a net dict: `"class": "switch"`.
    public static let className = "switch"
    /// No `from`: the operands are options.
    public static var defaultSources: [String] { [] }
    /// The operands are separate.
    public static var concatenatesSources: Bool { false }
    /// The options that name layers.
    public static let layerOptionKeys = ["condition", "true_from", "false_from"]

    /// One operand: a layer (its index in `forward`'s inputs) or a constant.
    enum Operand {
        case layer(index: Int, template: DataTemplate, map: [Int])
        case constant(Float)
    }

    /// The common template of condition and operands.
    public let output: DataTemplate
    /// A constant condition, or nil when the condition is a layer.
    let staticCondition: Bool?
    let condition: Operand?
    let whenTrue: Operand?, whenFalse: Operand?

    /// Reads the operands and computes the common template.
    public init(_ b: LayerBuilder) throws {
        guard b.inputs.isEmpty else {
            throw b.error(.invalidOption, "switch takes its operands from 'condition', 'true_from' and 'false_from', not from 'from' " +
                          "(got \(b.sourceNames.joined(separator: ", ")))")
        }
        let keys = Self.layerOptionKeys
        func operand(_ key: String, required: Bool) throws -> (Operand, DataTemplate)? {
            let v = try b.read { try $0.value(key) }
            if let t = try b.referencedTemplate(key) {
                return (.layer(index: b.referenceIndex(key, keys: keys, sourceCount: 0)!, template: t, map: []), t)
            }
            if let d = v.doubleValue, v.boolValue == nil || key == "condition" {
                return (.constant(Float(d)), DataTemplate(dims: []))
            }
            if v.isNone && !required { return nil }
            throw b.error(.invalidOption, "\(key) must be a layer name or a number, got \(v.repr)", at: v.location)
        }
        let condValue = try b.read { try $0.value("condition") }
        if let flag = condValue.boolValue {
            // A constant condition picks one side statically (RETURNN: a callable evaluated at construction).
            staticCondition = flag
            let key = flag ? "true_from" : "false_from"
            b.options.ignore([flag ? "false_from" : "true_from"])
            guard let (op, t) = try operand(key, required: true) else { preconditionFailure() }
            var out = t
            if case .constant = op { out = DataTemplate(dims: []) }
            output = out
            condition = nil
            whenTrue = flag ? Self.mapped(op, out) : nil
            whenFalse = flag ? nil : Self.mapped(op, out)
            return
        }
        staticCondition = nil
        guard let ct = try b.referencedTemplate("condition"), case let (c, _)? = try operand("condition", required: true) else {
            throw b.error(.invalidOption, "condition must be the name of a layer with bool output (e.g. 'compare') or True/False, " +
                          "got \(condValue.repr)", at: condValue.location)
        }
        guard ct.isBool else {
            throw b.error(.sparseMismatch, "condition '\(condValue.stringValue ?? "")' \(ct) is not bool; use a 'compare' layer as condition",
                          at: condValue.location)
        }
        guard let (t, tt) = try operand("true_from", required: true), let (f, ft) = try operand("false_from", required: true) else {
            preconditionFailure()
        }
        let layers = [tt, ft, ct].enumerated().filter { i, _ in
            [t, f, c][i].isLayer
        }.map(\.element)
        let (common, misfit) = DataTemplate.common(layers, broadcastAll: true)
        guard var out = common else {
            throw b.error(.dimensionMismatch, "condition, true_from and false_from do not fit together (axis \(misfit ?? 0)): " +
                          "\(layers.map(\.description).joined(separator: ", "))")
        }
        let dtypeFrom = t.isLayer ? tt : ft
        if f.isLayer && t.isLayer && tt.isInt != ft.isInt {
            throw b.error(.sparseMismatch, "true_from \(tt) and false_from \(ft) have different dtypes")
        }
        out.isInt = dtypeFrom.isInt
        out.isBool = dtypeFrom.isBool
        out.sparseTag = dtypeFrom.sparseTag
        output = out
        condition = Self.mapped(c, out)
        whenTrue = Self.mapped(t, out)
        whenFalse = Self.mapped(f, out)
    }

    static func mapped(_ op: Operand, _ out: DataTemplate) -> Operand {
        guard case .layer(let i, let t, _) = op else { return op }
        return .layer(index: i, template: t, map: t.axisMap(into: out)!)
    }

    /// Chooses elementwise.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        func value(_ op: Operand) -> Variable {
            switch op {
            case .constant(let c): return Variable(Tensor(scalar: c))
            case .layer(let i, let t, let map):
                let v = inputs[i]
                let x = v.values ?? Variable(Tensor(shape: v.ints!.shape, v.ints!.array.map(Float.init)))
                return t.aligned(x, to: output, map: map, tape: tape)
            }
        }
        let y: Variable
        if let staticCondition {
            y = value((staticCondition ? whenTrue : whenFalse)!)
        } else {
            y = tape.select(value(condition!).value, value(whenTrue!), value(whenFalse!))
        }
        let lens = output.timeDim.flatMap { ctx.sizes(of: $0) }
        if output.isInt {
            return LayerValue(ints: IntTensor(shape: y.shape, y.value.array.map { Int32($0) }), seqLens: lens)
        }
        return LayerValue(values: y, seqLens: lens)
    }
}

extension SwitchLayer.Operand {
    var isLayer: Bool { if case .layer = self { return true } else { return false } }
}
