/// Binary operators of the config language (the raw value is the Python operator).
public enum BinaryOperator: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**"
    case lshift = "<<", rshift = ">>", bitAnd = "&", bitOr = "|", bitXor = "^", matMul = "@"
}

/// Comparison operators (chainable; the raw value is the Python operator).
public enum CompareOperator: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", `in` = "in", notIn = "not in"
    case `is` = "is", isNot = "is not"
}

/// Unary operators (the raw value is the Python operator).
public enum UnaryOperator: String, Sendable {
    case neg = "-", pos = "+", invert = "~", not = "not"
}

/// A literal constant.
enum Literal {
    case none, bool(Bool), int(Int), float(Double), str(String), bytes([UInt8])
}

/// One argument at a call site.
enum CallArgument {
    case positional(Expr), keyword(String, Expr), star(Expr), doubleStar(Expr)
}

/// One entry of a dict display.
enum DictItem {
    case pair(Expr, Expr), unpack(Expr)
}

/// One `for ... in ... if ...` clause of a comprehension.
struct ComprehensionClause {
    var target: Expr
    var iterable: Expr
    var conditions: [Expr]
}

/// A piece of an f-string.
enum FStringPart {
    case literal(String)
    case expr(Expr, conversion: Character?, spec: [FStringPart]?, selfDoc: String?)
}

/// Expression node kinds.
enum ExprKind {
    case literal(Literal)
    case name(String)
    case tuple([Expr]), list([Expr]), set([Expr]), dict([DictItem])
    case starred(Expr)
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case and([Expr]), or([Expr])
    case compare(Expr, [(CompareOperator, Expr)])
    case conditional(condition: Expr, then: Expr, otherwise: Expr)
    case call(Expr, [CallArgument])
    case attribute(Expr, String)
    case `subscript`(Expr, Expr)
    case slice(Expr?, Expr?, Expr?)
    case lambda(FunctionDefinition)
    case listComprehension(Expr, [ComprehensionClause])
    case setComprehension(Expr, [ComprehensionClause])
    case dictComprehension(Expr, Expr, [ComprehensionClause])
    case fstring([FStringPart])
    case namedExpr(String, Expr)
}

/// An expression with its source location.
final class Expr {
    let kind: ExprKind
    let location: SourceLocation
    init(_ kind: ExprKind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// A formal parameter of a `def` or `lambda`.
struct Parameter {
    enum Kind { case normal, varArgs, kwArgs, keywordOnly }
    var name: String
    var kind: Kind
    var defaultValue: Expr?
}

/// A `def` or `lambda`: parameters and body (a lambda body is one `return`).
final class FunctionDefinition {
    let name: String
    let parameters: [Parameter]
    let body: [Stmt]
    let location: SourceLocation
    let docstring: String?
    init(name: String, parameters: [Parameter], body: [Stmt], location: SourceLocation, docstring: String?) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
        self.docstring = docstring
    }
}

/// Statement node kinds.
enum StmtKind {
    case expr(Expr)
    case assign([Expr], Expr)
    case augAssign(Expr, BinaryOperator, Expr)
    case annotated(Expr, Expr?)
    case `if`([(Expr, [Stmt])], [Stmt]?)
    case `for`(Expr, Expr, [Stmt], [Stmt]?)
    case `while`(Expr, [Stmt], [Stmt]?)
    case def(FunctionDefinition)
    case `return`(Expr?)
    case pass, `break`, `continue`
    case `import`([(module: [String], alias: String?)])
    case fromImport(module: [String], names: [(name: String, alias: String?)])
    case global([String]), nonlocal([String])
    case del([Expr])
    case assert(Expr, Expr?)
    case raise(Expr?)
    case classDef(ClassDefinition)
    case `try`(body: [Stmt], handlers: [ExceptHandler], orelse: [Stmt]?, finally: [Stmt]?)
    case with([(context: Expr, target: Expr?)], [Stmt])
    /// `@decorator` lines before a `def` or `class` (applied bottom-up).
    case decorated([Expr], Stmt)
}

/// One `except [Type [as name]]:` clause.
struct ExceptHandler {
    var type: Expr?
    var name: String?
    var body: [Stmt]
    var location: SourceLocation
}

/// A `class Name(bases, keyword=...):` statement.
final class ClassDefinition {
    let name: String
    let bases: [Expr]
    let keywords: [(String, Expr)]
    let body: [Stmt]
    let location: SourceLocation
    init(name: String, bases: [Expr], keywords: [(String, Expr)], body: [Stmt], location: SourceLocation) {
        self.name = name
        self.bases = bases
        self.keywords = keywords
        self.body = body
        self.location = location
    }
}

/// A statement with its source location.
final class Stmt {
    let kind: StmtKind
    let location: SourceLocation
    init(_ kind: StmtKind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}
