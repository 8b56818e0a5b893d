package dev.chainrule.autodiff;

import dev.chainrule.tensor.Tensor;
import java.util.Arrays;

/**
 * Linear-algebra primitives: matrix products (plain and batched), dot, outer, norm.
 *
 * <p>One primitive computes {@code op(A) op(B)}, where op transposes the last two axes when its
 * flag is set. Its reverse rules are products of the same kind with other flags
 * ({@code G B^T}, {@code A^T G}), so the backward pass never builds a transposed copy of a
 * large operand and stays differentiable for higher orders. 1-D operands are reshaped to a row
 * (first operand) or column (second operand) and the added axis removed afterwards, as in
 * NumPy.
 */
final class LinearAlgebra {
    private LinearAlgebra() {}

    /**
     * C = op(A) op(B), batch axes broadcast. With G the adjoint of C:
     * dA = G op(B)^T (stored transposed when A is), dB = op(A)^T G (likewise), each summed
     * over the batch axes its operand was broadcast along; the tangent is
     * op(tA) op(B) + op(A) op(tB).
     */
    private static final class MatMul extends Primitive {
        private final boolean transposeA;
        private final boolean transposeB;

        MatMul(boolean transposeA, boolean transposeB) {
            super("matmul");
            this.transposeA = transposeA;
            this.transposeB = transposeB;
        }

        @Override
        public String describe() {
            if (!transposeA && !transposeB) {
                return "matmul";
            }
            return "matmul(" + (transposeA ? "A^T" : "A") + ", " + (transposeB ? "B^T" : "B")
                    + ")";
        }

        @Override
        public Tensor forward(Tensor[] in) {
            return Tensor.matmul(in[0], transposeA, in[1], transposeB);
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            Var a = in[0];
            Var b = in[1];
            Var gradA = null;
            Var gradB = null;
            if (a.requiresGrad) {
                gradA = transposeA
                        ? product(b, transposeB, grad, true)
                        : product(grad, false, b, !transposeB);
                gradA = gradA.sumTo(a.value.shape());
            }
            if (b.requiresGrad) {
                gradB = transposeB
                        ? product(grad, true, a, transposeA)
                        : product(a, !transposeA, grad, false);
                gradB = gradB.sumTo(b.value.shape());
            }
            return new Var[] {gradA, gradB};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return Arithmetic.sumOfTangents(
                    t[0] == null ? null : product(t[0], transposeA, in[1], transposeB),
                    t[1] == null ? null : product(in[0], transposeA, t[1], transposeB),
                    out);
        }
    }

    private static final MatMul[] PRODUCTS = {
        new MatMul(false, false), new MatMul(false, true),
        new MatMul(true, false), new MatMul(true, true)
    };

    /** op(a) op(b) for operands of rank >= 2, recorded. */
    static Var product(Var a, boolean transposeA, Var b, boolean transposeB) {
        MatMul op = PRODUCTS[(transposeA ? 2 : 0) + (transposeB ? 1 : 0)];
        return Var.record(op, Tensor.matmul(a.value, transposeA, b.value, transposeB), a, b);
    }

    static Var matmul(Var a, Var b) {
        int rankA = a.value.rank();
        int rankB = b.value.rank();
        if (rankA > 2 && rankB == 2) {
            // A stack of matrices times one matrix is one tall product: rows of every batch
            // entry are contiguous, so [..., m, k] is viewed as [batch * m, k]. The reverse
            // rule then forms A^T G in one pass instead of a product per entry and a sum.
            int[] shape = Tensor.matmulShape(a.value.shape(), b.value.shape());
            int inner = a.value.shape(rankA - 1);
            int count = 1;
            for (int axis = 0; axis < rankA - 1; axis++) {
                count *= a.value.shape(axis);
            }
            Var rows = a.reshape(count, inner);
            return product(rows, false, b, false).reshape(shape);
        }
        if (rankA >= 2 && rankB >= 2) {
            return product(a, false, b, false);
        }
        int[] shape = Tensor.matmulShape(a.value.shape(), b.value.shape());
        Var lhs = rankA == 1 ? a.reshape(1, a.value.size()) : a;
        Var rhs = rankB == 1 ? b.reshape(b.value.size(), 1) : b;
        return product(lhs, false, rhs, false).reshape(shape);
    }

    /** a . b = sum_i a_i b_i for two vectors of equal length: a scalar. */
    static Var dot(Var a, Var b) {
        if (a.value.rank() != 1 || b.value.rank() != 1
                || a.value.size() != b.value.size()) {
            throw new IllegalArgumentException(
                    "dot: needs two vectors of equal length, got shapes "
                            + Arrays.toString(a.value.shape()) + " and "
                            + Arrays.toString(b.value.shape())
                            + "; use matmul for matrices");
        }
        return matmul(a, b);
    }

    /** outer(a, b)[i][j] = a_i b_j: a column times a row, by broadcasting multiplication. */
    static Var outer(Var a, Var b) {
        if (a.value.rank() != 1 || b.value.rank() != 1) {
            throw new IllegalArgumentException(
                    "outer: needs two vectors, got shapes " + Arrays.toString(a.value.shape())
                            + " and " + Arrays.toString(b.value.shape())
                            + "; reshape them to 1-D first");
        }
        return a.reshape(a.value.size(), 1).mul(b);
    }

    /**
     * Euclidean norm of all elements, ||x|| = s sqrt(sum (x_i / s)^2) with s = max |x_i|, so
     * neither the squares overflow (1e200) nor underflow (1e-200). d||x||/dx = x / ||x||.
     * Convention: at the zero tensor the gradient is 0 (a subgradient; the norm has a cone
     * point there) and so are all higher derivatives. Any NaN element gives NaN, wherever it
     * stands and even beside an infinite element; otherwise an infinite element gives an
     * infinite norm.
     */
    private static final Primitive NORM = new Primitive("norm") {
        @Override
        public Tensor forward(Tensor[] in) {
            return Tensor.scalar(safeNorm(in[0]));
        }

        @Override
        public Var[] vjp(Var grad, Var out, Var[] in) {
            // mulNoNan: x / ||x|| is NaN at an infinite element, and an adjoint of 0 from a
            // branch where() did not take must stay 0
            return new Var[] {Arithmetic.mulNoNan(grad, direction(in[0], out))};
        }

        @Override
        public Var jvp(Var[] t, Var out, Var[] in) {
            return Arithmetic.mulNoNan(t[0], direction(in[0], out)).sum();
        }
    };

    /** x / ||x||, or exactly 0 at the zero tensor. */
    private static Var direction(Var x, Var norm) {
        if (norm.value.item() == 0) {
            return Var.constant(Tensor.zeros(x.value.shape()));
        }
        return x.div(norm);
    }

    private static double safeNorm(Tensor x) {
        double scale = 0;
        for (int i = 0; i < x.size(); i++) {
            double magnitude = Math.abs(x.getFlat(i));
            if (Double.isNaN(magnitude)) {
                // NaN wins wherever it stands, also beside an infinity
                return Double.NaN;
            }
            scale = Math.max(scale, magnitude);
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        double sumOfSquares = 0;
        for (int i = 0; i < x.size(); i++) {
            double scaled = x.getFlat(i) / scale;
            sumOfSquares += scaled * scaled;
        }
        return scale * Math.sqrt(sumOfSquares);
    }

    static Var norm(Var x) {
        return Var.record(NORM, Tensor.scalar(safeNorm(x.value)), x);
    }
}
