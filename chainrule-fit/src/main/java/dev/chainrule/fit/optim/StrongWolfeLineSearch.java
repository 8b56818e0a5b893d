package dev.chainrule.fit.optim;

/**
 * A line search that finds a step length meeting the strong Wolfe conditions,
 * <pre>
 *   phi(alpha) <= phi(0) + c1 alpha phi'(0)        (sufficient decrease)
 *   |phi'(alpha)| <= c2 |phi'(0)|                   (curvature)
 * </pre>
 * following Nocedal and Wright, Numerical Optimization (2nd ed., 2006), Algorithm 3.5 (bracketing)
 * and Algorithm 3.6 (zoom), with the trial step inside a bracket chosen by the cubic
 * interpolation of their equation (3.59), safeguarded to stay away from the bracket's ends.
 * Outside a bracket the step doubles, up to {@code maxStep}.
 */
final class StrongWolfeLineSearch {
    /** phi(alpha) = f(x + alpha d) and its slope phi'(alpha) = grad f(x + alpha d) . d. */
    interface LineFunction {
        Point evaluate(double alpha);
    }

    /** One evaluated step: its length, value and slope, and the caller's full gradient. */
    record Point(double alpha, double value, double slope, double[] gradient) {}

    private final double c1;
    private final double c2;
    private final int maxEvaluations;
    private final double maxStep;
    private int evaluations;

    StrongWolfeLineSearch(double c1, double c2, int maxEvaluations, double maxStep) {
        this.c1 = c1;
        this.c2 = c2;
        this.maxEvaluations = maxEvaluations;
        this.maxStep = maxStep;
    }

    /** Evaluations used by the last search. */
    int evaluations() {
        return evaluations;
    }

    /**
     * Searches along a descent direction from {@code start} (alpha 0, slope < 0) beginning with
     * {@code initialStep}. Returns a point satisfying the strong Wolfe conditions, or, when the
     * evaluation budget runs out, the best point with sufficient decrease found; {@code null}
     * when there was none.
     */
    Point search(LineFunction phi, Point start, double initialStep) {
        evaluations = 0;
        Point previous = start;
        double alpha = Math.min(initialStep, maxStep);
        while (evaluations < maxEvaluations) {
            Point current = evaluate(phi, alpha);
            if (!Double.isFinite(current.value()) || !Double.isFinite(current.slope())) {
                // Stepped into overflow: treat as too long, and zoom back towards the start.
                return zoom(phi, start, previous, withValue(current, Double.POSITIVE_INFINITY));
            }
            if (!sufficientDecrease(start, current)
                    || (previous != start && current.value() >= previous.value())) {
                return zoom(phi, start, previous, current);
            }
            if (Math.abs(current.slope()) <= -c2 * start.slope()) {
                return current;
            }
            if (current.slope() >= 0) {
                return zoom(phi, start, current, previous);
            }
            previous = current;
            if (alpha >= maxStep) {
                return current;
            }
            alpha = Math.min(2 * alpha, maxStep);
        }
        return previous == start ? null : previous;
    }

    /**
     * Algorithm 3.6: {@code low} satisfies sufficient decrease and has the lowest value seen;
     * the bracket between low and high contains steps meeting the strong Wolfe conditions.
     */
    private Point zoom(LineFunction phi, Point start, Point low, Point high) {
        while (evaluations < maxEvaluations) {
            double alpha = interpolate(low, high);
            Point trial = evaluate(phi, alpha);
            if (!Double.isFinite(trial.value()) || !sufficientDecrease(start, trial)
                    || trial.value() >= low.value()) {
                high = trial;
            } else {
                if (Math.abs(trial.slope()) <= -c2 * start.slope()) {
                    return trial;
                }
                if (trial.slope() * (high.alpha() - low.alpha()) >= 0) {
                    high = low;
                }
                low = trial;
            }
            if (Math.abs(high.alpha() - low.alpha()) <= 1e-14 * Math.max(1, low.alpha())) {
                break;
            }
        }
        return low == start ? null : low;
    }

    /**
     * Minimiser of the cubic matching value and slope at both ends (Nocedal and Wright, eq.
     * 3.59), kept at least a tenth of the interval away from either end; bisection when the
     * cubic has no real minimiser or an end has no finite value.
     */
    private static double interpolate(Point a, Point b) {
        double lower = Math.min(a.alpha(), b.alpha());
        double upper = Math.max(a.alpha(), b.alpha());
        double margin = 0.1 * (upper - lower);
        double midpoint = 0.5 * (lower + upper);
        if (!Double.isFinite(a.value()) || !Double.isFinite(b.value())
                || !Double.isFinite(a.slope()) || !Double.isFinite(b.slope())) {
            return midpoint;
        }
        double d1 = a.slope() + b.slope() - 3 * (a.value() - b.value()) / (a.alpha() - b.alpha());
        double discriminant = d1 * d1 - a.slope() * b.slope();
        if (discriminant < 0) {
            return midpoint;
        }
        double d2 = Math.signum(b.alpha() - a.alpha()) * Math.sqrt(discriminant);
        double alpha = b.alpha() - (b.alpha() - a.alpha())
                * (b.slope() + d2 - d1) / (b.slope() - a.slope() + 2 * d2);
        if (!Double.isFinite(alpha)) {
            return midpoint;
        }
        return Math.min(Math.max(alpha, lower + margin), upper - margin);
    }

    private boolean sufficientDecrease(Point start, Point trial) {
        return trial.value() <= start.value() + c1 * trial.alpha() * start.slope();
    }

    private Point evaluate(LineFunction phi, double alpha) {
        evaluations++;
        return phi.evaluate(alpha);
    }

    private static Point withValue(Point point, double value) {
        return new Point(point.alpha(), value, Double.NaN, point.gradient());
    }
}
