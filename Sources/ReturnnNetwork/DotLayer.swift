import ReturnnConfig
import ReturnnTensor

/// Dot product of two sources over shared axes (RETURNN `dot`): with `I`, `J`, `K` groups of
/// axes, `[shared..., I, J] · [shared..., J, K] → [shared..., I, K]`, where `J` are the reduce axes
/// (`red1` of the first source, `red2` of the second), `I` the first source's `var1` axes, `K` the
/// second's `var2` axes, and the shared axes (batch, ...) the rest, matched by dim tag. The output
/// is `[shared (first source's order)..., var1..., var2...]`.
///
/// Options (without a behavior version, as upstream): `red1` (-1), `red2` (-2), `var1` (-2),
/// `var2` (-1) — axis descriptions, dim tags, ints or lists; None for no var axes; `reduce` sets
/// both `red1` and `red2`; `var1="auto"`/`var2="auto"` take the axes the other source lacks (then
/// a static axis matches any static axis of the same size); `add_var2_if_empty` (True unless
/// "auto": without `var2` axes a size-1 axis `<name>:dot:dummy-var2` ends the output); `use_mask`
/// (True: padded frames of dynamic reduce axes are zeroed in one source, so they do not count).
/// Attention energies over two different dynamic axes:
/// ```python
/// "energy": {"class": "dot", "from": ["dec", "enc"], "red1": "F", "red2": "F", "var1": "T", "var2": "T"}
/// # [B, T_dec, F] · [B, T_enc, F] -> [B, T_dec, T_enc]
/// ```
/// Not supported: reducing over a sparse source's classes (`red1` = its sparse dim, a gather).
/// The output of `[B, T_dec, T_enc]` has no feature axis here (upstream calls the last axis the
/// feature axis); name axes by tag.
public final class DotLayer: Layer {
    /// The class name in a net dict: `"class": "dot"`.
    public static let className = "dot"
    /// The two sources are separate operands.
    public static var concatenatesSources: Bool { false }
    /// `[shared..., var1..., var2...]`.
    public let output: DataTemplate
    /// Axes of the first source: shared, var, reduce (in matched order).
    let aRem: [Int], aVar: [Int], aRed: [Int]
    /// Axes of the second source, shared ones in the first source's order.
    let bRem: [Int], bVar: [Int], bRed: [Int]
    /// Dynamic reduce axes masked in the first or the second source.
    let maskA: [Int], maskB: [Int]
    let a: DataTemplate, b: DataTemplate
    let name: String, location: SourceLocation

