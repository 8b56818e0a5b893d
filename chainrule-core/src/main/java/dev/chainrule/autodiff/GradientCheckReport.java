package dev.chainrule.autodiff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a {@link GradientCheck}: every comparison it made between a derivative the
 * engine computed ({@code analytic}) and an independent reference value, with the worst one
 * singled out. Immutable.
 *
 * <p>Error measure. The relative error of one comparison is
 * {@code |analytic - reference| / max(1, |reference|)}: relative for derivatives larger than 1,
 * absolute below, so that a derivative that is 0 (where a finite difference gives rounding
 * noise of about 1e-10) does not count as a 100% error. A comparison in which either value is
 * NaN or infinite has error {@code +inf}: a finite difference cannot confirm an infinite
 * derivative, so such points must be checked by exact tests instead. {@link #worst()} is the
 * comparison with the largest such error. {@link #passes(double, double)} is the verdict and
 * uses the caller's tolerances instead: {@code |analytic - reference| <= atol + rtol *
 * |reference|} for every comparison.
 */
public final class GradientCheckReport {
    /** What was compared with what. */
    public enum Mode {
        /** An element of the reverse-mode gradient {@code J^T w} vs a central difference. */
        REVERSE("reverse mode vs central difference"),
        /** {@code w . (J e_j)} from a forward sweep vs the same central difference. */
        FORWARD("forward mode vs central difference"),
        /** {@code <w, J v>} along a random direction v vs a central difference along v. */
        DIRECTIONAL("forward mode along a random direction vs central difference"),
        /**
         * {@code <w, J v>} from forward mode (analytic) vs {@code <J^T w, v>} from reverse mode
         * (reference): equal in exact arithmetic, so only rounding separates them.
         */
        INNER_PRODUCT("forward <w, Jv> vs reverse <J^T w, v>"),
        /** A Hessian element (forward over reverse) vs a central difference of gradients. */
        HESSIAN("Hessian (forward over reverse) vs central difference of gradients"),
        /** A Hessian element (reverse over reverse) vs a central difference of gradients. */
        HESSIAN_REVERSE("Hessian (reverse over reverse) vs central difference of gradients");

        private final String description;

        Mode(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * One comparison.
     *
     * @param mode what was compared
     * @param input index of the input that moved, or -1 when all inputs moved along a random
     *     direction
     * @param element row-major index of the element that moved (for {@link Mode#HESSIAN} modes:
     *     of the gradient element that was differentiated), or -1 for a random direction
     * @param column for the Hessian modes, the row-major index of the element that moved;
     *     otherwise -1
     * @param analytic the engine's derivative
     * @param reference the finite difference, or for {@link Mode#INNER_PRODUCT} the
     *     reverse-mode side of the identity
     * @param step the finite-difference step, NaN for {@link Mode#INNER_PRODUCT}
     */
    public record Comparison(Mode mode, int input, int element, int column, double analytic,
            double reference, double step) {
        /** {@code |analytic - reference| / max(1, |reference|)}, +inf when either is not finite. */
        public double relativeError() {
            if (!Double.isFinite(analytic) || !Double.isFinite(reference)) {
                return Double.POSITIVE_INFINITY;
            }
            return Math.abs(analytic - reference) / Math.max(1.0, Math.abs(reference));
        }

        /** Whether {@code |analytic - reference| <= atol + rtol * |reference|}, both finite. */
        public boolean passes(double rtol, double atol) {
            return Double.isFinite(analytic) && Double.isFinite(reference)
                    && Math.abs(analytic - reference) <= atol + rtol * Math.abs(reference);
        }

        /** Where the comparison was made, in words: {@code "input 0, element 3"}. */
        public String location() {
            if (mode == Mode.HESSIAN || mode == Mode.HESSIAN_REVERSE) {
                return "row " + element + ", column " + column;
            }
            if (input < 0) {
                return "random direction";
            }
            return "input " + input + ", element " + element;
        }

        @Override
        public String toString() {
            String stepText = Double.isNaN(step) ? "" : " (step " + format(step) + ")";
            return location() + ", " + mode.description() + ": analytic " + analytic
                    + ", reference " + reference + stepText + ", relative error "
                    + format(relativeError());
        }
    }

    private static final int LISTED_IN_TEXT = 5;

    private final String subject;
    private final List<Comparison> comparisons;

    GradientCheckReport(String subject, List<Comparison> comparisons) {
        this.subject = subject;
        this.comparisons = List.copyOf(comparisons);
    }

    /** Every comparison, in the order they were made. */
    public List<Comparison> comparisons() {
        return comparisons;
    }

    /** The comparison with the largest {@link Comparison#relativeError()}. */
    public Comparison worst() {
        return comparisons.stream()
                .max(Comparator.comparingDouble(Comparison::relativeError))
                .orElseThrow();
    }

    /** The largest {@link Comparison#relativeError()}; +inf if any value was not finite. */
    public double worstRelativeError() {
        return worst().relativeError();
    }

    /**
     * Whether every comparison satisfies {@code |analytic - reference| <= atol + rtol *
     * |reference|} with both values finite. For smooth, well-scaled functions checked away from
     * kinks, rtol 1e-6 and atol 1e-8 pass with a wide margin (typical errors are 1e-9 to 1e-11).
     */
    public boolean passes(double rtol, double atol) {
        return failures(rtol, atol).isEmpty();
    }

    /** The comparisons that fail {@link #passes(double, double)}, worst first. */
    public List<Comparison> failures(double rtol, double atol) {
        List<Comparison> failing = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            if (!comparison.passes(rtol, atol)) {
                failing.add(comparison);
            }
        }
        failing.sort(Comparator.comparingDouble(Comparison::relativeError).reversed());
        return failing;
    }

    /**
     * A summary line (how many comparisons of each mode, the worst relative error), then the
     * five worst comparisons, one per line.
     */
    @Override
    public String toString() {
        Map<Mode, Integer> counts = new EnumMap<>(Mode.class);
        for (Comparison comparison : comparisons) {
            counts.merge(comparison.mode(), 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder();
        text.append(subject).append(" check: ").append(comparisons.size())
                .append(" comparisons ").append(countsText(counts))
                .append("; worst relative error ").append(format(worstRelativeError()));
        List<Comparison> sorted = new ArrayList<>(comparisons);
        sorted.sort(Comparator.comparingDouble(Comparison::relativeError).reversed());
        for (Comparison comparison : sorted.subList(0, Math.min(LISTED_IN_TEXT, sorted.size()))) {
            text.append(System.lineSeparator()).append("  ").append(comparison);
        }
        return text.toString();
    }

    private static String countsText(Map<Mode, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((mode, count) ->
                parts.add(mode.name().toLowerCase(Locale.ROOT) + " " + count));
        return "(" + String.join(", ", parts) + ")";
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
