package dev.chainrule.fit;

import java.util.List;

/**
 * The outcome of a least-squares fit: the parameters, their uncertainties, the quality of the
 * fit and the cost of getting there. Immutable by convention: the arrays are the result's own
 * and callers must not modify them.
 *
 * <p>Uncertainties come from the linearization at the solution: covariance
 * {@code s^2 (J^T J)^-1} with {@code s^2 = rss / dof}, evaluated from the SVD of the
 * column-scaled triangular factor of J, never by inverting {@code J^T J}. Confidence intervals
 * are {@code value +- t(0.975, dof) * stderr} with Student's t quantile. When J is rank
 * deficient, the parameters of each null direction are listed in {@link #nonIdentifiable()}
 * and their standard errors, intervals and correlations are NaN. With zero degrees of freedom
 * all standard errors and intervals are NaN (s^2 is undefined), while the correlations, which
 * do not depend on s^2, are still given.
 *
 * @param values fitted parameter values, in the order of {@code parameterNames}
 * @param standardErrors one per parameter
 * @param ci95Lower lower ends of the 95% confidence intervals
 * @param ci95Upper upper ends of the 95% confidence intervals
 * @param correlation the parameters' correlation matrix, n by n
 * @param rss residual (weighted) sum of squares
 * @param residualSd sqrt(rss / dof)
 * @param rSquared 1 - rss / total sum of squares; NaN when the problem has no response
 * @param observations rows with a non-zero weight (all rows when unweighted)
 * @param degreesOfFreedom observations minus parameters
 * @param rank numerical rank of the Jacobian at the solution
 * @param nonIdentifiable groups of parameters whose combinations the data do not determine
 * @param residualEvaluations evaluations of the residuals, counting those that came with a
 *     Jacobian
 * @param seconds wall-clock time of the fit, uncertainties included
 */
public record FitResult(
        List<String> parameterNames,
        double[] values,
        double[] standardErrors,
        double[] ci95Lower,
        double[] ci95Upper,
        double[][] correlation,
        double rss,
        double residualSd,
        double rSquared,
        int observations,
        int degreesOfFreedom,
        int rank,
        List<List<String>> nonIdentifiable,
        StopReason reason,
        int iterations,
        int residualEvaluations,
        int jacobianEvaluations,
        double seconds) {

    /** Whether a convergence test held (see {@link StopReason#converged()}). */
    public boolean converged() {
        return reason.converged();
    }

    /** The value of the named parameter. */
    public double value(String name) {
        return values[indexOf(name)];
    }

    /** The standard error of the named parameter. */
    public double standardError(String name) {
        return standardErrors[indexOf(name)];
    }

    private int indexOf(String name) {
        int index = parameterNames.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(
                    "fit: no parameter " + name + "; the parameters are " + parameterNames);
        }
        return index;
    }
}
