package dev.chainrule.fit;

/**
 * Called by {@link LevenbergMarquardt} once per iteration (after each accepted step, and once
 * for the starting point), for progress displays. The library itself never prints.
 */
@FunctionalInterface
public interface IterationListener {
    /** One iteration's state; the parameter array is a copy the listener may keep. */
    record Iteration(int iteration, double sumOfSquares, double damping, double trustRadius,
            double[] parameters, int residualEvaluations) {}

    void onIteration(Iteration iteration);
}
