/// The lane-wise functions the kernels run through `VectorLoop` (one small struct each, see
/// `VectorFunction` for why these are not closures). Derivative functors (`D...`) take
/// `(x, y = f(x))` and return `f'(x)`, exactly the formulas of `Elementwise.Naive.derivative`.
@usableFromInline
enum Lanewise {
    // MARK: unary

    /// `-x`
    @usableFromInline struct Neg: VectorFunction {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { -x }
    }

    /// `|x|` (NaN stays NaN)
    @usableFromInline struct Abs: VectorFunction {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
            x.replacing(with: -x, where: x .< 0)
        }
    }

    /// `SIMDMath.exp`
    @usableFromInline struct Exp: VectorFunction {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { SIMDMath.exp(x) }
    }

    /// `SIMDMath.log`
    @usableFromInline struct Log: VectorFunction {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { SIMDMath.log(x) }
    }

    /// Square root (`SIMD.squareRoot` is one `sqrtf` call per lane on Linux; correctly rounded).
    @usableFromInline struct Sqrt: VectorFunction {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { x.squareRoot() }
    }

    /// `x * x`
    @usableFromInline struct Square: VectorFunction {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { x * x }
    }

    /// `SIMDMath.tanh`
    @usableFromInline struct Tanh: VectorFunction {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { SIMDMath.tanh(x) }
    }

    /// `SIMDMath.sigmoid`
    @usableFromInline struct Sigmoid: VectorFunction {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
            SIMDMath.sigmoid(x)
        }
    }

    /// `max(x, 0)`; NaN stays NaN.
    @usableFromInline struct Relu: VectorFunction {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
            SIMD16<Float>().replacing(with: x, where: .!(x .<= 0))
        }
    }

    /// `SIMDMath.elu`
    @usableFromInline struct Elu: VectorFunction {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { SIMDMath.elu(x) }
    }

    /// `SIMDMath.softplus`
    @usableFromInline struct Softplus: VectorFunction {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
            SIMDMath.softplus(x)
        }
    }

    /// `a * x`
    @usableFromInline struct Scale: VectorFunction {
        @usableFromInline let a: SIMD16<Float>
        @inlinable init(a: SIMD16<Float>) { self.a = a }
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { a * x }
    }

    /// `x * a + b` (fused)
    @usableFromInline struct Affine: VectorFunction {
        @usableFromInline let a: SIMD16<Float>
        @usableFromInline let b: SIMD16<Float>
        @inlinable init(a: SIMD16<Float>, b: SIMD16<Float>) { self.a = a; self.b = b }
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> {
            b.addingProduct(x, a)
        }
    }

    /// `(x - m) - l` (log-softmax from the row max and log-sum-exp)
    @usableFromInline struct Shift: VectorFunction {
        @usableFromInline let m: SIMD16<Float>
        @usableFromInline let l: SIMD16<Float>
        @inlinable init(m: SIMD16<Float>, l: SIMD16<Float>) { self.m = m; self.l = l }
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float> { (x - m) - l }
    }

    // MARK: derivatives d(x, y)

    /// d(-x) = -1
    @usableFromInline struct DNeg: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            SIMD16(repeating: -1)
        }
    }

    /// sign(x): 1, -1, or 0 (at 0 and NaN)
    @usableFromInline struct DAbs: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            SIMD16<Float>().replacing(with: 1, where: x .> 0).replacing(with: -1, where: x .< 0)
        }
    }

    /// d(e^x) = y
    @usableFromInline struct DExp: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            y
        }
    }

    /// d(log x) = 1 / x
    @usableFromInline struct DLog: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            1 / x
        }
    }

    /// d(sqrt x) = 0.5 / y
    @usableFromInline struct DSqrt: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            0.5 / y
        }
    }

    /// d(x^2) = 2x
    @usableFromInline struct DSquare: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            2 * x
        }
    }

    /// d(tanh x) = 1 - y^2
    @usableFromInline struct DTanh: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            1 - y * y
        }
    }

    /// d(sigmoid x) = y (1 - y)
    @usableFromInline struct DSigmoid: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            y * (1 - y)
        }
    }

    /// 1 where x > 0, else 0
    @usableFromInline struct DRelu: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            SIMD16<Float>().replacing(with: 1, where: x .> 0)
        }
    }

    /// 1 where x > 0, else y + 1
    @usableFromInline struct DElu: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            (y + 1).replacing(with: 1, where: x .> 0)
        }
    }

    /// d(softplus x) = sigmoid(x)
    @usableFromInline struct DSoftplus: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            SIMDMath.sigmoid(x)
        }
    }

    /// `a - c` (softmax backward: `dy - sum(dy * y)`)
    @usableFromInline struct MinusConst: VectorFunction2 {
        @usableFromInline let c: SIMD16<Float>
        @inlinable init(c: SIMD16<Float>) { self.c = c }
        @inlinable @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ unused: SIMD16<Float>) -> SIMD16<Float> {
            a - c
        }
    }

    // MARK: binary

    /// `a + b`
    @usableFromInline struct Add: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
            a + b
        }
    }

    /// `a - b`
    @usableFromInline struct Sub: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
            a - b
        }
    }

    /// `a * b`
    @usableFromInline struct Mul: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
            a * b
        }
    }

    /// `a / b`
    @usableFromInline struct Div: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
            a / b
        }
    }

    /// NaN-propagating `max` (`Swift.max` semantics otherwise: `b` on ties)
    @usableFromInline struct Max: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
            a.replacing(with: b, where: (b .>= a) .| (b .!= b))
        }
    }

    /// NaN-propagating `min` (`Swift.min` semantics otherwise: `a` on ties)
    @usableFromInline struct Min: VectorFunction2 {
        @inlinable @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
            a.replacing(with: b, where: (b .< a) .| (b .!= b))
        }
    }

    /// `y + alpha * x` (fused)
    @usableFromInline struct Axpy: VectorFunction2 {
        @usableFromInline let alpha: SIMD16<Float>
        @inlinable init(alpha: SIMD16<Float>) { self.alpha = alpha }
        @inlinable @inline(__always) func callAsFunction(_ x: SIMD16<Float>, _ y: SIMD16<Float>) -> SIMD16<Float> {
            y.addingProduct(alpha, x)
        }
    }

    /// `a * s - w * b` (dense cross-entropy gradient from stored exps)
    @usableFromInline struct ScaleMinus: VectorFunction2 {
        @usableFromInline let s: SIMD16<Float>
        @usableFromInline let w: SIMD16<Float>
        @inlinable init(s: SIMD16<Float>, w: SIMD16<Float>) { self.s = s; self.w = w }
        @inlinable @inline(__always) func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
            a * s - w * b
        }
    }
}