    /// Reads the axes and computes the output template.
    public init(_ b: LayerBuilder) throws {
        guard b.inputs.count == 2 else {
            throw b.error(.invalidNetwork, "dot needs exactly two sources in 'from', got \(b.inputs.count)")
        }
        let (ta, tb) = (b.inputs[0], b.inputs[1])
        for (t, n) in zip(b.inputs, b.sourceNames) where !t.isFloat {
            throw b.error(.sparseMismatch, "source '\(n)' \(t) holds int values; dot here needs float sources " +
                          "(reducing over sparse classes is not supported; use a 'linear' layer or 'gather')")
        }
        if b.hasOption("reduce") && (b.hasOption("red1") || b.hasOption("red2")) {
            throw b.error(.invalidOption, "give either 'reduce' or 'red1'/'red2', not both")
        }
        func given(_ key: String) -> ConfigValue? { b.options.optionalValue(key) }
        let auto = [given("var1"), given("var2")].contains { $0?.stringValue == "auto" }
        let intValue = { (i: Int) in ConfigValue(.int(i)) }
        let red1 = given("reduce") ?? given("red1") ?? (auto ? nil : intValue(-1))
        let red2 = given("reduce") ?? given("red2") ?? (auto ? nil : intValue(-2))
        guard let red1, let red2, !red1.isNone, !red2.isNone else {
            throw b.error(.invalidOption, "needs the reduce axes: 'reduce' (both sources) or 'red1' and 'red2'")
        }
        b.options.ignore(["reduce", "red1", "red2", "var1", "var2", "debug"])
        let addVar2 = try b.read { try $0.bool("add_var2_if_empty", default: !auto) }
        if auto && addVar2 { throw b.error(.invalidOption, "add_var2_if_empty does not go with var1/var2 \"auto\"") }
        let useMask = try b.read { try $0.bool("use_mask", default: true) }
        let s1 = b.sourceNames[0], s2 = b.sourceNames[1]
        let r1 = try AxisDescription.resolve(red1, in: ta, key: "red1", layer: b)
        let r2 = try AxisDescription.resolve(red2, in: tb, key: "red2", layer: b)
        guard !r1.isEmpty, !r2.isEmpty, r1.count == r2.count else {
            throw b.error(.dimensionMismatch, "reduce axes red1 \(red1.repr) of '\(s1)' \(ta) and red2 \(red2.repr) of '\(s2)' \(tb) " +
                          "must be the same number of axes (at least one)")
        }
        for (i, j) in zip(r1, r2) {
            let (d1, d2) = (ta.dims[i], tb.dims[j])
            guard d1 == d2 || (d1.size != nil && d1.size == d2.size) else {
                throw b.error(.dimensionMismatch, "reduce axis \(d1) of '\(s1)' \(ta) and \(d2) of '\(s2)' \(tb) differ; the reduced axes " +
                              "must be the same dim (the same dynamic axis, or static of equal size)")
            }
        }
        var v1: [Int], v2: [Int]
        if auto {
            if let v = [given("var1"), given("var2")].compactMap({ $0 }).first(where: { $0.stringValue != "auto" }) {
                throw b.error(.invalidOption, "var1 and var2 must both be \"auto\" (or not given) when one is \"auto\"", at: v.location)
            }
            func matches(_ x: Dim, _ y: Dim) -> Bool { x == y || (!x.isBatch && !y.isBatch && x.size != nil && x.size == y.size) }
            let other1 = tb.dims.indices.filter { !r2.contains($0) }.map { tb.dims[$0] }
            let other2 = ta.dims.indices.filter { !r1.contains($0) }.map { ta.dims[$0] }
            v1 = ta.dims.indices.filter { i in !r1.contains(i) && !other1.contains { matches(ta.dims[i], $0) } }
            v2 = tb.dims.indices.filter { i in !r2.contains(i) && !other2.contains { matches(tb.dims[i], $0) } }
        } else {
            let var1 = given("var1") ?? intValue(-2), var2 = given("var2") ?? intValue(-1)
            v1 = var1.isNone ? [] : try AxisDescription.resolve(var1, in: ta, key: "var1", layer: b)
            v2 = var2.isNone ? [] : try AxisDescription.resolve(var2, in: tb, key: "var2", layer: b)
        }
        if let i = v1.first(where: r1.contains) {
            throw b.error(.invalidOption, "axis \(ta.dims[i]) of '\(s1)' \(ta) is both a var1 and a reduce axis")
        }
        if let i = v2.first(where: r2.contains) {
            throw b.error(.invalidOption, "axis \(tb.dims[i]) of '\(s2)' \(tb) is both a var2 and a reduce axis")
        }
        let rem1 = ta.dims.indices.filter { !v1.contains($0) && !r1.contains($0) }
        var rem2 = tb.dims.indices.filter { !v2.contains($0) && !r2.contains($0) }
        guard rem1.count == rem2.count,
              let remMap = DataTemplate(dims: rem1.map { ta.dims[$0] }).axisMap(into: DataTemplate(dims: rem2.map { tb.dims[$0] })) else {
            throw b.error(.dimensionMismatch, "the remaining (shared) axes of '\(s1)' \(ta) (\(rem1.map { ta.dims[$0].description })) and " +
                          "'\(s2)' \(tb) (\(rem2.map { tb.dims[$0].description })) do not match; every axis that is neither reduced nor " +
                          "a var axis must be in both sources (set var1/var2)")
        }
        rem2 = remMap.map { rem2[$0] }
        aRem = rem1; aVar = v1; aRed = r1
        bRem = rem2; bVar = v2; bRed = r2
        (maskA, maskB) = Self.maskAxes(ta, tb, r1, r2, useMask: useMask)
        var dims = (aRem + aVar).map { ta.dims[$0] } + bVar.map { tb.dims[$0] }
        if bVar.isEmpty && addVar2 { dims.append(Dim(kind: .spatial, name: "\(b.name):dot:dummy-var2", size: 1)) }
        output = DataTemplate(dims: dims)
        a = ta
        self.b = tb
        name = b.name
        location = b.location
    }

