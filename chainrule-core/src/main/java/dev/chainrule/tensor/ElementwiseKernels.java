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
}
