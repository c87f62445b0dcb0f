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
    /// `max(x, 0)` (NaN stays NaN)
    case relu
    /// `x` for `x>0`, else `e^x - 1`
    case elu
    /// `log(1+e^x)`
    case softplus
}

/// Pointwise functions of two arguments.
///
/// `maximum`/`minimum` propagate NaN (as `tf.maximum`/`tf.minimum` and numpy do).
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
/// inputs exactly (in-place use is allowed, partial overlap is not). Main loops run on
/// `SIMD16<Float>`, the last `count % 16` elements go through the same vector code on a
/// zero-padded copy, so results do not depend on the position of an element. Above
/// `parallelThreshold` elements the work is split over `threads` threads (`Parallel.forChunks`;
/// default `Parallel.defaultThreads`); results do not depend on the thread count.
///
/// Max error vs the `Naive` twin (libm), measured in `ElementwiseTests` with `|fast - naive| <=
/// abs + rel * |naive|`: exact for `neg`, `abs`, `sqrt`, `square`, `relu` and all `BinaryOp`s;
/// `exp`, `log`: rel 2e-7; `tanh`: abs 3e-7; `sigmoid`: abs 1.5e-7; `softplus`: rel 3e-7;
/// `elu`: abs 1.5e-7 (see `SIMDMath` for the approximations).
/// NaN inputs give NaN outputs for every op (for `maximum`/`minimum` too).
public enum Elementwise {
    /// Element count from which kernels split work over threads (platform notes §5: a fork
    /// only pays off above about 1M elements).
    public static let parallelThreshold = 1 << 20

