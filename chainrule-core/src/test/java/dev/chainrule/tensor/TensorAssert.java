package dev.chainrule.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/**
 * Tensor comparison for tests with relative plus absolute tolerance: an element passes when
 * {@code |actual - expected| <= absolute + relative * |expected|}. The failure names the label,
 * the index, both values, the difference and the allowance; NaN passes only against NaN.
 */
public final class TensorAssert {
    /** Same formula by another route, or exact arithmetic on small integers. */
    public static final double EXACT_RELATIVE = 1e-12;
    public static final double EXACT_ABSOLUTE = 1e-14;

    private TensorAssert() {}

    public static void assertClose(String label, Tensor expected, Tensor actual) {
        assertClose(label, expected, actual, EXACT_RELATIVE, EXACT_ABSOLUTE);
    }

    public static void assertClose(String label, Tensor expected, Tensor actual,
            double relative, double absolute) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            fail(label + ": expected shape " + Arrays.toString(expected.shape()) + " but got "
                    + Arrays.toString(actual.shape()) + " (" + actual + ")");
        }
        int[] strides = Shape.strides(expected.shape());
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i);
            double a = actual.getFlat(i);
            double allowance = absolute + relative * Math.abs(e);
            boolean nanMatch = Double.isNaN(e) && Double.isNaN(a);
            boolean infiniteMatch = Double.isInfinite(e) && e == a;
            if (!nanMatch && !infiniteMatch && !(Math.abs(a - e) <= allowance)) {
                int[] index = new int[strides.length];
                int rest = i;
                for (int axis = 0; axis < strides.length; axis++) {
                    index[axis] = rest / strides[axis];
                    rest %= strides[axis];
                }
                fail(label + ": at index " + Arrays.toString(index) + " expected " + e
                        + " but got " + a + " (difference " + Math.abs(a - e)
                        + ", allowance " + allowance + ")");
            }
        }
    }

    public static void assertClose(String label, double expected, double actual) {
        assertClose(label, Tensor.scalar(expected), Tensor.scalar(actual));
    }

    public static void assertClose(String label, double expected, double actual,
            double relative, double absolute) {
        assertClose(label, Tensor.scalar(expected), Tensor.scalar(actual), relative, absolute);
    }
}