    /// A dot product over axes another layer chose (`generic_attention`): `rem` pairs the shared
    /// axes (second source's in the first's order), `red` the reduce axes; padded frames of dynamic
    /// reduce axes are masked. The output is `[rem of a..., var of a..., var of b...]`.
    init(_ ta: DataTemplate, _ tb: DataTemplate, rem: ([Int], [Int]), vars: ([Int], [Int]), red: ([Int], [Int]),
         name: String, location: SourceLocation) {
        (aRem, bRem) = rem
        (aVar, bVar) = vars
        (aRed, bRed) = red
        (maskA, maskB) = Self.maskAxes(ta, tb, aRed, bRed, useMask: true)
        output = DataTemplate(dims: (aRem + aVar).map { ta.dims[$0] } + bVar.map { tb.dims[$0] })
        a = ta
        b = tb
        self.name = name
        self.location = location
    }

    /// The dynamic reduce axes to mask: in the first source when it has fewer axes, else in the second.
    static func maskAxes(_ ta: DataTemplate, _ tb: DataTemplate, _ r1: [Int], _ r2: [Int], useMask: Bool) -> ([Int], [Int]) {
        let dynamic = useMask ? r1.indices.filter { ta.dims[r1[$0]].isDynamic } : []
        return ta.rank < tb.rank ? (dynamic.map { r1[$0] }, []) : ([], dynamic.map { r2[$0] })
    }

    /// Masks, transposes, multiplies batch-wise and reshapes.
    public func forward(_ inputs: [LayerValue], _ ctx: ForwardContext) throws -> LayerValue {
        let tape = ctx.tape
        var x = inputs[0].dense, y = inputs[1].dense
        for axis in maskA { x = AxisMask.masked(x, template: a, axis: axis, value: 0, ctx: ctx) }
        for axis in maskB { y = AxisMask.masked(y, template: b, axis: axis, value: 0, ctx: ctx) }
        func size(_ v: Variable, _ axes: [Int]) -> Int { axes.reduce(1) { $0 * v.shape[$1] } }
        let remShape = aRem.map { x.shape[$0] }
        guard remShape == bRem.map({ y.shape[$0] }), size(x, aRed) == size(y, bRed) else {
            throw NetworkError(.dimensionMismatch, "the sources have shapes \(x.shape) and \(y.shape) in this batch, which do not fit " +
                               "on the shared and reduce axes", layer: name, at: location)
        }
        let (r, k) = (size(x, aRem), size(x, aRed))
        let lhs = tape.reshape(Self.permuted(x, aRem + aVar + aRed, tape), [r, size(x, aVar), k])
        let rhs = tape.reshape(Self.permuted(y, bRem + bRed + bVar, tape), [r, k, size(y, bVar)])
        var shape = remShape + aVar.map { x.shape[$0] } + bVar.map { y.shape[$0] }
        if shape.count < output.rank { shape.append(1) }
        let out = tape.reshape(tape.batchMatmul(lhs, rhs), shape)
        return LayerValue(values: out, seqLens: output.timeDim.flatMap { ctx.sizes(of: $0) })
    }

    static func permuted(_ v: Variable, _ perm: [Int], _ tape: Tape) -> Variable {
        perm == Array(perm.indices) ? v : tape.transpose(v, perm)
    }
}