    /// `y[i] = op(x[i])` for `i < count`. Error vs `Naive.unary`: see the type's doc comment.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func unary(
        _ op: UnaryOp, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
        threads: Int = Parallel.defaultThreads
    ) {
        let xs = SendablePointer(x), ys = SendablePointer(y)
        Parallel.forChunks(count: count, threads: threads, minPerThread: parallelThreshold / 2) { _, r in
            unaryRange(op, xs.p + r.lowerBound, ys.p + r.lowerBound, count: r.count)
        }
    }

    /// Gradient of `unary`: `dx[i] (+)= dy[i] * op'(x[i])`, given `x` and `y = op(x)`.
    ///
    /// Error vs `Naive.unaryBackward`: abs 1e-6 + rel 1e-6 (`softplus` uses the vector
    /// sigmoid, the others the twin's formula).
    /// - Parameter accumulate: add into `dx` instead of overwriting it.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func unaryBackward(
        _ op: UnaryOp, x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
        dx: UnsafeMutablePointer<Float>, count: Int, accumulate: Bool,
        threads: Int = Parallel.defaultThreads
    ) {
        let xs = SendablePointer(x), ys = SendablePointer(y), dys = SendablePointer(dy)
        let dxs = SendablePointer(dx)
        Parallel.forChunks(count: count, threads: threads, minPerThread: parallelThreshold / 2) { _, r in
            let o = r.lowerBound
            unaryBackwardRange(op, xs.p + o, ys.p + o, dys.p + o, dxs.p + o, count: r.count, accumulate: accumulate)
        }
    }

    /// `out[i] = op(a[i], b[i])` for `i < count`. Bit-identical to `Naive.binary`.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func binary(
        _ op: BinaryOp, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        _ out: UnsafeMutablePointer<Float>, count: Int,
        threads: Int = Parallel.defaultThreads
    ) {
        let aS = SendablePointer(a), bS = SendablePointer(b), oS = SendablePointer(out)
        Parallel.forChunks(count: count, threads: threads, minPerThread: parallelThreshold / 2) { _, r in
            let o = r.lowerBound
            binaryStrided(op, aS.p + o, aStride: 1, bS.p + o, bStride: 1, oS.p + o, count: r.count)
        }
    }

    /// `y[i] = alpha * x[i]`. Bit-identical to the scalar loop.
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func scale(
        _ x: UnsafePointer<Float>, _ alpha: Float, _ y: UnsafeMutablePointer<Float>, count: Int,
        threads: Int = Parallel.defaultThreads
    ) {
        let xs = SendablePointer(x), ys = SendablePointer(y)
        Parallel.forChunks(count: count, threads: threads, minPerThread: parallelThreshold / 2) { _, r in
            scaleRange(xs.p + r.lowerBound, alpha, ys.p + r.lowerBound, r.count)
        }
    }

    /// `y[i] += alpha * x[i]`, with a fused multiply-add (at most 0.5 ulp of `alpha * x[i]`
    /// away from the unfused scalar loop `Naive.axpy`).
    /// - Parameter threads: most threads to use (work below `Elementwise.parallelThreshold` elements
    ///   always stays on the calling thread).
    public static func axpy(
        _ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
        threads: Int = Parallel.defaultThreads
    ) {
        let xs = SendablePointer(x), ys = SendablePointer(y)
        Parallel.forChunks(count: count, threads: threads, minPerThread: parallelThreshold / 2) { _, r in
            axpyRange(alpha, xs.p + r.lowerBound, ys.p + r.lowerBound, r.count)
        }
    }

    // MARK: single-thread range kernels

    /// Single-thread `unary` over one contiguous range.
    @usableFromInline
    static func unaryRange(_ op: UnaryOp, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        switch op {
        case .neg: unaryNeg(x, y, n)
        case .abs: unaryAbs(x, y, n)
        case .exp: unaryExp(x, y, n)
        case .log: unaryLog(x, y, n)
        case .sqrt: unarySqrt(x, y, n)
        case .square: unarySquare(x, y, n)
        case .tanh: unaryTanh(x, y, n)
        case .sigmoid: unarySigmoid(x, y, n)
        case .relu: unaryRelu(x, y, n)
        case .elu: unaryElu(x, y, n)
        case .softplus: unarySoftplus(x, y, n)
        }
    }

    /// Single-thread `unaryBackward` over one contiguous range.
    @usableFromInline
    static func unaryBackwardRange(
        _ op: UnaryOp, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>, count n: Int, accumulate acc: Bool
    ) {
        switch op {
        case .neg: gradNeg(x, y, dy, dx, n, acc)
        case .abs: gradAbs(x, y, dy, dx, n, acc)
        case .exp: gradExp(x, y, dy, dx, n, acc)
        case .log: gradLog(x, y, dy, dx, n, acc)
        case .sqrt: gradSqrt(x, y, dy, dx, n, acc)
        case .square: gradSquare(x, y, dy, dx, n, acc)
        case .tanh: gradTanh(x, y, dy, dx, n, acc)
        case .sigmoid: gradSigmoid(x, y, dy, dx, n, acc)
        case .relu: gradRelu(x, y, dy, dx, n, acc)
        case .elu: gradElu(x, y, dy, dx, n, acc)
        case .softplus: gradSoftplus(x, y, dy, dx, n, acc)
        }
    }

    /// Single-thread `out[i] = op(a[i * aStride], b[i * bStride])` for `i < count`, `out` contiguous.
    /// Strides 0 and 1 run vectorised, others element by element.
    @usableFromInline
    static func binaryStrided(
        _ op: BinaryOp, _ a: UnsafePointer<Float>, aStride: Int, _ b: UnsafePointer<Float>, bStride: Int,
        _ out: UnsafeMutablePointer<Float>, count n: Int
    ) {
        switch op {
        case .add: binaryAdd(a, aStride, b, bStride, out, n)
        case .sub: binarySub(a, aStride, b, bStride, out, n)
        case .mul: binaryMul(a, aStride, b, bStride, out, n)
        case .div: binaryDiv(a, aStride, b, bStride, out, n)
        case .maximum: binaryMaximum(a, aStride, b, bStride, out, n)
        case .minimum: binaryMinimum(a, aStride, b, bStride, out, n)
        }
    }

    // MARK: one small function per op
    // Each op gets its own non-inlined loop, specialised for its `Lanewise` function.

    /// Input pointer of the per-op kernels.
    typealias In = UnsafePointer<Float>
    /// Output pointer of the per-op kernels.
    typealias Out = UnsafeMutablePointer<Float>

    /// Single-thread `y[i] = alpha * x[i]`.
    @inline(never) static func scaleRange(_ x: In, _ alpha: Float, _ y: Out, _ n: Int) {
        VectorLoop.map(x, y, n, Lanewise.Scale(a: SIMD16(repeating: alpha)))
    }

    /// Single-thread `y[i] += alpha * x[i]` (fused).
    @inline(never) static func axpyRange(_ alpha: Float, _ x: In, _ y: Out, _ n: Int) {
        VectorLoop.map2(x, y, y, n, Lanewise.Axpy(alpha: SIMD16(repeating: alpha)))
    }

    @inline(never) static func unaryNeg(_ x: In, _ y: Out, _ n: Int) { VectorLoop.map(x, y, n, Lanewise.Neg()) }
    @inline(never) static func unaryAbs(_ x: In, _ y: Out, _ n: Int) { VectorLoop.map(x, y, n, Lanewise.Abs()) }
    @inline(never) static func unaryExp(_ x: In, _ y: Out, _ n: Int) { VectorLoop.map(x, y, n, Lanewise.Exp()) }
    @inline(never) static func unaryLog(_ x: In, _ y: Out, _ n: Int) { VectorLoop.map(x, y, n, Lanewise.Log()) }
    @inline(never) static func unarySqrt(_ x: In, _ y: Out, _ n: Int) { VectorLoop.map(x, y, n, Lanewise.Sqrt()) }
    @inline(never) static func unarySquare(_ x: In, _ y: Out, _ n: Int) { VectorLoop.map(x, y, n, Lanewise.Square()) }
    @inline(never) static func unaryTanh(_ x: In, _ y: Out, _ n: Int) { VectorLoop.map(x, y, n, Lanewise.Tanh()) }
    @inline(never) static func unarySigmoid(_ x: In, _ y: Out, _ n: Int) { VectorLoop.map(x, y, n, Lanewise.Sigmoid()) }
    @inline(never) static func unaryRelu(_ x: In, _ y: Out, _ n: Int) { VectorLoop.map(x, y, n, Lanewise.Relu()) }
    @inline(never) static func unaryElu(_ x: In, _ y: Out, _ n: Int) { VectorLoop.map(x, y, n, Lanewise.Elu()) }
    @inline(never) static func unarySoftplus(_ x: In, _ y: Out, _ n: Int) { VectorLoop.map(x, y, n, Lanewise.Softplus()) }

    @inline(never) static func gradNeg(_ x: In, _ y: In, _ dy: In, _ dx: Out, _ n: Int, _ acc: Bool) {
        VectorLoop.mapGrad(x, y, dy, dx, n, acc, Lanewise.DNeg())
    }
    @inline(never) static func gradAbs(_ x: In, _ y: In, _ dy: In, _ dx: Out, _ n: Int, _ acc: Bool) {
        VectorLoop.mapGrad(x, y, dy, dx, n, acc, Lanewise.DAbs())
    }
    @inline(never) static func gradExp(_ x: In, _ y: In, _ dy: In, _ dx: Out, _ n: Int, _ acc: Bool) {
        VectorLoop.mapGrad(x, y, dy, dx, n, acc, Lanewise.DExp())
    }
    @inline(never) static func gradLog(_ x: In, _ y: In, _ dy: In, _ dx: Out, _ n: Int, _ acc: Bool) {
        VectorLoop.mapGrad(x, y, dy, dx, n, acc, Lanewise.DLog())
    }
    @inline(never) static func gradSqrt(_ x: In, _ y: In, _ dy: In, _ dx: Out, _ n: Int, _ acc: Bool) {
        VectorLoop.mapGrad(x, y, dy, dx, n, acc, Lanewise.DSqrt())
    }
    @inline(never) static func gradSquare(_ x: In, _ y: In, _ dy: In, _ dx: Out, _ n: Int, _ acc: Bool) {
        VectorLoop.mapGrad(x, y, dy, dx, n, acc, Lanewise.DSquare())
    }
    @inline(never) static func gradTanh(_ x: In, _ y: In, _ dy: In, _ dx: Out, _ n: Int, _ acc: Bool) {
        VectorLoop.mapGrad(x, y, dy, dx, n, acc, Lanewise.DTanh())
    }
    @inline(never) static func gradSigmoid(_ x: In, _ y: In, _ dy: In, _ dx: Out, _ n: Int, _ acc: Bool) {
        VectorLoop.mapGrad(x, y, dy, dx, n, acc, Lanewise.DSigmoid())
    }
    @inline(never) static func gradRelu(_ x: In, _ y: In, _ dy: In, _ dx: Out, _ n: Int, _ acc: Bool) {
        VectorLoop.mapGrad(x, y, dy, dx, n, acc, Lanewise.DRelu())
    }
    @inline(never) static func gradElu(_ x: In, _ y: In, _ dy: In, _ dx: Out, _ n: Int, _ acc: Bool) {
        VectorLoop.mapGrad(x, y, dy, dx, n, acc, Lanewise.DElu())
    }
    @inline(never) static func gradSoftplus(_ x: In, _ y: In, _ dy: In, _ dx: Out, _ n: Int, _ acc: Bool) {
        VectorLoop.mapGrad(x, y, dy, dx, n, acc, Lanewise.DSoftplus())
    }

    @inline(never) static func binaryAdd(_ a: In, _ sa: Int, _ b: In, _ sb: Int, _ out: Out, _ n: Int) {
        VectorLoop.zip(a, sa, b, sb, out, n, Lanewise.Add())
    }
    @inline(never) static func binarySub(_ a: In, _ sa: Int, _ b: In, _ sb: Int, _ out: Out, _ n: Int) {
        VectorLoop.zip(a, sa, b, sb, out, n, Lanewise.Sub())
    }
    @inline(never) static func binaryMul(_ a: In, _ sa: Int, _ b: In, _ sb: Int, _ out: Out, _ n: Int) {
        VectorLoop.zip(a, sa, b, sb, out, n, Lanewise.Mul())
    }
    @inline(never) static func binaryDiv(_ a: In, _ sa: Int, _ b: In, _ sb: Int, _ out: Out, _ n: Int) {
        VectorLoop.zip(a, sa, b, sb, out, n, Lanewise.Div())
    }
    @inline(never) static func binaryMaximum(_ a: In, _ sa: Int, _ b: In, _ sb: Int, _ out: Out, _ n: Int) {
        VectorLoop.zip(a, sa, b, sb, out, n, Lanewise.Max())
    }
    @inline(never) static func binaryMinimum(_ a: In, _ sa: Int, _ b: In, _ sb: Int, _ out: Out, _ n: Int) {
        VectorLoop.zip(a, sa, b, sb, out, n, Lanewise.Min())
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
            case .relu: return v > 0 || v.isNaN ? v : 0
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
            case .maximum: return b.isNaN ? b : (a.isNaN ? a : Swift.max(a, b))
            case .minimum: return b.isNaN ? b : (a.isNaN ? a : Swift.min(a, b))
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

        /// Naive `Elementwise.scale`.
        public static func scale(_ x: UnsafePointer<Float>, _ alpha: Float, _ y: UnsafeMutablePointer<Float>, count: Int) {
            for i in 0..<count { y[i] = alpha * x[i] }
        }

        /// Naive `Elementwise.axpy` (unfused multiply and add).
        public static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
            for i in 0..<count { y[i] += alpha * x[i] }
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
