package dev.chainrule.autodiff;

import dev.chainrule.tensor.Tensor;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise functions of one argument (and atan2). Each is a value function plus its local
 * derivative written with var operations; the reverse rule multiplies the adjoint by the local
 * derivative and the forward rule the tangent, so the local derivative is stated once.
 */
final class Elementary {
    private Elementary() {}

    /**
     * A unary elementwise primitive. {@code local} receives the input and output vars and
     * returns the local derivative d(out)/d(in). When {@code singular}, the derivative can be
     * infinite (log at 0, sqrt at 0), so it is applied with {@code mulNoNan} and a zero adjoint
     * stays zero.
     */
    static final class Unary extends Primitive {
        private final DoubleUnaryOperator function;
        private final BiFunction<Var, Var, Var> local;
        private final boolean singular;

        Unary(String name, DoubleUnaryOperator function, BiFunction<Var, Var, Var> local,
                boolean singular) {
            super(name);
            this.function = function;
            this.local = local;
            this.singular = singular;
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].map(function);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {times(grad, local.apply(in[0], out))};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return times(t[0], local.apply(in[0], out));
        }

        private Var times(Var incoming, Var derivative) {
            return singular ? Arithmetic.mulNoNan(incoming, derivative)
                    : incoming.mul(derivative);
        }

        Var apply(Var x) {
            return Var.record(this, x.value.map(function), x);
        }
    }

    // d/dx e^x = e^x
    private static final Unary EXP = new Unary("exp", Math::exp, (x, out) -> out, false);

    // d/dx tanh x = 1 - tanh^2 x
    private static final Unary TANH =
            new Unary("tanh", Math::tanh, (x, out) -> out.square().rsub(1.0), false);

    static Var exp(Var x) {
        return EXP.apply(x);
    }

    static Var tanh(Var x) {
        return TANH.apply(x);
    }

    static Var log(Var x) {
        throw new UnsupportedOperationException("log: being implemented");
    }

    static Var log1p(Var x) {
        throw new UnsupportedOperationException("log1p: being implemented");
    }

    static Var expm1(Var x) {
        throw new UnsupportedOperationException("expm1: being implemented");
    }

    static Var sqrt(Var x) {
        throw new UnsupportedOperationException("sqrt: being implemented");
    }

    static Var abs(Var x) {
        throw new UnsupportedOperationException("abs: being implemented");
    }

    static Var sin(Var x) {
        throw new UnsupportedOperationException("sin: being implemented");
    }

    static Var cos(Var x) {
        throw new UnsupportedOperationException("cos: being implemented");
    }

    static Var tan(Var x) {
        throw new UnsupportedOperationException("tan: being implemented");
    }

    static Var asin(Var x) {
        throw new UnsupportedOperationException("asin: being implemented");
    }

    static Var acos(Var x) {
        throw new UnsupportedOperationException("acos: being implemented");
    }

    static Var atan(Var x) {
        throw new UnsupportedOperationException("atan: being implemented");
    }

    static Var atan2(Var y, Var x) {
        throw new UnsupportedOperationException("atan2: being implemented");
    }

    static Var sinh(Var x) {
        throw new UnsupportedOperationException("sinh: being implemented");
    }

    static Var cosh(Var x) {
        throw new UnsupportedOperationException("cosh: being implemented");
    }

    static Var sigmoid(Var x) {
        throw new UnsupportedOperationException("sigmoid: being implemented");
    }

    static Var relu(Var x) {
        throw new UnsupportedOperationException("relu: being implemented");
    }

    static Var softplus(Var x) {
        throw new UnsupportedOperationException("softplus: being implemented");
    }

    static Var erf(Var x) {
        throw new UnsupportedOperationException("erf: being implemented");
    }
}
