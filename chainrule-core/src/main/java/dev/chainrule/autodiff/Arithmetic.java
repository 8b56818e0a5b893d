package dev.chainrule.autodiff;

import dev.chainrule.tensor.ElementwiseKernels;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;

/**
 * Arithmetic primitives: the four operations with broadcasting, constants, powers, elementwise
 * minimum and maximum, clamping and selection. Each op's value, reverse rule and forward rule
 * sit together; the local derivative is in the comment above each.
 *
 * <p>Reverse rules of broadcast operands sum the adjoint back to the operand's shape
 * ({@link Var#sumTo}); forward rules broadcast tangents up to the output's shape.
 */
final class Arithmetic {
    private Arithmetic() {}

    // ---------------------------------------------------------------- add, sub

    private static final Primitive ADD = new Primitive("add") {
        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].add(in[1]);
        }

        // d(a+b)/da = 1, d(a+b)/db = 1
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad.sumToShapeOf(in[0]), grad.sumToShapeOf(in[1])};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return sumOfTangents(t[0], t[1], out);
        }
    };

    private static final Primitive SUB = new Primitive("sub") {
        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].sub(in[1]);
        }

        // d(a-b)/da = 1, d(a-b)/db = -1
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {
                grad.sumToShapeOf(in[0]), grad.neg().sumToShapeOf(in[1])
            };
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return sumOfTangents(t[0], t[1] == null ? null : t[1].neg(), out);
        }
    };

    static Var add(Var a, Var b) {
        return Var.record(ADD, a.value.add(b.value), a, b);
    }

    static Var sub(Var a, Var b) {
        return Var.record(SUB, a.value.sub(b.value), a, b);
    }

    // ---------------------------------------------------------------- mul, div

    private static final Primitive MUL = new Primitive("mul") {
        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].mul(in[1]);
        }

        // d(ab)/da = b, d(ab)/db = a. Multiplied without NaN: an operand may be infinite or NaN
        // in a branch that where() did not select (x * log x at x = 0), and its zero adjoint
        // must stay zero.
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            Var a = in[0];
            Var b = in[1];
            return new Var[] {
                a.requiresGrad ? mulNoNan(grad, b).sumToShapeOf(a) : null,
                b.requiresGrad ? mulNoNan(grad, a).sumToShapeOf(b) : null
            };
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return sumOfTangents(
                    t[0] == null ? null : mulNoNan(t[0], in[1]),
                    t[1] == null ? null : mulNoNan(t[1], in[0]),
                    out);
        }
    };

    private static final Primitive DIV = new Primitive("div") {
        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].div(in[1]);
        }

        // d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -(a/b)/b
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            Var a = in[0];
            Var b = in[1];
            Var gradOverB = mulNoNan(grad, b.reciprocal());
            return new Var[] {
                a.requiresGrad ? gradOverB.sumToShapeOf(a) : null,
                b.requiresGrad ? mulNoNan(gradOverB, out).neg().sumToShapeOf(b) : null
            };
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            Var numerator = sumOfTangents(
                    t[0], t[1] == null ? null : mulNoNan(t[1], out).neg(), out);
            return mulNoNan(numerator, in[1].reciprocal());
        }
    };

    static Var mul(Var a, Var b) {
        return Var.record(MUL, a.value.mul(b.value), a, b);
    }

    static Var div(Var a, Var b) {
        return Var.record(DIV, a.value.div(b.value), a, b);
    }

    // ---------------------------------------------------------------- with constants

    /** {@code x + c}; its rules pass tangents and adjoints through unchanged. */
    private static final class AddConstant extends Primitive {
        private final double constant;

        AddConstant(double constant) {
            super("add");
            this.constant = constant;
        }

        @Override
        public String describe() {
            return "add(" + constant + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].add(constant);
        }

        // d(x+c)/dx = 1
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0];
        }
    }

    /** {@code c * x}. */
    private static final class MulConstant extends Primitive {
        private final double constant;

        MulConstant(double constant) {
            super("mul");
            this.constant = constant;
        }

        @Override
        public String describe() {
            return "mul(" + constant + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].mul(constant);
        }

        // d(cx)/dx = c
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad.mul(constant)};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].mul(constant);
        }
    }

    private static final Primitive NEG = new Primitive("neg") {
        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].neg();
        }

        // d(-x)/dx = -1
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad.neg()};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].neg();
        }
    };

    private static final Primitive RECIPROCAL = new Primitive("reciprocal") {
        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].map(x -> 1.0 / x);
        }

        // d(1/x)/dx = -1/x^2 = -out^2
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {mulNoNan(grad, out.square()).neg()};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return mulNoNan(t[0], out.square()).neg();
        }
    };

    static Var addConstant(Var x, double constant) {
        return Var.record(new AddConstant(constant), x.value.add(constant), x);
    }

    static Var mulConstant(Var x, double constant) {
        return Var.record(new MulConstant(constant), x.value.mul(constant), x);
    }

    static Var neg(Var x) {
        return Var.record(NEG, x.value.neg(), x);
    }

    static Var reciprocal(Var x) {
        return Var.record(RECIPROCAL, x.value.map(v -> 1.0 / v), x);
    }

    // ---------------------------------------------------------------- multiply, no NaN

    /**
     * {@code a * b}, except that the product is exactly 0 wherever {@code a} is 0, even if
     * {@code b} is infinite or NaN. Rules of ops with singular derivatives multiply their
     * incoming adjoint or tangent this way, so a branch that {@code where} did not select (its
     * adjoint is exactly 0) sends 0 onwards rather than 0 * inf = NaN.
     */
    private static final Primitive MUL_NO_NAN = new Primitive("mulNoNan") {
        @Override
        public Tensor forward(Tensor[] in) {
            return ElementwiseKernels.mulNoNan(in[0], in[1]);
        }

        // d(ab)/da = b, d(ab)/db = a, both with the same masking
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            Var a = in[0];
            Var b = in[1];
            return new Var[] {
                a.requiresGrad ? mulNoNan(grad, b).sumToShapeOf(a) : null,
                b.requiresGrad ? mulNoNan(grad, a).sumToShapeOf(b) : null
            };
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return sumOfTangents(
                    t[0] == null ? null : mulNoNan(t[0], in[1]),
                    t[1] == null ? null : mulNoNan(in[0], t[1]),
                    out);
        }
    };

    /** See {@link #MUL_NO_NAN}: {@code a * b}, exactly 0 where a is 0. */
    static Var mulNoNan(Var a, Var b) {
        return Var.record(MUL_NO_NAN, ElementwiseKernels.mulNoNan(a.value, b.value), a, b);
    }

    // ---------------------------------------------------------------- powers

    /**
     * {@code x^y} with a tensor exponent. d/dx = y x^(y-1), taken as 0 where y = 0 (also at
     * x = 0); d/dy = x^y ln x, taken as 0 where x = 0 (the limit along x -> 0+ for y > 0), NaN
     * where x < 0 since ln x is.
     */
    private static final Primitive POW = new Primitive("pow") {
        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].zip(in[1], "pow", Math::pow);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            Var x = in[0];
            Var y = in[1];
            return new Var[] {
                x.requiresGrad ? mulNoNan(grad, dPowDx(x, y)).sumToShapeOf(x) : null,
                y.requiresGrad ? mulNoNan(grad, dPowDy(x, out)).sumToShapeOf(y) : null
            };
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return sumOfTangents(
                    t[0] == null ? null : mulNoNan(t[0], dPowDx(in[0], in[1])),
                    t[1] == null ? null : mulNoNan(t[1], dPowDy(in[0], out)),
                    out);
        }
    };

    // y x^(y-1), with 0 (not 0 * inf = NaN) where y = 0 and x = 0: d/dx x^0 = 0 everywhere
    private static Var dPowDx(Var x, Var y) {
        return mulNoNan(y, x.pow(y.sub(1.0)));
    }

    private static Var dPowDy(Var x, Var out) {
        Tensor isZero = x.value.map(v -> v == 0 ? 1.0 : 0.0);
        // Where x = 0, take ln of 1 instead, then select 0: no -inf enters any product.
        Var safeX = Var.where(isZero, Var.constant(1.0), x);
        return Var.where(isZero, Var.constant(0.0), out.mul(safeX.log()));
    }

    /**
     * {@code x^p} for a constant p. d/dx = p x^(p-1), computed as a power with constant
     * exponent, so integer powers of negative bases work; p = 0 gives derivative 0 and
     * p = 1 gives 1 everywhere, and at x = 0 the derivative is 0 for p > 1: never NaN there.
     */
    private static final class PowConstant extends Primitive {
        private final double exponent;

        PowConstant(double exponent) {
            super("pow");
            this.exponent = exponent;
        }

        @Override
        public String describe() {
            return "pow(" + exponent + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return power(in[0], exponent);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {local(grad, in[0])};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return local(t[0], in[0]);
        }

        private Var local(Var incoming, Var x) {
            if (exponent == 0) {
                return Var.constant(Tensor.zeros(x.value.shape()));
            }
            if (exponent == 1) {
                return incoming;
            }
            if (exponent == 2) {
                return incoming.mul(x).mul(2.0);
            }
            return mulNoNan(incoming, x.pow(exponent - 1).mul(exponent));
        }
    }

    private static Tensor power(Tensor x, double exponent) {
        if (exponent == 2) {
            return x.mul(x);
        }
        return x.map(v -> Math.pow(v, exponent));
    }

    private static final Primitive SQUARE = new Primitive("square") {
        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].mul(in[0]);
        }

        // d(x^2)/dx = 2x
        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad.mul(in[0]).mul(2.0)};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].mul(in[0]).mul(2.0);
        }
    };

    static Var pow(Var x, Var y) {
        return Var.record(POW, POW.forward(new Tensor[] {x.value, y.value}), x, y);
    }

    static Var powConstant(Var x, double exponent) {
        return Var.record(new PowConstant(exponent), power(x.value, exponent), x);
    }

    static Var square(Var x) {
        return Var.record(SQUARE, x.value.mul(x.value), x);
    }

    // ---------------------------------------------------------------- min, max, clamp

    /**
     * Elementwise maximum or minimum. The derivative goes to the selected operand; at ties it is
     * split evenly (each gets one half), which keeps max(x, x) = x with derivative 1.
     */
    private static final class Extremum extends Primitive {
        private final boolean maximum;

        Extremum(boolean maximum) {
            super(maximum ? "maximum" : "minimum");
            this.maximum = maximum;
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].zip(in[1], name(), maximum ? Math::max : Math::min);
        }

        /** Share of the derivative that goes to the first operand: 1, 0, or 1/2 at ties. */
        private Tensor firstShare(Var[] in) {
            return in[0].value.zip(in[1].value, name(), (a, b) -> {
                if (a == b) {
                    return 0.5;
                }
                return (a > b) == maximum ? 1.0 : 0.0;
            });
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            Tensor share = firstShare(in);
            Tensor otherShare = share.neg().add(1.0);
            return new Var[] {
                grad.mul(Var.constant(share)).sumToShapeOf(in[0]),
                grad.mul(Var.constant(otherShare)).sumToShapeOf(in[1])
            };
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            Tensor share = firstShare(in);
            return sumOfTangents(
                    t[0] == null ? null : t[0].mul(Var.constant(share)),
                    t[1] == null ? null : t[1].mul(Var.constant(share.neg().add(1.0))),
                    out);
        }
    }

    private static final Extremum MAXIMUM = new Extremum(true);
    private static final Extremum MINIMUM = new Extremum(false);

    static Var maximum(Var a, Var b) {
        return Var.record(MAXIMUM, MAXIMUM.forward(new Tensor[] {a.value, b.value}), a, b);
    }

    static Var minimum(Var a, Var b) {
        return Var.record(MINIMUM, MINIMUM.forward(new Tensor[] {a.value, b.value}), a, b);
    }

    /** Clamp into [low, high]: derivative 1 inside and at the bounds, 0 outside. */
    private static final class Clamp extends Primitive {
        private final double low;
        private final double high;

        Clamp(double low, double high) {
            super("clamp");
            this.low = low;
            this.high = high;
        }

        @Override
        public String describe() {
            return "clamp(" + low + ", " + high + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return in[0].map(v -> Math.min(high, Math.max(low, v)));
        }

        private Var inside(Var x) {
            return Var.constant(x.value.map(v -> v >= low && v <= high ? 1.0 : 0.0));
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            return new Var[] {grad.mul(inside(in[0]))};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return t[0].mul(inside(in[0]));
        }
    }

    static Var clamp(Var x, double low, double high) {
        if (!(low <= high)) {
            throw new IllegalArgumentException(
                    "clamp: low bound " + low + " must not exceed high bound " + high);
        }
        Clamp op = new Clamp(low, high);
        return Var.record(op, op.forward(new Tensor[] {x.value}), x);
    }

    // ---------------------------------------------------------------- where

    /**
     * Selection by a fixed condition. The adjoint is routed, not multiplied: the branch not
     * taken receives exactly 0 at that element, so its own singular derivative never mixes in.
     */
    private static final class Where extends Primitive {
        private final Tensor condition;

        Where(Tensor condition) {
            super("where");
            this.condition = condition;
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return select(condition, in[0], in[1]);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            Var zero = Var.constant(0.0);
            return new Var[] {
                in[0].requiresGrad
                        ? Var.where(condition, grad, zero).sumToShapeOf(in[0]) : null,
                in[1].requiresGrad
                        ? Var.where(condition, zero, grad).sumToShapeOf(in[1]) : null
            };
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            Var zero = Var.constant(0.0);
            Var whenTrue = t[0] == null ? zero : t[0];
            Var whenFalse = t[1] == null ? zero : t[1];
            return Var.where(condition, whenTrue, whenFalse).broadcastTo(out.value.shape());
        }
    }

    private static Tensor select(Tensor condition, Tensor whenTrue, Tensor whenFalse) {
        int[] shape = Shape.broadcast(
                Shape.broadcast(condition.shape(), whenTrue.shape(), "where"),
                whenFalse.shape(), "where");
        Tensor c = condition.broadcastTo(shape);
        Tensor a = whenTrue.broadcastTo(shape);
        Tensor b = whenFalse.broadcastTo(shape);
        double[] result = new double[c.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = c.getFlat(i) != 0 ? a.getFlat(i) : b.getFlat(i);
        }
        return Tensor.of(shape, result);
    }

    static Var where(Tensor condition, Var whenTrue, Var whenFalse) {
        Where op = new Where(condition);
        return Var.record(op, select(condition, whenTrue.value, whenFalse.value),
                whenTrue, whenFalse);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Sum of two tangents either of which may be null (zero), broadcast to the output's shape.
     */
    static Var sumOfTangents(Var first, Var second, Var out) {
        Var sum;
        if (first == null) {
            sum = second;
        } else if (second == null) {
            sum = first;
        } else {
            sum = first.add(second);
        }
        if (!sum.value.sameShape(out.value)) {
            sum = sum.broadcastTo(out.value.shape());
        }
        return sum;
    }
}
