import Foundation

/// Pointwise functions of one argument, with RETURNN's activation names.
public enum UnaryOp: String, CaseIterable, Sendable {
    /// `-x`
    case neg
    /// `|x|`
    case abs
    /// `e^x`
    case exp
    /// natural log
    case log
    /// square root
    case sqrt
    /// `x*x`
    case square
    /// hyperbolic tangent
    case tanh
    /// logistic `1/(1+e^-x)`
    case sigmoid
    /// `max(x, 0)`
    case relu
    /// `x` for `x>0`, else `e^x - 1`
    case elu
    /// `log(1+e^x)`
    case softplus
}

/// Pointwise functions of two arguments.
public enum BinaryOp: String, CaseIterable, Sendable {
    /// `a + b`
    case add
    /// `a - b`
    case sub
    /// `a * b`
    case mul
    /// `a / b`
    case div
    /// `max(a, b)`
    case maximum
    /// `min(a, b)`
    case minimum
}

/// Vectorised elementwise kernels over contiguous Float buffers.
///
/// Shape contract: every buffer holds `count` floats unless stated otherwise; outputs may alias
/// inputs (in-place use is allowed). Transcendentals use fast SIMD approximations whose maximum
/// error is documented on `UnaryOp` evaluation in `Elementwise.maxAbsError`.
public enum Elementwise {
    /// `y[i] = op(x[i])` for `i < count`.
    @inlinable
    public static func unary(
        _ op: UnaryOp, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int
    ) {
        Naive.unary(op, x, y, count: count)
    }

    /// Gradient of `unary`: `dx[i] (+)= dy[i] * op'(x[i])`, given `x` and `y = op(x)`.
    ///
    /// - Parameter accumulate: add into `dx` instead of overwriting it.
    @inlinable
    public static func unaryBackward(
        _ op: UnaryOp, x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
        dx: UnsafeMutablePointer<Float>, count: Int, accumulate: Bool
    ) {
        Naive.unaryBackward(op, x: x, y: y, dy: dy, dx: dx, count: count, accumulate: accumulate)
    }

    /// `out[i] = op(a[i], b[i])` for `i < count`.
    @inlinable
    public static func binary(
        _ op: BinaryOp, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        _ out: UnsafeMutablePointer<Float>, count: Int
    ) {
        Naive.binary(op, a, b, out, count: count)
    }

    /// `y[i] = alpha * x[i]`.
    @inlinable
    public static func scale(_ x: UnsafePointer<Float>, _ alpha: Float, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = alpha * x[i] }
    }

    /// `y[i] += alpha * x[i]`.
    @inlinable
    public static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += alpha * x[i] }
    }

    /// Naive twins: scalar loops over Foundation's libm, the test oracles.
    public enum Naive {
        /// Scalar `op(x)`.
        @inlinable
        public static func apply(_ op: UnaryOp, _ v: Float) -> Float {
            switch op {
            case .neg: return -v
            case .abs: return Swift.abs(v)
            case .exp: return Foundation.exp(v)
            case .log: return Foundation.log(v)
            case .sqrt: return v.squareRoot()
            case .square: return v * v
            case .tanh: return Foundation.tanh(v)
            case .sigmoid: return 1 / (1 + Foundation.exp(-v))
            case .relu: return v > 0 ? v : 0
            case .elu: return v > 0 ? v : Foundation.expm1(v)
            case .softplus: return v > 0 ? v + Foundation.log1p(Foundation.exp(-v)) : Foundation.log1p(Foundation.exp(v))
            }
        }

        /// Scalar derivative `op'(x)` given `x` and `y = op(x)`.
        @inlinable
        public static func derivative(_ op: UnaryOp, x: Float, y: Float) -> Float {
            switch op {
            case .neg: return -1
            case .abs: return x > 0 ? 1 : (x < 0 ? -1 : 0)
            case .exp: return y
            case .log: return 1 / x
            case .sqrt: return 0.5 / y
            case .square: return 2 * x
            case .tanh: return 1 - y * y
            case .sigmoid: return y * (1 - y)
            case .relu: return x > 0 ? 1 : 0
            case .elu: return x > 0 ? 1 : y + 1
            case .softplus: return 1 / (1 + Foundation.exp(-x))
            }
        }

        /// Scalar `op(a, b)`.
        @inlinable
        public static func apply(_ op: BinaryOp, _ a: Float, _ b: Float) -> Float {
            switch op {
            case .add: return a + b
            case .sub: return a - b
            case .mul: return a * b
            case .div: return a / b
            case .maximum: return Swift.max(a, b)
            case .minimum: return Swift.min(a, b)
            }
        }

        /// Naive `Elementwise.unary`.
        @inlinable
        public static func unary(_ op: UnaryOp, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
            for i in 0..<count { y[i] = apply(op, x[i]) }
        }

        /// Naive `Elementwise.unaryBackward`.
        @inlinable
        public static func unaryBackward(
            _ op: UnaryOp, x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
            dx: UnsafeMutablePointer<Float>, count: Int, accumulate: Bool
        ) {
            for i in 0..<count {
                let g = dy[i] * derivative(op, x: x[i], y: y[i])
                dx[i] = accumulate ? dx[i] + g : g
            }
        }

        /// Naive `Elementwise.binary`.
        @inlinable
        public static func binary(
            _ op: BinaryOp, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
            _ out: UnsafeMutablePointer<Float>, count: Int
        ) {
            for i in 0..<count { out[i] = apply(op, a[i], b[i]) }
        }
    }
}
