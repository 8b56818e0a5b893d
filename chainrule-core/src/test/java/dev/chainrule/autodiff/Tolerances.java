package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.fail;

import dev.chainrule.tensor.Tensor;
import java.util.Arrays;

/**
 * Named tolerance tiers for the engine's tests, each with its reason, and the assertions that
 * use them. A value passes when {@code |actual - expected| <= absolute + relative * |expected|};
 * NaN never passes, and an infinite expected value passes only when matched exactly.
 */
final class Tolerances {
    /** A relative and an absolute allowance. */
    record Tolerance(double relative, double absolute) {
        double allowance(double expected) {
            return absolute + relative * Math.abs(expected);
        }
    }

    /**
     * The same formula reached by another route (two modes, two orders of operations): only a
     * few roundings separate the results.
     */
    static final Tolerance SAME_FORMULA = new Tolerance(1e-12, 1e-14);

    /**
     * First derivatives against central finite differences with step cbrt(eps): truncation and
     * rounding are each near 4e-11 relative to the function's scale, so 1e-6 leaves a margin of
     * four orders for curvature and badly scaled points (STYLE.md 2.12).
     */
    static final Tolerance FINITE_DIFFERENCE = new Tolerance(1e-6, 1e-8);

    /**
     * Second derivatives against finite differences of gradients: one order looser, since the
     * difference quotient now divides gradient rounding by the step as well.
     */
    static final Tolerance SECOND_ORDER = new Tolerance(1e-5, 1e-7);

    /**
     * Third derivatives (nested recorded sweeps) against a central difference of the second
     * derivative: another order looser than {@link #SECOND_ORDER} for the same reason, and the
     * second derivatives of deep compositions reach 1e3 and more.
     */
    static final Tolerance THIRD_ORDER = new Tolerance(1e-4, 1e-6);

    /**
     * Values of special functions against reference values to 16 digits: a few ulps of the
     * result (our erf is a series and a continued fraction, each accurate to about 1e-16).
     */
    static final Tolerance REFERENCE_VALUE = new Tolerance(4e-16, 1e-300);

    private Tolerances() {}

    /** Fails with label, expected, actual, difference and allowance when not close. */
    static void assertClose(String label, double expected, double actual, Tolerance tolerance) {
        String problem = problem(expected, actual, tolerance);
        if (problem != null) {
            fail(label + ": " + problem);
        }
    }

    /**
     * Fails at the first element that is not close, naming its index; shapes must be equal.
     */
    static void assertClose(String label, Tensor expected, Tensor actual, Tolerance tolerance) {
        if (!expected.sameShape(actual)) {
            fail(label + ": expected shape " + Arrays.toString(expected.shape()) + ", actual "
                    + Arrays.toString(actual.shape()));
        }
        for (int i = 0; i < expected.size(); i++) {
            String problem = problem(expected.getFlat(i), actual.getFlat(i), tolerance);
            if (problem != null) {
                fail(label + "[" + i + "]: " + problem + "; expected " + expected + ", actual "
                        + actual);
            }
        }
    }

    /**
     * Fails unless the value is exactly zero (either sign): for conventions such as relu'(0) = 0,
     * where no tolerance applies.
     */
    static void assertExactlyZero(String label, double actual) {
        if (actual != 0.0) {
            fail(label + ": expected exactly 0, actual " + actual);
        }
    }

    /** Fails with the report (worst comparisons first) unless every comparison passes. */
    static void assertPasses(GradientCheckReport report, Tolerance tolerance) {
        if (!report.passes(tolerance.relative(), tolerance.absolute())) {
            fail("derivatives differ beyond rtol " + tolerance.relative() + ", atol "
                    + tolerance.absolute() + ": " + System.lineSeparator() + report);
        }
    }

    private static String problem(double expected, double actual, Tolerance tolerance) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return "expected " + expected + ", actual " + actual + " (NaN never matches)";
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual ? null
                    : "expected " + expected + ", actual " + actual + " (infinities must match)";
        }
        double difference = Math.abs(actual - expected);
        double allowance = tolerance.allowance(expected);
        if (difference <= allowance) {
            return null;
        }
        return "expected " + expected + ", actual " + actual + ", difference " + difference
                + " exceeds allowance " + allowance + " (atol " + tolerance.absolute()
                + " + rtol " + tolerance.relative() + " * |expected|)";
    }
}
