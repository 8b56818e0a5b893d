package dev.chainrule.tensor;

/**
 * Elementwise kernels that the autodiff rules need besides the four arithmetic operations, with
 * dedicated loops for the common layouts (two scalars, equal shapes, one scalar operand) so that
 * they cost what {@link Tensor#mul(Tensor)} costs.
 */
public final class ElementwiseKernels {
    private ElementwiseKernels() {}

    /**
     * The product {@code a * b} with broadcasting, except that it is exactly 0 wherever
     * {@code a} is 0, even where {@code b} is infinite or NaN. Derivative rules multiply an
     * adjoint or tangent ({@code a}) by a local derivative ({@code b}) this way, so a zero
     * adjoint (a branch that {@code where} did not select) stays zero instead of becoming
     * 0 * inf = NaN. NaN in {@code a} still gives NaN.
     *
     * @throws IllegalArgumentException when the shapes do not broadcast, naming both
     */
    public static Tensor mulNoNan(Tensor a, Tensor b) {
        double[] lhs = a.data;
        double[] rhs = b.data;
        if (a.shape.length == 0 && b.shape.length == 0) {
            return new Tensor(Shape.SCALAR, new double[] {product(lhs[0], rhs[0])});
        }
        int[] shape = Shape.broadcast(a.shape, b.shape, "mulNoNan");
        int size = Shape.size(shape);
        double[] result = new double[size];
        if (lhs.length == size && rhs.length == size) {
            for (int i = 0; i < size; i++) {
                result[i] = product(lhs[i], rhs[i]);
            }
        } else if (rhs.length == 1 && lhs.length == size) {
            double factor = rhs[0];
            for (int i = 0; i < size; i++) {
                result[i] = product(lhs[i], factor);
            }
        } else if (lhs.length == 1 && rhs.length == size) {
            double factor = lhs[0];
            for (int i = 0; i < size; i++) {
                result[i] = product(factor, rhs[i]);
            }
        } else {
            return Broadcasting.apply(a, b, "mulNoNan", ElementwiseKernels::product);
        }
        return new Tensor(shape, result);
    }

    private static double product(double a, double b) {
        return a == 0 ? 0.0 : a * b;
    }

    /**
     * First-order reverse rule of tanh, fused into one pass: {@code g * (1 - out^2)} elementwise,
     * with {@code out = tanh(x)}. Gives the same doubles as the rule written with var
     * operations; the engine uses it when the backward pass is not recorded.
     *
     * @throws IllegalArgumentException when the shapes differ
     */
    public static Tensor tanhChain(Tensor incoming, Tensor out) {
        double[] g = incoming.data;
        double[] y = sameSize(incoming, out, "tanh").data;
        double[] result = new double[g.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = g[i] * (1.0 - y[i] * y[i]);
        }
        return new Tensor(incoming.shape, result);
    }

    /**
     * First-order reverse rule of relu, fused: {@code g} where {@code x > 0}, else 0 (relu'(0)
     * = 0); NaN in x gives NaN.
     */
    public static Tensor reluChain(Tensor incoming, Tensor x) {
        double[] g = incoming.data;
        double[] input = sameSize(incoming, x, "relu").data;
        double[] result = new double[g.length];
        for (int i = 0; i < result.length; i++) {
            double v = input[i];
            result[i] = v > 0 ? g[i] : v <= 0 ? 0.0 * g[i] : Double.NaN;
        }
        return new Tensor(incoming.shape, result);
    }

    /**
     * First-order rule of log, fused: {@code g * (1 / x)}, exactly 0 where g is 0 (as
     * {@link #mulNoNan}).
     */
    public static Tensor logChain(Tensor incoming, Tensor x) {
        double[] g = incoming.data;
        double[] input = sameSize(incoming, x, "log").data;
        double[] result = new double[g.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = product(g[i], 1.0 / input[i]);
        }
        return new Tensor(incoming.shape, result);
    }

    /**
     * First-order rule of sqrt, fused: {@code g * ((1 / out) * 0.5)}, exactly 0 where g is 0.
     */
    public static Tensor sqrtChain(Tensor incoming, Tensor out) {
        double[] g = incoming.data;
        double[] y = sameSize(incoming, out, "sqrt").data;
        double[] result = new double[g.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = product(g[i], (1.0 / y[i]) * 0.5);
        }
        return new Tensor(incoming.shape, result);
    }

    private static Tensor sameSize(Tensor incoming, Tensor other, String operation) {
        if (!java.util.Arrays.equals(incoming.shape, other.shape)) {
            throw new IllegalArgumentException(
                    operation + ": the incoming adjoint or tangent has shape "
                            + java.util.Arrays.toString(incoming.shape)
                            + " but the operand has shape "
                            + java.util.Arrays.toString(other.shape));
        }
        return other;
    }
}
