package dev.chainrule.fit;

import java.util.List;

/**
 * A nonlinear least-squares problem as the solver sees it: minimise the sum of squared
 * residuals over a few parameters. This interface is the solver's only access to the data.
 *
 * <p>The solver never asks for the residual vector or the Jacobian themselves, only for the
 * sum of squares at a trial point and for a {@link Linearization} (the triangular factor of
 * the Jacobian and the rotated residuals) at accepted points. Both are sums over rows, so an
 * implementation may hold its rows anywhere: in memory ({@link ModelProblem}), or split into
 * partitions on a distributed engine that each return their own linearization, combined with
 * {@link Linearization#stack}. The sum of squares of a partitioned problem is the sum of the
 * partitions' sums.
 */
public interface LeastSquaresProblem {
    /** Names of the parameters, in the order of the parameter arrays. */
    List<String> parameterNames();

    /** Number of observations (rows), the length of the residual vector. */
    int observationCount();

    /**
     * Number of observations that carry information: those with a non-zero weight. A row of
     * weight 0 adds nothing to the sum of squares or the Jacobian, so it must not add a degree
     * of freedom either (as in R's {@code nls}). The default, for unweighted problems, is
     * {@link #observationCount()}.
     */
    default int weightedObservationCount() {
        return observationCount();
    }

    /**
     * The sum of squared residuals at {@code parameters}. May be NaN or infinite where the
     * model is not finite; the solver then treats the point as a failed step.
     */
    double sumOfSquares(double[] parameters);

    /**
     * Residuals and exact Jacobian at {@code parameters}, reduced to their QR form.
     *
     * @throws NonFiniteModelException when a residual or a Jacobian entry is NaN or infinite,
     *     naming the row and the parameter
     */
    Linearization linearize(double[] parameters);

    /**
     * The total sum of squares of the (weighted) response about its (weighted) mean, for the
     * coefficient of determination; NaN when the problem has no response (a bare residual
     * function).
     */
    default double totalSumOfSquares() {
        return Double.NaN;
    }
}
